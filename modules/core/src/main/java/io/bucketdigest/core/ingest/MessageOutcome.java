package io.bucketdigest.core.ingest;

import io.bucketdigest.core.event.EventId;
import java.util.List;

/** What became of one message. Only {@link Retry} sends it back to the queue. */
public sealed interface MessageOutcome {

    String messageId();

    record Recorded(String messageId, List<EventId> newEvents, List<EventId> duplicates) implements MessageOutcome {
        public Recorded {
            newEvents = List.copyOf(newEvents);
            duplicates = List.copyOf(duplicates);
        }
    }

    record TestEventAcknowledged(String messageId, String bucket) implements MessageOutcome {}

    /** Permanently malformed; handed to the rejected-message sink with its reason. */
    record Rejected(String messageId, String reason) implements MessageOutcome {}

    record Retry(String messageId, String reason) implements MessageOutcome {}
}
