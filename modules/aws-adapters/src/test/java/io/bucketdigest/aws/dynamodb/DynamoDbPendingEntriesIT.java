package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.TestEvents.T0;
import static io.bucketdigest.aws.dynamodb.TestEvents.put;
import static io.bucketdigest.aws.dynamodb.TestEvents.recording;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory.Recording;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.MutableClock;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pending entries on moto: they never expire, and a quarantined digest's entries are parked in the digest's partition,
 * read back equal, and put back (same refs, notes deleted) or dropped.
 */
class DynamoDbPendingEntriesIT {

    private static final String SUB = "photos";
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Instant INGESTED = Instant.parse("2026-11-29T09:00:05.123456Z");
    private static final DigestId DIGEST = new DigestId("d-20261129T100000Z-0123456789abcdef0123");

    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private DynamoDbEventHistory history;
    private DynamoDbPendingEntries pending;

    @BeforeAll
    static void startClients() {
        clients = new AwsTestClients(SharedMoto.get().endpoint());
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void createTable() {
        dynamoDb = clients.dynamoDb();
        table = HistoryTableFixture.create(dynamoDb, "pending-" + UUID.randomUUID());
        history = new DynamoDbEventHistory(dynamoDb, table, RETENTION);
        pending = new DynamoDbPendingEntries(dynamoDb, table, RETENTION,
                new MutableClock(Instant.parse("2026-11-29T10:00:00Z")));
    }

    /** Records {@code count} events (spread over several shards) for SUB and returns their pending entries. */
    private List<PendingEntry> recordEvents(int count) {
        List<Recording> recordings = IntStream.range(0, count)
                .mapToObj(i -> recording(put("photos-prod", "photos/" + i + ".jpg", T0.plusSeconds(i)), "m-" + i, SUB))
                .toList();
        history.record(recordings, INGESTED);
        List<PendingEntry> entries = pending.oldest(SUB, 100);
        assertThat(entries).hasSize(count);
        return entries;
    }

    private List<Map<String, AttributeValue>> items(String type) {
        return HistoryTableFixture.itemsOfType(dynamoDb, table, type);
    }

    private static List<EventId> ids(List<PendingEntry> entries) {
        return entries.stream().map(e -> e.event().id()).toList();
    }

    @Test
    void record_writesPendingItemsWithoutExpiry() {
        // WHEN
        recordEvents(5);

        // THEN the history items expire, the pending items (work in progress) do not
        assertThat(items("PENDING")).hasSize(5).allSatisfy(item -> assertThat(item).doesNotContainKey("expiresAt"));
        assertThat(items("EVENT")).hasSize(5).allSatisfy(item -> assertThat(item).containsKey("expiresAt"));
    }

    @Test
    void park_copiesTheEntriesIntoTheDigestPartition_andParkedReadsThemBackEqual() {
        // GIVEN
        List<PendingEntry> entries = recordEvents(6);
        assertThat(entries.stream().map(e -> e.ref().shard()).distinct().count()).isGreaterThan(1);

        // WHEN
        pending.park(DIGEST, entries);

        // THEN
        List<Map<String, AttributeValue>> parkedItems = items("PARKED");
        assertThat(parkedItems).hasSize(6).allSatisfy(item -> {
            assertThat(item.get("pk").s()).isEqualTo("DIGEST#" + DIGEST.value());
            assertThat(item.get("sk").s()).startsWith("PARKED#");
            assertThat(item).doesNotContainKey("expiresAt");
        });
        assertThat(parkedItems).extracting(item -> item.get("sk").s())
                .containsExactlyInAnyOrderElementsOf(entries.stream().map(e -> "PARKED#" + e.ref().encode()).toList());
        assertThat(pending.parked(DIGEST)).containsExactlyInAnyOrderElementsOf(entries);
        // parking copies: the pending items are still there until the digest removes them
        assertThat(pending.oldest(SUB, 100)).containsExactlyElementsOf(entries);
    }

    @Test
    void unpark_restoresThePendingItemsWithTheSameRefs_deletesTheirNotes_andDropsTheParkedCopies() {
        // GIVEN a digest that reported, parked and removed its entries
        List<PendingEntry> entries = recordEvents(4);
        pending.annotate(DIGEST, entries);
        assertThat(pending.reportedBefore(SUB, entries)).containsExactlyInAnyOrderElementsOf(ids(entries));
        pending.park(DIGEST, entries);
        pending.remove(SUB, entries.stream().map(PendingEntry::ref).toList());
        assertThat(pending.oldest(SUB, 100)).isEmpty();
        List<PendingEntry> parked = pending.parked(DIGEST);

        // WHEN
        pending.unpark(DIGEST, parked);

        // THEN
        assertThat(pending.oldest(SUB, 100)).containsExactlyElementsOf(entries);
        List<PendingRef> refs = entries.stream().map(PendingEntry::ref).toList();
        assertThat(pending.load(SUB, refs)).containsExactlyElementsOf(entries);
        assertThat(pending.reportedBefore(SUB, entries)).isEmpty();
        assertThat(items("NOTE")).isEmpty();
        assertThat(pending.parked(DIGEST)).isEmpty();
        assertThat(items("PARKED")).isEmpty();
        assertThat(items("PENDING")).hasSize(4).allSatisfy(item -> assertThat(item).doesNotContainKey("expiresAt"));
    }

    @Test
    void discardParked_dropsTheParkedCopiesOnly() {
        // GIVEN
        List<PendingEntry> entries = recordEvents(3);
        pending.annotate(DIGEST, entries);
        pending.park(DIGEST, entries);

        // WHEN
        pending.discardParked(DIGEST, entries);

        // THEN
        assertThat(pending.parked(DIGEST)).isEmpty();
        assertThat(items("PARKED")).isEmpty();
        assertThat(items("NOTE")).hasSize(3);
        assertThat(pending.oldest(SUB, 100)).containsExactlyElementsOf(entries);
    }

    @Test
    void parked_ofAnotherDigest_isEmpty() {
        // GIVEN
        List<PendingEntry> entries = recordEvents(2);
        pending.park(DIGEST, entries);

        // WHEN / THEN
        assertThat(pending.parked(new DigestId("d-20261129T100000Z-ffffffffffffffffffff"))).isEmpty();
    }

    @Test
    void park_keepsEveryEventField() {
        // GIVEN an event with a version id and a sequencer
        ObjectEvent event = new ObjectEvent(
                EventId.of("us-east-1", "photos-prod", "a b/ü.jpg", "ObjectCreated:Copy", T0, "v1", "00AB", "e", 7L),
                "photos-prod", "a b/ü.jpg", io.bucketdigest.core.event.EventKind.CREATED, "ObjectCreated:Copy", T0,
                "us-east-1", "v1", "00AB", "e", 7L, "AWS:AIDAEXAMPLE", "203.0.113.15");
        history.record(List.of(recording(event, "m-1", SUB)), INGESTED);
        List<PendingEntry> entries = pending.oldest(SUB, 10);

        // WHEN
        pending.park(DIGEST, entries);

        // THEN
        assertThat(pending.parked(DIGEST)).containsExactlyElementsOf(entries);
        assertThat(pending.parked(DIGEST).get(0).event()).isEqualTo(event);
    }

    @Test
    void oldest_mergesTheShardsByIngestTime_readingLittleMoreThanItReturns() {
        // GIVEN 240 entries over the 8 shards, ingested in 4 batches, read through a client that counts Query items
        for (int batch = 0; batch < 4; batch++) {
            int first = batch * 60;
            history.record(IntStream.range(first, first + 60)
                    .mapToObj(i -> recording(put("photos-prod", "bulk/" + i + ".jpg", T0.plusSeconds(i)), "m-" + i, SUB))
                    .toList(), INGESTED.plusSeconds(batch));
        }
        List<PendingEntry> everything = pending.oldest(SUB, 1000);
        assertThat(everything).hasSize(240).isSortedAccordingTo((a, b) -> a.ref().compareTo(b.ref()));
        assertThat(everything.stream().map(e -> e.ref().shard()).distinct()).hasSize(8);
        QueryItemCounter counter = new QueryItemCounter();
        try (AwsTestClients counted = new AwsTestClients(SharedMoto.get().endpoint(), counter)) {
            DynamoDbPendingEntries countedPending = new DynamoDbPendingEntries(counted.dynamoDb(), table, RETENTION,
                    new MutableClock(Instant.parse("2026-11-29T10:00:00Z")));

            // WHEN
            List<PendingEntry> oldest = countedPending.oldest(SUB, 100);

            // THEN the oldest 100 by ingest time, with at most a quarter more items read
            assertThat(oldest).containsExactlyElementsOf(everything.subList(0, 100));
            assertThat(counter.items.get()).isBetween(100L, 125L);
        }
    }

    /** Counts the items Query responses carry (what DynamoDB charges read units for). */
    private static final class QueryItemCounter implements ExecutionInterceptor {
        private final AtomicLong items = new AtomicLong();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof QueryResponse response) {
                items.addAndGet(response.items().size());
            }
        }
    }
}
