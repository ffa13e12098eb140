package io.bucketdigest.aws.dynamodb;

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
        return ObjectEvent.builder(bucket, key, eventName, time)
                .region("us-east-1").eTag(ETAG).size(42L).requestedBy("AWS:AIDAEXAMPLE", "203.0.113.15")
                .build();
    }

    static ObjectEvent put(String bucket, String key, Instant time) {
        return event(bucket, key, "ObjectCreated:Put", time);
    }

    static EventHistory.Recording recording(ObjectEvent event, String messageId, String... subscriptions) {
        return new EventHistory.Recording(event, List.of(subscriptions), messageId);
    }
}
