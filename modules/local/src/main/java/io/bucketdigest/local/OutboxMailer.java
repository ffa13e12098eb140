package io.bucketdigest.local;

import io.bucketdigest.core.render.MimeParts;
import io.bucketdigest.core.port.DigestMailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Sends through the real mailer (SES on the emulator), then keeps a copy of the raw message in the outbox. */
final class OutboxMailer implements DigestMailer {

    record Delivered(Path file, String subject, String sesMessageId) {}

    private final DigestMailer delegate;
    private final Path outbox;
    private final Consumer<Delivered> listener;

    OutboxMailer(DigestMailer delegate, Path outbox, Consumer<Delivered> listener) {
        this.delegate = delegate;
        this.outbox = outbox;
        this.listener = listener;
    }

    @Override
    public String send(Mail mail) {
        String messageId = delegate.send(mail);
        String raw = new String(mail.rawMessage(), StandardCharsets.UTF_8);
        String digestId = header(raw, "X-Bucket-Digest-Id");
        Path file = outbox.resolve((digestId == null ? messageId : digestId) + ".eml");
        try {
            Files.createDirectories(outbox);
            Files.write(file, mail.rawMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outbox copy " + file, e);
        }
        listener.accept(new Delivered(file, MimeParts.subject(raw), messageId));
        return messageId;
    }

    static String header(String raw, String name) {
        for (String line : raw.split("\r\n")) {
            if (line.isEmpty()) {
                return null;
            }
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }
}
