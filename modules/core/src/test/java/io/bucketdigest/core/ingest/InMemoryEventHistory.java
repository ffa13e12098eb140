package io.bucketdigest.core.ingest;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.TransientFailureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link EventHistory} in memory with the adapter's contract: an event is recorded once with its pending entries;
 * a recorded event comes back DUPLICATE and changes nothing. Failures can be scripted per event or for a whole call.
 */
public final class InMemoryEventHistory implements EventHistory {

    /** What the adapter stores per event: the event, its pending subscriptions, and the first message and time. */
    public record Stored(ObjectEvent event, List<String> pendingFor, String messageId, Instant ingestedAt) {}

    private final Map<EventId, Stored> stored = new LinkedHashMap<>();
    private final Set<EventId> failing = new HashSet<>();
    private final List<List<Recording>> calls = new ArrayList<>();
    private int callsToFail;

    @Override
    public synchronized Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt) {
        calls.add(List.copyOf(recordings));
        if (callsToFail > 0) {
            callsToFail--;
            throw new TransientFailureException("scripted: event history unavailable");
        }
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        for (Recording recording : recordings) {
            EventId id = recording.event().id();
            if (outcomes.containsKey(id)) {
                throw new IllegalArgumentException("one call recorded the same event twice: " + id);
            }
            if (failing.contains(id)) {
                outcomes.put(id, Outcome.FAILED);
            } else if (stored.containsKey(id)) {
                outcomes.put(id, Outcome.DUPLICATE);
            } else {
                stored.put(id, new Stored(recording.event(), recording.subscriptionIds(), recording.messageId(),
                        ingestedAt));
                outcomes.put(id, Outcome.NEW);
            }
        }
        return outcomes;
    }

    /** As the adapter: a duplicate names the subscriptions its first recording was made for. */
    @Override
    public synchronized Map<EventId, Recorded> recordWithSubscriptions(List<Recording> recordings, Instant ingestedAt) {
        Map<EventId, Stored> before = Map.copyOf(stored);
        Map<EventId, Outcome> outcomes = record(recordings, ingestedAt);
        Map<EventId, Recorded> result = new LinkedHashMap<>();
        for (Recording recording : recordings) {
            EventId id = recording.event().id();
            Stored earlier = before.get(id);
            List<String> subscriptions = earlier != null ? earlier.pendingFor() : recording.subscriptionIds();
            result.put(id, new Recorded(outcomes.get(id), subscriptions));
        }
        return result;
    }

    /** The next {@code count} calls throw {@link TransientFailureException}. */
    public synchronized void failNextCalls(int count) {
        callsToFail = count;
    }

    /** This event's writes report FAILED until {@link #heal(EventId)}. */
    public synchronized void failEvent(EventId id) {
        failing.add(id);
    }

    public synchronized void heal(EventId id) {
        failing.remove(id);
    }

    public synchronized Map<EventId, Stored> stored() {
        return Map.copyOf(stored);
    }

    public synchronized List<List<Recording>> calls() {
        return List.copyOf(calls);
    }
}
