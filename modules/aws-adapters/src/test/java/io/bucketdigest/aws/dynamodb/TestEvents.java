package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory;
import java.time.Instant;
import java.util.List;

/** Test data: object events as the normalizer would produce them, and recordings for the history port. */
final class TestEvents {

    static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");
    static final String ETAG = "d41d8cd98f00b204e9800998ecf8427e";

    private TestEvents() {}

    static ObjectEvent event(String bucket, String key, String eventName, Instant time) {
        EventId id = EventId.of("us-east-1", bucket, key, eventName, time, null, null, ETAG, 42L);
        return new ObjectEvent(id, bucket, key, EventKind.fromEventName(eventName).orElseThrow(), eventName, time,
                "us-east-1", null, null, ETAG, 42L, "AWS:AIDAEXAMPLE", "203.0.113.15");
    }

    static ObjectEvent put(String bucket, String key, Instant time) {
        return event(bucket, key, "ObjectCreated:Put", time);
    }

    static EventHistory.Recording recording(ObjectEvent event, String messageId, String... subscriptions) {
        return new EventHistory.Recording(event, List.of(subscriptions), messageId);
    }
}
