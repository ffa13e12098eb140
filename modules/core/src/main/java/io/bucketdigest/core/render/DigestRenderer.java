package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import java.util.Optional;

/**
 * Renders a {@link Digest} as an email: subject, text and HTML bodies showing at most {@code inlineLimit} entries,
 * and the complete list as a CSV attachment when there are more. A pure function of its input.
 */
public final class DigestRenderer {

    public RenderedDigest render(Digest digest, int inlineLimit) {
        if (inlineLimit < 0) {
            throw new IllegalArgumentException("inlineLimit must not be negative (got " + inlineLimit + ")");
        }
        String subject = SubjectLine.of(digest);
        String attachmentName = DigestCsv.fileName(digest.id());
        EntryGroups entries = EntryGroups.of(digest, inlineLimit);
        Optional<RenderedDigest.Attachment> attachment = digest.stories().size() > inlineLimit
                ? Optional.of(DigestCsv.attachment(digest))
                : Optional.empty();
        return new RenderedDigest(
                subject,
                TextBody.render(digest, entries, attachmentName),
                HtmlBody.render(digest, subject, entries, attachmentName),
                attachment);
    }
}
