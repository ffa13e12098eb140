package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.TestEvents.T0;
import static io.bucketdigest.aws.dynamodb.TestEvents.event;
import static io.bucketdigest.aws.dynamodb.TestEvents.put;
import static io.bucketdigest.aws.dynamodb.TestEvents.recording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.EventRow;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory.Recording;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.MutableClock;
import io.bucketdigest.testing.RequestCounter;
import io.bucketdigest.testing.SharedMoto;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The operator's read side on moto, over items written by the functions' own adapters: lazy paging merged over the
 * bucket index's shards and over subscriptions, the range and filter bounds, expired items dropped, and the typed
 * digest, pending, parked and state reads.
 */
class DynamoDbHistoryReadsIT {

    private static final String BUCKET = "photos-prod";
    private static final String SUB = "photos";
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant NOW = T0.plus(Duration.ofHours(2));

    private static final RequestCounter COUNTER = new RequestCounter();
    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private MutableClock clock;
    private DynamoDbEventHistory history;
    private DynamoDbPendingEntries pending;
    private DynamoDbSubscriptionStates states;

    @BeforeAll
    static void startClients() {
        clients = new AwsTestClients(SharedMoto.get().endpoint(), COUNTER);
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void createTable() {
        dynamoDb = clients.dynamoDb();
        table = HistoryTableFixture.create(dynamoDb, "reads-" + UUID.randomUUID());
        clock = new MutableClock(NOW);
        history = new DynamoDbEventHistory(dynamoDb, table, RETENTION);
        pending = new DynamoDbPendingEntries(dynamoDb, table, RETENTION, clock);
        states = new DynamoDbSubscriptionStates(dynamoDb, table);
        COUNTER.reset();
    }

    private DynamoDbHistoryReads reads(int pageSize) {
        return new DynamoDbHistoryReads(dynamoDb, table, clock, pageSize, RequestFailures.transientFailures(table));
    }

    /** One event per minute back from T0, keys alternating logs/ and photos/, every third one removed. */
    private List<ObjectEvent> recordBucket(int count, Instant ingestedAt, String... subscriptions) {
        List<Recording> recordings = IntStream.range(0, count)
                .mapToObj(i -> {
                    String key = (i % 2 == 0 ? "logs/" : "photos/") + String.format("%03d", i);
                    String name = i % 3 == 0 ? "ObjectRemoved:Delete" : "ObjectCreated:Put";
                    return recording(event(BUCKET, key, name, T0.minus(Duration.ofMinutes(i))), "m-" + i,
                            subscriptions);
                })
                .toList();
        for (int from = 0; from < recordings.size(); from += 25) {
            history.record(recordings.subList(from, Math.min(recordings.size(), from + 25)), ingestedAt);
        }
        return recordings.stream().map(Recording::event).toList();
    }

    private static <T> List<T> drain(Iterator<T> rows) {
        List<T> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        return all;
    }

    @Test
    void bucketEvents_manyPagesPerShard_mergeNewestFirstAndReadPagesOnlyWhenReached() {
        // GIVEN 120 events over 16 shards, pages of 3
        List<ObjectEvent> events = recordBucket(120, NOW);
        COUNTER.reset();

        // WHEN the first 10 are taken
        Iterator<EventRow> rows = reads(3).bucketEvents(BUCKET, null, null, null, Set.of());
        List<EventRow> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(rows.next());
        }

        // THEN they are the 10 newest, and only the pages reached were read
        assertThat(first).extracting(r -> r.event().id()).containsExactlyElementsOf(
                events.subList(0, 10).stream().map(ObjectEvent::id).toList());
        long queriesForTen = COUNTER.count("Query");
        assertThat(queriesForTen).isLessThan(120 / 3);
        List<EventRow> rest = drain(rows);
        assertThat(rest).hasSize(110);
        assertThat(COUNTER.count("Query")).as("the rest reads more pages").isGreaterThan(queriesForTen);
        List<Instant> times = new ArrayList<>(first.stream().map(r -> r.event().eventTime()).toList());
        rest.forEach(r -> times.add(r.event().eventTime()));
        assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void bucketEvents_rangePrefixAndKind_boundTheQueryAndFilterServerSide() {
        List<ObjectEvent> events = recordBucket(40, NOW);
        Instant since = T0.minus(Duration.ofMinutes(20));
        Instant until = T0.minus(Duration.ofMinutes(5));

        List<EventRow> rows = drain(reads(7).bucketEvents(BUCKET, since, until, "logs/", Set.of(EventKind.REMOVED)));

        List<ObjectEvent> expected = events.stream()
                .filter(e -> !e.eventTime().isBefore(since) && !e.eventTime().isAfter(until))
                .filter(e -> e.key().startsWith("logs/") && e.kind() == EventKind.REMOVED)
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(rows).extracting(r -> r.event().id()).containsExactlyElementsOf(
                expected.stream().map(ObjectEvent::id).toList());
    }

    @Test
    void reads_dropItemsWhoseExpiryHasPassed_beforeTtlDeletesThem() {
        recordBucket(3, NOW);
        ObjectEvent expired = put(BUCKET, "old.jpg", T0.minusSeconds(30));
        history.record(List.of(recording(expired, "m-old")), NOW.minus(RETENTION).minusSeconds(1));

        assertThat(drain(reads(100).bucketEvents(BUCKET, null, null, null, Set.of()))).hasSize(3);
        assertThat(drain(reads(100).objectEvents(BUCKET, "old.jpg", null, null, Set.of()))).isEmpty();
    }

    @Test
    void objectEvents_newestFirstWithinSinceUntil_withIngestTimeAndSubscriptions() {
        ObjectEvent created = put(BUCKET, "cat.jpg", T0.minus(Duration.ofHours(3)));
        ObjectEvent tagged = event(BUCKET, "cat.jpg", "ObjectTagging:Put", T0.minus(Duration.ofHours(2)));
        ObjectEvent removed = event(BUCKET, "cat.jpg", "ObjectRemoved:Delete", T0.minus(Duration.ofHours(1)));
        history.record(List.of(recording(created, "m1", SUB), recording(tagged, "m2"), recording(removed, "m3", SUB)),
                NOW);

        List<EventRow> all = drain(reads(1).objectEvents(BUCKET, "cat.jpg", null, null, Set.of()));
        List<EventRow> middle = drain(reads(1).objectEvents(BUCKET, "cat.jpg", tagged.eventTime(),
                tagged.eventTime(), Set.of()));

        assertThat(all).extracting(EventRow::event).containsExactly(removed, tagged, created);
        assertThat(all.get(0).ingestedAt()).isEqualTo(NOW);
        assertThat(all.get(0).subscriptions()).containsExactly(SUB);
        assertThat(all.get(1).subscriptions()).isEmpty();
        assertThat(middle).extracting(EventRow::event).containsExactly(tagged);
    }

    @Test
    void digestReads_recordRefsNotesPendingAndState_areTypedAndMergedOverSubscriptions() {
        // GIVEN two subscriptions, each with a digest of its pending entries, one of them completed
        List<ObjectEvent> events = recordBucket(5, NOW, SUB, "other");
        new DynamoDbArrivalLedger(dynamoDb, table).noteArrivals(Set.of(SUB, "other"), NOW);
        DigestId completed = digest(SUB, NOW.plusSeconds(10), true);
        DigestId sent = digest("other", NOW.plusSeconds(20), false);
        DynamoDbHistoryReads reads = reads(1);

        // THEN the records, newest first over both subscriptions
        assertThat(drain(reads.digests(List.of(SUB, "other"), null, null)))
                .extracting(r -> r.record().id()).containsExactly(sent, completed);
        assertThat(drain(reads.digests(List.of(SUB, "other"), null, NOW.plusSeconds(15))))
                .extracting(r -> r.record().id()).containsExactly(completed);
        DigestRecord record = reads.digest(sent).orElseThrow();
        assertThat(record.subscriptionId()).isEqualTo("other");
        assertThat(record.status()).isEqualTo(DigestRecord.Status.SENT);
        assertThat(reads.digest(new DigestId("d-20261129T100000Z-0123456789abcdef0123"))).isEmpty();

        // AND its refs name the pending entries, still there for the digest not completed
        List<PendingRef> refs = reads.digestRefs(sent);
        assertThat(refs).hasSize(5);
        assertThat(refs).extracting(HistoryTable::pendingEventId)
                .containsExactlyInAnyOrderElementsOf(events.stream().map(e -> e.id().value()).toList());
        Map<PendingRef, EventRow> stillPending = reads.pendingEvents("other", refs);
        assertThat(stillPending.keySet()).containsExactlyInAnyOrderElementsOf(refs);
        assertThat(reads.pendingEvents(SUB, reads.digestRefs(completed))).isEmpty();
        assertThat(reads.pendingCount("other")).isEqualTo(5);
        assertThat(reads.pendingCount(SUB)).isZero();

        // AND the notes say which digest reported each event, for the subscription that completed
        List<EventRow> rows = drain(reads.bucketEvents(BUCKET, null, null, null, Set.of()));
        Map<String, Map<String, String>> notes = reads.digestNotes(rows);
        assertThat(notes).hasSize(5).allSatisfy((eventId, bySubscription) ->
                assertThat(bySubscription).containsExactly(Map.entry(SUB, completed.value())));

        // AND the state is typed
        SubscriptionStates.State state = reads.state("other").orElseThrow();
        assertThat(state.lastArrivalAt()).isEqualTo(NOW);
        assertThat(state.leaseOwner()).isNull();
        assertThat(reads.state("nobody")).isEmpty();
    }

    @Test
    void parkedEvents_ofAQuarantinedDigest_byRefWithCount() {
        recordBucket(4, NOW, SUB);
        List<PendingEntry> entries = pending.oldest(SUB, 100);
        DigestId id = new DigestId("d-20261129T110000Z-0123456789abcdef0123");
        pending.park(id, entries);
        DynamoDbHistoryReads reads = reads(1);

        Map<PendingRef, EventRow> parked = reads.parkedEvents(id);

        assertThat(parked.keySet())
                .containsExactlyInAnyOrderElementsOf(entries.stream().map(PendingEntry::ref).toList());
        parked.forEach((ref, row) -> assertThat(row.event().id().value()).isEqualTo(HistoryTable.pendingEventId(ref)));
        assertThat(reads.parkedCount(id)).isEqualTo(4);
    }

    @Test
    void failedRequest_isTranslatedByTheHook_namingItsAction() {
        DynamoDbHistoryReads reads = new DynamoDbHistoryReads(dynamoDb, "no-such-table-" + UUID.randomUUID(), clock,
                10, (action, failure) -> new IllegalStateException(action + " failed", failure));

        assertThatThrownBy(() -> reads.pendingCount(SUB)).isInstanceOf(IllegalStateException.class)
                .hasMessage("dynamodb:Query failed").hasCauseInstanceOf(SdkException.class);
        assertThatThrownBy(() -> reads.state(SUB)).hasMessage("dynamodb:GetItem failed");
        assertThatThrownBy(() -> reads.pendingEvents(SUB, List.of(new PendingRef(0, "x"))))
                .hasMessage("dynamodb:BatchGetItem failed");
    }

    /** A digest of every pending entry, as the sender writes it (minus SES). */
    private DigestId digest(String subscriptionId, Instant createdAt, boolean complete) {
        Clock at = Clock.fixed(createdAt, ZoneOffset.UTC);
        DynamoDbPendingEntries pending = new DynamoDbPendingEntries(dynamoDb, table, RETENTION, at);
        DynamoDbDigestRecords records = new DynamoDbDigestRecords(dynamoDb, table, RETENTION, at);
        Instant leaseUntil = createdAt.plusSeconds(300);
        states.acquire(subscriptionId, "reader-test", createdAt, leaseUntil).orElseThrow();
        Lease lease = new Lease(subscriptionId, "reader-test", leaseUntil);
        List<PendingEntry> entries = pending.oldest(subscriptionId, 100);
        DigestId id = DigestId.newId(createdAt, new Random(createdAt.getEpochSecond()));
        records.create(DigestRecord.sending(id, subscriptionId, entries.size(), T0.minusSeconds(600), T0, createdAt,
                List.of("ops@example.com")), entries.stream().map(PendingEntry::ref).toList(), lease);
        records.markSendStarted(id, createdAt, "subject", false, lease);
        records.markSent(id, "ses-1", createdAt, lease);
        if (complete) {
            pending.annotate(id, entries);
            pending.remove(subscriptionId, entries.stream().map(PendingEntry::ref).toList());
            records.complete(id, lease);
            long arrivals = states.read(subscriptionId).orElseThrow().arrivalSeq();
            states.release(lease, Optional.empty(), arrivals);
        } else {
            states.release(lease, Optional.of(T0), 0L);
        }
        return id;
    }
}
