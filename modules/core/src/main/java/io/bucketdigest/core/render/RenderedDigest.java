package io.bucketdigest.core.render;

import java.util.Optional;

/** A digest rendered for email: subject, both bodies, and the full list as CSV when it does not fit inline. */
public record RenderedDigest(String subject, String text, String html, Optional<Attachment> attachment) {

    public record Attachment(String fileName, String contentType, byte[] content) {}
}
