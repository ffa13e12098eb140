package io.bucketdigest.core.sender;

import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.mailreader.MimeParts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SES in memory: refuses senders that are not verified identities (permanently, as SES does), can be told to fail
 * transiently, and keeps every accepted mail with what a recipient would read from it.
 */
final class FakeMailer implements DigestMailer {

    /** Keys the tests upload look like {@code obj/00042} (optionally with a suffix); the text part lists each. */
    static final Pattern KEY = Pattern.compile("obj/[0-9]{5}[a-z-]*");

    record Accepted(String messageId, Mail mail, MimeParts parts, Set<String> keys) {
        String digestId() {
            return parts.header(MimeMessageWriter.DIGEST_ID_HEADER);
        }
    }

    private final Set<String> verified = new HashSet<>();
    private final List<Accepted> accepted = new ArrayList<>();
    private int transientFailures;
    private String poisonKey;
    private int calls;

    FakeMailer(String... verifiedSenders) {
        verified.addAll(List.of(verifiedSenders));
    }

    synchronized void verify(String sender) {
        verified.add(sender);
    }

    synchronized void unverify(String sender) {
        verified.remove(sender);
    }

    synchronized void failTransientlyTimes(int times) {
        transientFailures = times;
    }

    /**
     * Every mail that lists {@code key} fails with an IllegalStateException: neither transient nor an SES refusal,
     * like an entry the digest cannot be built from. {@link #cure} lifts it.
     */
    synchronized void poison(String key) {
        poisonKey = key;
    }

    synchronized void cure() {
        poisonKey = null;
    }

    @Override
    public synchronized String send(Mail mail) {
        calls++;
        if (transientFailures > 0) {
            transientFailures--;
            throw new TransientFailureException("scripted: SES kept throttling");
        }
        if (!verified.contains(mail.from())) {
            throw new PermanentMailException("SES rejected the digest (Email address is not verified)", null);
        }
        MimeParts parts = MimeParts.parse(mail.rawMessage());
        Set<String> keys = new HashSet<>();
        // The attachment lists every object when the bodies could not (inline limit, size budget).
        Matcher matcher = KEY.matcher(parts.csv().orElse(parts.text()));
        while (matcher.find()) {
            keys.add(matcher.group());
        }
        if (poisonKey != null && keys.contains(poisonKey)) {
            throw new IllegalStateException("scripted: cannot build a digest that lists " + poisonKey);
        }
        String id = "ses-" + (accepted.size() + 1);
        accepted.add(new Accepted(id, mail, parts, keys));
        return id;
    }

    synchronized List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    synchronized int calls() {
        return calls;
    }
}
