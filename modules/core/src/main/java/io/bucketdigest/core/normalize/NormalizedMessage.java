package io.bucketdigest.core.normalize;

import io.bucketdigest.core.event.ObjectEvent;
import java.util.List;

/** What one queue message carried: object events, or the test event S3 sends when notifications are configured. */
public sealed interface NormalizedMessage {

    record Events(List<ObjectEvent> events) implements NormalizedMessage {
        public Events {
            events = List.copyOf(events);
        }
    }

    record TestEvent(String bucket) implements NormalizedMessage {}
}
