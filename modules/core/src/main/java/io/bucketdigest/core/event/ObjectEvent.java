package io.bucketdigest.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One normalized S3 object event. Keys are always URL-decoded. Optional S3 fields are null when S3 (or the emulator)
 * did not send them; the accessors returning Optional say so explicitly.
 */
public record ObjectEvent(
        EventId id,
        String bucket,
        String key,
        EventKind kind,
        String eventName,
        Instant eventTime,
        String region,
        String versionId,
        String sequencer,
        String eTag,
        Long size,
        String requester,
        String sourceIp) {

    public ObjectEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    public Optional<Long> sizeBytes() {
        return Optional.ofNullable(size);
    }

    public Optional<String> sequencerValue() {
        return Optional.ofNullable(sequencer);
    }

    /** True when the object no longer exists after this event (a delete, a delete marker or a lifecycle expiry). */
    public boolean removesObject() {
        return kind == EventKind.REMOVED
                || kind == EventKind.DELETE_MARKER
                || (kind == EventKind.LIFECYCLE && eventName.contains("LifecycleExpiration"))
                || kind == EventKind.LOST;
    }

    public boolean createsObject() {
        return kind == EventKind.CREATED;
    }
}
