package io.bucketdigest.cli.aws;

import io.bucketdigest.cli.config.ResourceKind;
import java.util.Locale;
import java.util.Optional;

/**
 * The three dead-letter queues, each with the main queue its messages are replayed to. Two share a main queue: the
 * ingest queue's own dead-letter queue and the one where SNS parks notifications it could not deliver to it.
 */
public enum QueueRole {
    INGEST(ResourceKind.INGEST_QUEUE, ResourceKind.INGEST_DLQ, true),
    DELIVERY(ResourceKind.INGEST_QUEUE, ResourceKind.DELIVERY_DLQ, true),
    DIGEST(ResourceKind.DIGEST_QUEUE, ResourceKind.DIGEST_DLQ, false);

    private final ResourceKind main;
    private final ResourceKind deadLetter;
    private final boolean s3Notifications;

    QueueRole(ResourceKind main, ResourceKind deadLetter, boolean s3Notifications) {
        this.main = main;
        this.deadLetter = deadLetter;
        this.s3Notifications = s3Notifications;
    }

    /** The queue a replay sends to. */
    public ResourceKind main() {
        return main;
    }

    public ResourceKind deadLetter() {
        return deadLetter;
    }

    /** Whether the messages are S3 notifications (SNS envelope or raw S3 JSON) rather than digest signals. */
    public boolean carriesS3Notifications() {
        return s3Notifications;
    }

    /** The QUEUE argument: ingest, delivery, digest. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dead-letter queue's name in listings: ingest-dlq, delivery-dlq, digest-dlq. */
    public String deadLetterName() {
        return displayName() + "-dlq";
    }

    /** The main queue's name in listings: ingest (also for delivery) or digest. */
    public String mainName() {
        return main == ResourceKind.INGEST_QUEUE ? INGEST.displayName() : DIGEST.displayName();
    }

    /**
     * Why SQS's native redrive (StartMessageMoveTask) cannot move this queue's messages, or empty when it can. SQS only
     * redrives dead-letter queues of SQS queues; SNS, not SQS, moved messages into the delivery dead-letter queue.
     */
    public Optional<String> nativeRedriveUnsupported() {
        return this == DELIVERY
                ? Optional.of("StartMessageMoveTask does not serve a dead-letter queue whose source is an SNS "
                        + "subscription")
                : Optional.empty();
    }
}
