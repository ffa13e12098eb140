package io.bucketdigest.core.digest;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Test data: S3 object events with real {@link EventId}s, and a subscription and digest id to compose them with. */
public final class TestEvents {

    public static final String BUCKET = "my-bucket";
    public static final String REGION = "eu-west-1";
    public static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    public static final DigestId DIGEST_ID = new DigestId("d-20260301T091500Z-0000abcd");
    public static final Subscription SUBSCRIPTION =
            new Subscription("team-a", List.of("ops@example.com"), BUCKET, List.of(), Set.of(), null);

    private TestEvents() {}

    public static Builder event(String eventName, String key) {
        return new Builder(eventName, key);
    }

    public static Builder put(String key) {
        return event("ObjectCreated:Put", key);
    }

    public static Builder delete(String key) {
        return event("ObjectRemoved:Delete", key);
    }

    /** Events of one key in the given order: event i at T0 + i seconds with sequencer i + 1. */
    public static List<ObjectEvent> history(String key, String... eventNames) {
        List<ObjectEvent> events = new ArrayList<>(eventNames.length);
        for (int i = 0; i < eventNames.length; i++) {
            events.add(event(eventNames[i], key).atSecond(i).sequencer(sequencer(i + 1)).build());
        }
        return events;
    }

    public static String sequencer(long n) {
        return String.format(Locale.ROOT, "%018X", n);
    }

    public static Digest compose(List<ObjectEvent> events) {
        return new DigestComposer().compose(DIGEST_ID, SUBSCRIPTION, events, T0.plus(Duration.ofMinutes(15)));
    }

    public static final class Builder {
        private final String eventName;
        private final String key;
        private String bucket = BUCKET;
        private Instant time = T0;
        private String sequencer;
        private Long size;
        private String versionId;
        private String eTag;
        private String requester = "AWS:AIDAEXAMPLE";
        private String sourceIp = "192.0.2.10";
        private ObjectEvent.PreviousVersion previous;

        private Builder(String eventName, String key) {
            this.eventName = eventName;
            this.key = key;
        }

        public Builder bucket(String value) {
            bucket = value;
            return this;
        }

        public Builder at(Instant value) {
            time = value;
            return this;
        }

        public Builder atSecond(long secondsAfterT0) {
            return at(T0.plusSeconds(secondsAfterT0));
        }

        public Builder sequencer(String value) {
            sequencer = value;
            return this;
        }

        public Builder size(Long value) {
            size = value;
            return this;
        }

        public Builder size(long value) {
            return size(Long.valueOf(value));
        }

        public Builder versionId(String value) {
            versionId = value;
            return this;
        }

        public Builder eTag(String value) {
            eTag = value;
            return this;
        }

        public Builder requester(String value) {
            requester = value;
            return this;
        }

        public Builder sourceIp(String value) {
            sourceIp = value;
            return this;
        }

        /** The history knew the object before this event: last written at {@code eventTime}, {@code size} bytes. */
        public Builder replacing(Instant eventTime, Long size) {
            previous = new ObjectEvent.PreviousVersion(eventTime, size);
            return this;
        }

        public ObjectEvent build() {
            return ObjectEvent.builder(bucket, key, eventName, time)
                    .region(REGION).versionId(versionId).sequencer(sequencer).eTag(eTag).size(size)
                    .requestedBy(requester, sourceIp).previous(previous)
                    .build();
        }
    }
}
