package io.bucketdigest.core.digest;

import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the pending events of one subscription into a {@link Digest}: one {@link ObjectStory} per object (bucket and
 * key), sorted by key then bucket, plus the summary the renderers show.
 *
 * <ul>
 *   <li>Events with the same {@link EventId} count once; the extra deliveries are counted in
 *       {@link DigestSummary#duplicatesIgnored()}.
 *   <li>Each object's events are ordered by {@link EventOrder}: sequencer when all have one, else event time.
 *   <li>Byte counts: {@code bytesAdded} is the final size of objects that end written. S3 delete events carry no size,
 *       so {@code bytesRemoved} uses the size on the removal if present, else the last size seen for the object earlier
 *       in the same digest, else 0: it is a lower bound, and it counts bytes that stopped being the current object
 *       (a delete marker keeps the old version stored).
 * </ul>
 *
 * <p>The events are taken as given: the caller passes those already matched to the subscription at ingest. The
 * work is O(n log n) in the number of events.
 */
public final class DigestComposer {

    /** Phrases kept in one story line before the middle is elided. */
    public static final int DEFAULT_MAX_STORY_PHRASES = 12;

    private static final Comparator<ObjectStory> BY_KEY_THEN_BUCKET =
            Comparator.comparing(ObjectStory::key).thenComparing(ObjectStory::bucket);

    private final StoryWriter storyWriter;

    public DigestComposer() {
        this(DEFAULT_MAX_STORY_PHRASES);
    }

    /** @param maxStoryPhrases at least 2; longer stories keep their first phrases and their last one */
    public DigestComposer(int maxStoryPhrases) {
        if (maxStoryPhrases < 2) {
            throw new IllegalArgumentException("maxStoryPhrases must be at least 2 (got " + maxStoryPhrases + ")");
        }
        this.storyWriter = new StoryWriter(maxStoryPhrases);
    }

    /** @throws IllegalArgumentException when {@code events} is empty: check for pending entries before composing */
    public Digest compose(DigestId id, Subscription subscription, List<ObjectEvent> events, Instant createdAt) {
        return compose(id, subscription, events, createdAt, 0);
    }

    /**
     * With the number of events the subscription's exclusions kept out since the last digest that reported them.
     *
     * @throws IllegalArgumentException when {@code events} is empty: check for pending entries before composing
     */
    public Digest compose(DigestId id, Subscription subscription, List<ObjectEvent> events, Instant createdAt,
            long excludedCount) {
        return compose(id, subscription, events, createdAt, excludedCount, BurstPart.WHOLE, null);
    }

    /**
     * As the sender composes it: with the digest's {@code part} of its burst and the subscription's {@code delivery}
     * in words ({@link Subscription#describeDelivery}).
     *
     * @throws IllegalArgumentException when {@code events} is empty: check for pending entries before composing
     */
    public Digest compose(DigestId id, Subscription subscription, List<ObjectEvent> events, Instant createdAt,
            long excludedCount, BurstPart part, String delivery) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(createdAt, "createdAt");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a digest needs at least one event; check for pending entries first");
        }

        Map<EventId, ObjectEvent> distinct = new LinkedHashMap<>(events.size() * 2);
        for (ObjectEvent event : events) {
            distinct.putIfAbsent(event.id(), event);
        }
        int duplicates = events.size() - distinct.size();

        Map<ObjectRef, List<ObjectEvent>> byObject = new HashMap<>();
        for (ObjectEvent event : distinct.values()) {
            byObject.computeIfAbsent(new ObjectRef(event.bucket(), event.key()), ref -> new ArrayList<>()).add(event);
        }
        List<ObjectStory> stories = new ArrayList<>(byObject.size());
        for (Map.Entry<ObjectRef, List<ObjectEvent>> entry : byObject.entrySet()) {
            ObjectRef ref = entry.getKey();
            stories.add(storyWriter.write(ref.bucket(), ref.key(), EventOrder.sortedForOneObject(entry.getValue())));
        }
        stories.sort(BY_KEY_THEN_BUCKET);

        DigestSummary summary = summarize(stories, distinct.values(), duplicates);
        return new Digest(id, subscription.id(), subscription.describeFilters(), createdAt, stories, summary,
                subscription.timeZone(), new ExcludedEvents(excludedCount, subscription.exclusionPatterns()), part,
                delivery);
    }

    private static DigestSummary summarize(
            List<ObjectStory> stories, Iterable<ObjectEvent> distinct, int duplicates) {
        Map<EventKind, Integer> byKind = new EnumMap<>(EventKind.class);
        SortedMap<Instant, Integer> perMinute = new TreeMap<>();
        SortedSet<String> buckets = new TreeSet<>();
        Instant first = null;
        Instant last = null;
        int eventCount = 0;
        for (ObjectEvent event : distinct) {
            eventCount++;
            byKind.merge(event.kind(), 1, Integer::sum);
            perMinute.merge(event.eventTime().truncatedTo(ChronoUnit.MINUTES), 1, Integer::sum);
            buckets.add(event.bucket());
            first = first == null || event.eventTime().isBefore(first) ? event.eventTime() : first;
            last = last == null || event.eventTime().isAfter(last) ? event.eventTime() : last;
        }

        Map<NetOutcome, Integer> byOutcome = new EnumMap<>(NetOutcome.class);
        SortedMap<String, Integer> byPrefix = new TreeMap<>();
        long bytesAdded = 0;
        long bytesRemoved = 0;
        for (ObjectStory story : stories) {
            byOutcome.merge(story.outcome(), 1, Integer::sum);
            byPrefix.merge(story.topLevelPrefix(), 1, Integer::sum);
            bytesAdded += story.bytesAdded();
            bytesRemoved += story.bytesRemoved();
        }
        return new DigestSummary(
                stories.size(), eventCount, duplicates, byKind, byOutcome, byPrefix, bytesAdded, bytesRemoved, first,
                last, perMinute, buckets);
    }

    private record ObjectRef(String bucket, String key) {}
}
