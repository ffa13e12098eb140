package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.event.ObjectEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every story of a digest as RFC 4180 CSV (CRLF line ends, UTF-8, one header row), written by {@link CsvWriter},
 * which guards each field against formula injection (keys are attacker-chosen). {@code size_before_bytes} is the size
 * the history knew the object by before the digest (an overwritten or removed object), blank when unknown or new.
 */
public final class DigestCsv {

    public static final String CONTENT_TYPE = "text/csv; charset=UTF-8";
    static final String HEADER =
            "bucket,key,story,outcome,events,final_size_bytes,first_event_time,last_event_time,event_ids,change,"
                    + "requesters,source_ips,size_before_bytes";

    private DigestCsv() {}

    public static String fileName(DigestId id) {
        return "digest-" + id.value() + ".csv";
    }

    public static RenderedDigest.Attachment attachment(Digest digest) {
        return new RenderedDigest.Attachment(
                fileName(digest.id()), CONTENT_TYPE, render(digest).getBytes(StandardCharsets.UTF_8));
    }

    public static String render(Digest digest) {
        StringBuilder out = new StringBuilder(HEADER.length() + 2 + digest.stories().size() * 160);
        CsvWriter csv = new CsvWriter(out, "\r\n");
        csv.row(List.of(HEADER.split(",")));
        for (ObjectStory story : digest.stories()) {
            Instant first = null;
            Instant last = null;
            StringBuilder ids = new StringBuilder(story.events().size() * 33);
            Set<String> requesters = new LinkedHashSet<>();
            Set<String> sourceIps = new LinkedHashSet<>();
            for (ObjectEvent event : story.events()) {
                requesters.add(Requesters.displayName(event));
                if (event.sourceIp() != null && !event.sourceIp().isBlank()) {
                    sourceIps.add(event.sourceIp());
                }
                first = first == null || event.eventTime().isBefore(first) ? event.eventTime() : first;
                last = last == null || event.eventTime().isAfter(last) ? event.eventTime() : last;
                if (ids.length() > 0) {
                    ids.append(' ');
                }
                ids.append(event.id().value());
            }
            csv.row(Arrays.asList(story.bucket(), story.key(), story.story(), story.outcome().name(),
                    Integer.toString(story.events().size()),
                    story.finalSize() == null ? "" : story.finalSize().toString(),
                    first == null ? "" : first.toString(), last == null ? "" : last.toString(), ids.toString(),
                    story.change().name(), String.join(" | ", requesters), String.join(" ", sourceIps),
                    story.sizeBefore() == null ? "" : story.sizeBefore().toString()));
        }
        return out.toString();
    }
}
