package io.bucketdigest.core.digest;

import io.bucketdigest.core.event.EventKind;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Counts over one digest. {@code eventsByKind} counts distinct events (duplicates removed); {@code duplicatesIgnored}
 * counts deliveries that repeated an event already in the digest. {@code eventsPerMinute} is keyed by the minute
 * (truncated event time) and drives the activity chart.
 */
public record DigestSummary(
        int objects,
        int events,
        int duplicatesIgnored,
        Map<EventKind, Integer> eventsByKind,
        Map<ObjectStory.NetOutcome, Integer> objectsByOutcome,
        SortedMap<String, Integer> objectsByTopLevelPrefix,
        long bytesAdded,
        long bytesRemoved,
        Instant firstEventTime,
        Instant lastEventTime,
        SortedMap<Instant, Integer> eventsPerMinute,
        SortedSet<String> buckets) {

    public DigestSummary {
        eventsByKind = Map.copyOf(eventsByKind);
        objectsByOutcome = Map.copyOf(objectsByOutcome);
        objectsByTopLevelPrefix = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(objectsByTopLevelPrefix));
        eventsPerMinute = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(eventsPerMinute));
        buckets = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(buckets));
    }

    public int count(EventKind kind) {
        return eventsByKind.getOrDefault(kind, 0);
    }
}
