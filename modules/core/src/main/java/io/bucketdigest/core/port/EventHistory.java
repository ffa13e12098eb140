package io.bucketdigest.core.port;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The durable record of every object event, and the pending entries the digest stage consumes. */
public interface EventHistory {

    /**
     * Records each event once, together with one pending entry per matching subscription, atomically per event. An
     * event recorded before is reported {@link Outcome#DUPLICATE} and nothing about it changes. Events whose write
     * failed for a transient reason are reported {@link Outcome#FAILED}; the rest of the call still succeeds.
     */
    Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt);

    record Recording(ObjectEvent event, List<String> subscriptionIds, String messageId) {
        public Recording {
            subscriptionIds = List.copyOf(subscriptionIds);
        }
    }

    enum Outcome {
        NEW,
        DUPLICATE,
        FAILED
    }
}
