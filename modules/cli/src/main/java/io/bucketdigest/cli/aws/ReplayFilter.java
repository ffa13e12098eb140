package io.bucketdigest.cli.aws;

import io.bucketdigest.core.event.ObjectEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * Which dead-letter messages a replay moves. Bucket and key prefix look inside the decoded S3 records (a message
 * matches when any of its records does); ages are measured from the message's SentTimestamp.
 */
public record ReplayFilter(String bucket, String keyPrefix, Duration olderThan, Duration newerThan) {

    public static final ReplayFilter NONE = new ReplayFilter(null, null, null, null);

    public boolean isEmpty() {
        return bucket == null && keyPrefix == null && olderThan == null && newerThan == null;
    }

    public boolean matches(DlqMessage message, Instant now) {
        if (olderThan != null || newerThan != null) {
            if (message.sentAt() == null) {
                return false;
            }
            Duration age = Duration.between(message.sentAt(), now);
            if (olderThan != null && age.compareTo(olderThan) < 0) {
                return false;
            }
            if (newerThan != null && age.compareTo(newerThan) > 0) {
                return false;
            }
        }
        if (bucket == null && keyPrefix == null) {
            return true;
        }
        if (message.decoded() instanceof DlqMessage.S3Events events) {
            for (ObjectEvent event : events.events()) {
                if ((bucket == null || bucket.equals(event.bucket()))
                        && (keyPrefix == null || event.key().startsWith(keyPrefix))) {
                    return true;
                }
            }
            return false;
        }
        if (message.decoded() instanceof DlqMessage.S3TestEvent test) {
            return keyPrefix == null && bucket.equals(test.bucket());
        }
        return false;
    }
}
