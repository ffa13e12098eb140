package io.bucketdigest.cli.aws;

import io.bucketdigest.cli.config.ResourceKind;

/** The two queue pairs: each dead-letter queue and the main queue its messages came from. */
public enum QueueRole {
    INGEST(ResourceKind.INGEST_QUEUE, ResourceKind.INGEST_DLQ),
    DIGEST(ResourceKind.DIGEST_QUEUE, ResourceKind.DIGEST_DLQ);

    private final ResourceKind main;
    private final ResourceKind deadLetter;

    QueueRole(ResourceKind main, ResourceKind deadLetter) {
        this.main = main;
        this.deadLetter = deadLetter;
    }

    public ResourceKind main() {
        return main;
    }

    public ResourceKind deadLetter() {
        return deadLetter;
    }

    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
