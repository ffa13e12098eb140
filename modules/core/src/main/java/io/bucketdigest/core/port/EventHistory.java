package io.bucketdigest.core.port;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The durable record of every object event, and the pending entries the digest stage consumes. */
public interface EventHistory {

    /**
     * The shortest retention that keeps exactly-once: a history item is the dedup record of its S3 event, so it must
     * outlive every possible redelivery. SQS keeps a message at most 14 days (a dead-letter queue included), so a
     * replay can come up to 14 days after the first delivery; with less, a replayed event would be recorded and mailed
     * as new. Pending entries and digests in flight never expire, whatever the retention.
     */
    int MIN_RETENTION_DAYS = 15;

    /**
     * Records each event once, together with one pending entry per matching subscription. An event recorded before is
     * reported {@link Outcome#DUPLICATE}. Events whose write failed for a transient reason are reported
     * {@link Outcome#FAILED}; the rest of the call still succeeds. Not atomic per event: see
     * {@link #recordWithSubscriptions}.
     */
    Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt);

    /**
     * As {@link #record}, and names the subscriptions each event is recorded for: the given ones for a new event, the
     * stored ones for a duplicate (a redelivery must signal the subscriptions its first recording wrote entries for,
     * even if the subscriptions changed since). Not atomic: the adapter writes the history item, then the pending
     * entries; a redelivered duplicate whose entries are missing and unreported gets them written again.
     */
    default Map<EventId, Recorded> recordWithSubscriptions(List<Recording> recordings, Instant ingestedAt) {
        Map<EventId, Outcome> outcomes = record(recordings, ingestedAt);
        Map<EventId, Recorded> result = new LinkedHashMap<>();
        for (Recording recording : recordings) {
            Outcome outcome = outcomes.get(recording.event().id());
            if (outcome != null) {
                result.putIfAbsent(recording.event().id(), new Recorded(outcome, recording.subscriptionIds()));
            }
        }
        return result;
    }

    record Recorded(Outcome outcome, List<String> subscriptionIds) {
        public Recorded {
            subscriptionIds = List.copyOf(subscriptionIds);
        }
    }

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
