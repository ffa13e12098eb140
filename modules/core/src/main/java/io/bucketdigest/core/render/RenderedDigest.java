package io.bucketdigest.core.render;

import java.util.Optional;

/**
 * A digest rendered for email: subject, both bodies, and the full list as CSV when it does not fit inline.
 *
 * @param subscriptionId the subscription the mail belongs to (its List-Id), or null for a mail outside any list
 */
public record RenderedDigest(
        String subject, String text, String html, Optional<Attachment> attachment, String subscriptionId) {

    /** A mail that belongs to no subscription: no List-Id, no List-Unsubscribe. */
    public RenderedDigest(String subject, String text, String html, Optional<Attachment> attachment) {
        this(subject, text, html, attachment, null);
    }

    public record Attachment(String fileName, String contentType, byte[] content) {}
}
