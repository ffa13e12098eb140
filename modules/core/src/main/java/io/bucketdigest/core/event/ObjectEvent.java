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
        String sourceIp,
        PreviousVersion previous) {

    /**
     * The object as the history knew it just before this event: it existed, its latest event before this one happened
     * at {@code eventTime}, and its last known size was {@code size} (null if no event told it). Absent (null) on an
     * event when the object did not exist before it (never seen, or its latest event removed it) or when the history
     * could not tell (the look-up failed, or the event was recorded before previous versions were looked up).
     */
    public record PreviousVersion(Instant eventTime, Long size) {
        public PreviousVersion {
            Objects.requireNonNull(eventTime, "eventTime");
        }
    }

    /** An event without a known previous version. */
    public ObjectEvent(EventId id, String bucket, String key, EventKind kind, String eventName, Instant eventTime,
            String region, String versionId, String sequencer, String eTag, Long size, String requester,
            String sourceIp) {
        this(id, bucket, key, kind, eventName, eventTime, region, versionId, sequencer, eTag, size, requester, sourceIp,
                null);
    }

    public ObjectEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    /**
     * An event of {@code eventName} on {@code bucket}/{@code key} at {@code eventTime}; the kind follows from the name
     * unless set, the optional S3 fields stay absent unless set, and the id is derived from the S3 fields as
     * {@link EventId#of} does unless set (a stored event keeps its own).
     */
    public static Builder builder(String bucket, String key, String eventName, Instant eventTime) {
        return new Builder(bucket, key, eventName, eventTime);
    }

    /** Names the optional fields of a wide record; {@link #build} checks what the record requires. */
    public static final class Builder {
        private final String bucket;
        private final String key;
        private final String eventName;
        private final Instant eventTime;
        private EventId id;
        private EventKind kind;
        private String region;
        private String versionId;
        private String sequencer;
        private String eTag;
        private Long size;
        private String requester;
        private String sourceIp;
        private PreviousVersion previous;

        private Builder(String bucket, String key, String eventName, Instant eventTime) {
            this.bucket = bucket;
            this.key = key;
            this.eventName = eventName;
            this.eventTime = eventTime;
        }

        public Builder id(EventId id) {
            this.id = id;
            return this;
        }

        public Builder kind(EventKind kind) {
            this.kind = kind;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder versionId(String versionId) {
            this.versionId = versionId;
            return this;
        }

        public Builder sequencer(String sequencer) {
            this.sequencer = sequencer;
            return this;
        }

        public Builder eTag(String eTag) {
            this.eTag = eTag;
            return this;
        }

        public Builder size(Long size) {
            this.size = size;
            return this;
        }

        /** Who made the request, as S3's userIdentity.principalId, and from where. */
        public Builder requestedBy(String requester, String sourceIp) {
            this.requester = requester;
            this.sourceIp = sourceIp;
            return this;
        }

        /** The object's version this event replaced or removed, as the history knew it (null: none or unknown). */
        public Builder previous(PreviousVersion previous) {
            this.previous = previous;
            return this;
        }

        public ObjectEvent build() {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(eventTime, "eventTime");
            EventKind resolvedKind = kind != null ? kind : EventKind.fromEventName(eventName).orElseThrow(
                    () -> new IllegalArgumentException("no kind follows from the event name " + eventName
                            + ": set it with kind(..)"));
            EventId resolvedId = id != null ? id
                    : EventId.of(region, bucket, key, eventName, eventTime, versionId, sequencer, eTag, size);
            return new ObjectEvent(resolvedId, bucket, key, resolvedKind, eventName, eventTime, region, versionId,
                    sequencer, eTag, size, requester, sourceIp, previous);
        }
    }

    /** This event with the object's previous version as the history knew it (null: none or unknown). */
    public ObjectEvent withPrevious(PreviousVersion previousVersion) {
        return new ObjectEvent(id, bucket, key, kind, eventName, eventTime, region, versionId, sequencer, eTag, size,
                requester, sourceIp, previousVersion);
    }

    public Optional<PreviousVersion> previousVersion() {
        return Optional.ofNullable(previous);
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
