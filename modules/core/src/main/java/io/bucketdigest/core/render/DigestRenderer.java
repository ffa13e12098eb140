package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import java.util.Optional;

/**
 * Renders a {@link Digest} as an email: subject, text and HTML bodies showing at most {@code inlineLimit} entries,
 * and the complete list as a CSV attachment when either body lists fewer (the HTML body also stops at its size budget).
 * A pure function of its input.
 */
public final class DigestRenderer {

    public RenderedDigest render(Digest digest, int inlineLimit) {
        if (inlineLimit < 0) {
            throw new IllegalArgumentException("inlineLimit must not be negative (got " + inlineLimit + ")");
        }
        String subject = SubjectLine.of(digest);
        String attachmentName = DigestCsv.fileName(digest.id());
        EntryGroups entries = EntryGroups.of(digest, inlineLimit);
        HtmlBody.Result html = HtmlBody.render(digest, subject, entries, attachmentName);
        TextBody.Result text = TextBody.render(digest, entries, html.listed(), attachmentName);
        Optional<RenderedDigest.Attachment> attachment = digest.stories().size() > text.listed()
                ? Optional.of(DigestCsv.attachment(digest))
                : Optional.empty();
        return new RenderedDigest(subject, text.text(), html.html(), attachment, digest.subscriptionId());
    }
}
