package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.TestEvents.T0;
import static io.bucketdigest.aws.dynamodb.TestEvents.put;
import static io.bucketdigest.aws.dynamodb.TestEvents.recording;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory.Outcome;
import io.bucketdigest.core.port.EventHistory.Recording;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.RequestCounter;
import io.bucketdigest.testing.RequestFaults;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

class DynamoDbEventHistoryIT {

    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Instant INGESTED = Instant.parse("2026-11-29T09:00:05.123456Z");

    private static final RequestCounter COUNTER = new RequestCounter();
    private static final RequestFaults FAULTS = new RequestFaults();
    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private DynamoDbEventHistory history;

    @BeforeAll
    static void startClients() {
        clients = new AwsTestClients(SharedMoto.get().endpoint(), COUNTER, FAULTS);
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void createTable() {
        dynamoDb = clients.dynamoDb();
        table = HistoryTableFixture.create(dynamoDb, "history-" + UUID.randomUUID());
        history = new DynamoDbEventHistory(dynamoDb, table, RETENTION);
        FAULTS.clear();
        COUNTER.reset();
    }

    private List<Map<String, AttributeValue>> items(String type) {
        return HistoryTableFixture.itemsOfType(dynamoDb, table, type);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static DynamoDbException serviceError() {
        return (DynamoDbException) DynamoDbException.builder()
                .statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError")
                        .errorMessage("injected").build())
                .build();
    }

    private void deleteItem(Map<String, AttributeValue> item) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
    }

    @Test
    void record_newEvent_writesTheHistoryItemAndOnePendingItemPerSubscriptionWithTheDocumentedKeys() {
        // GIVEN
        ObjectEvent event = put("photos-prod", "photos/red flower+%/x€.jpg", T0);

        // WHEN
        Map<EventId, Outcome> outcomes =
                history.record(List.of(recording(event, "m-1", "default", "photos")), INGESTED);
        Map<String, Long> calls = COUNTER.counts();

        // THEN one conditional put, one look-up of the object's previous version, one batch write of the two entries
        assertThat(calls).containsExactly(Map.entry("BatchWriteItem", 1L), Map.entry("PutItem", 1L),
                Map.entry("Query", 1L));
        assertThat(outcomes).containsExactly(Map.entry(event.id(), Outcome.NEW));
        String id = event.id().value();
        List<Map<String, AttributeValue>> events = items("EVENT");
        assertThat(events).hasSize(1);
        Map<String, AttributeValue> item = events.get(0);
        assertThat(s(item, "pk")).isEqualTo("OBJ#photos-prod#photos/red flower+%/x€.jpg");
        assertThat(s(item, "sk")).isEqualTo("EVT#2026-11-29T09:00:00.000000Z#" + id);
        assertThat(s(item, "gsi1pk")).isEqualTo(String.format("BKT#photos-prod#%02d", event.id().shard(16)));
        assertThat(s(item, "gsi1sk")).isEqualTo("2026-11-29T09:00:00.000000Z#" + id);
        assertThat(s(item, "eventId")).isEqualTo(id);
        assertThat(s(item, "objectKey")).isEqualTo("photos/red flower+%/x€.jpg");
        assertThat(s(item, "kind")).isEqualTo("CREATED");
        assertThat(s(item, "eventName")).isEqualTo("ObjectCreated:Put");
        assertThat(s(item, "messageId")).isEqualTo("m-1");
        assertThat(s(item, "ingestedAt")).isEqualTo("2026-11-29T09:00:05.123456Z");
        assertThat(item.get("size").n()).isEqualTo("42");
        assertThat(item.get("subscriptions").ss()).containsExactlyInAnyOrder("default", "photos");
        assertThat(item).doesNotContainKeys("versionId", "sequencer");
        assertThat(item.get("expiresAt").n())
                .isEqualTo(Long.toString(INGESTED.plus(Duration.ofDays(90)).getEpochSecond()));

        List<Map<String, AttributeValue>> pending = items("PENDING");
        assertThat(pending).extracting(p -> s(p, "pk")).containsExactlyInAnyOrder(
                "PENDING#default#" + event.id().shard(8), "PENDING#photos#" + event.id().shard(8));
        assertThat(pending).extracting(p -> s(p, "sk")).containsOnly("2026-11-29T09:00:05.123456Z#" + id);
        assertThat(pending).extracting(p -> s(p, "subscriptionId")).containsExactlyInAnyOrder("default", "photos");
        assertThat(pending).extracting(p -> s(p, "objectKey")).containsOnly("photos/red flower+%/x€.jpg");
        assertThat(pending).allSatisfy(p -> assertThat(p).doesNotContainKeys("gsi1pk", "gsi1sk"));
        assertThat(pending).as("work in progress never expires").allSatisfy(p -> assertThat(p)
                .doesNotContainKey("expiresAt"));
    }

    @Test
    void record_eventWithoutSubscriptions_writesOnlyTheHistoryItem() {
        // GIVEN
        ObjectEvent event = put("logs", "a.log", T0);

        // WHEN
        history.record(List.of(recording(event, "m-1")), INGESTED);
        Map<String, Long> calls = COUNTER.counts();

        // THEN
        assertThat(calls).containsExactly(Map.entry("PutItem", 1L), Map.entry("Query", 1L));
        assertThat(items("EVENT")).hasSize(1);
        assertThat(items("EVENT").get(0)).doesNotContainKey("subscriptions");
        assertThat(items("PENDING")).isEmpty();
    }

    @Test
    void record_sameEventsAgainLater_areDuplicatesAndChangeNothing() {
        // GIVEN
        List<Recording> recordings = List.of(
                recording(put("b", "one.txt", T0), "m-1", "default"),
                recording(put("b", "two.txt", T0), "m-2", "default"));
        history.record(recordings, INGESTED);
        List<Map<String, AttributeValue>> before = HistoryTableFixture.scanAll(dynamoDb, table);
        COUNTER.reset();

        // WHEN the same events come again, in another message, an hour later
        List<Recording> again = recordings.stream().map(r -> recording(r.event(), "m-9", "default")).toList();
        Map<EventId, Outcome> outcomes = history.record(again, INGESTED.plus(Duration.ofHours(1)));
        Map<String, Long> calls = COUNTER.counts();

        // THEN one failed conditional put and one look-up per event, one existence check of their entries, no write
        assertThat(calls).containsExactly(Map.entry("BatchGetItem", 1L), Map.entry("PutItem", 2L),
                Map.entry("Query", 2L));
        assertThat(outcomes.values()).containsOnly(Outcome.DUPLICATE).hasSize(2);
        assertThat(HistoryTableFixture.scanAll(dynamoDb, table)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void record_duplicateWhosePendingEntryIsMissingAndNeverReported_isRepairedAndReportedNew() {
        // GIVEN a first recording that crashed after the history put, before its pending entry
        ObjectEvent event = put("b", "crashed.txt", T0);
        history.record(List.of(recording(event, "m-1", "default")), INGESTED);
        Map<String, AttributeValue> pendingBefore = items("PENDING").get(0);
        deleteItem(pendingBefore);
        Map<String, AttributeValue> historyBefore = items("EVENT").get(0);

        // WHEN the message is redelivered later
        Map<EventId, Outcome> outcomes =
                history.record(List.of(recording(event, "m-1", "default")), INGESTED.plusSeconds(400));

        // THEN the pending entry is back, exactly as the first recording would have written it
        assertThat(outcomes).containsExactly(Map.entry(event.id(), Outcome.NEW));
        assertThat(items("PENDING")).containsExactly(pendingBefore);
        assertThat(items("EVENT")).containsExactly(historyBefore);
    }

    @Test
    void record_duplicateWhosePendingEntryWasAlreadyDigested_isNotRepaired() {
        // GIVEN the event was digested: pending entry deleted, a digest note written in the object's partition
        ObjectEvent event = put("b", "digested.txt", T0);
        history.record(List.of(recording(event, "m-1", "default")), INGESTED);
        deleteItem(items("PENDING").get(0));
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(HistoryTable.objectPk("b", "digested.txt")),
                "sk", AttributeValue.fromS(HistoryTable.noteSk(event.id(), "default")),
                "type", AttributeValue.fromS("NOTE"),
                "digestId", AttributeValue.fromS("d-20261129T091000Z-0a1b2c3d"))));

        // WHEN
        Map<EventId, Outcome> outcomes =
                history.record(List.of(recording(event, "m-2", "default")), INGESTED.plusSeconds(900));

        // THEN
        assertThat(outcomes).containsExactly(Map.entry(event.id(), Outcome.DUPLICATE));
        assertThat(items("PENDING")).isEmpty();
    }

    @Test
    void record_thirtyPendingEntries_areWrittenInBatchesOf25() {
        // GIVEN 30 events with one subscription each
        List<Recording> recordings = IntStream.range(0, 30)
                .mapToObj(i -> recording(put("bulk", "k" + i, T0.plusMillis(i)), "m-" + (i % 10), "default"))
                .toList();

        // WHEN
        Map<EventId, Outcome> outcomes = history.record(recordings, INGESTED);
        Map<String, Long> calls = COUNTER.counts();

        // THEN
        assertThat(calls).containsExactly(Map.entry("BatchWriteItem", 2L), Map.entry("PutItem", 30L),
                Map.entry("Query", 30L));
        assertThat(outcomes).hasSize(30);
        assertThat(outcomes.values()).containsOnly(Outcome.NEW);
        assertThat(items("EVENT")).hasSize(30);
        assertThat(items("PENDING")).hasSize(30);
    }

    @Test
    void record_onAPool_makesTheRequestsAtOnce_andReportsEveryEventAsOneAfterAnotherWould() throws Exception {
        // GIVEN 4 events recorded before (one of them lost its pending entry), 40 new ones of which one fails its put
        List<ObjectEvent> earlier = IntStream.range(0, 4).mapToObj(i -> put("b", "earlier-" + i, T0)).toList();
        history.record(earlier.stream().map(e -> recording(e, "m-0", "default")).toList(), INGESTED);
        deleteItem(items("PENDING").stream()
                .filter(i -> "earlier-0".equals(s(i, "objectKey"))).findFirst().orElseThrow());
        List<ObjectEvent> fresh = IntStream.range(0, 40).mapToObj(i -> put("b", "new-" + i, T0)).toList();
        FAULTS.failWhen(r -> r instanceof PutItemRequest p && "new-7".equals(s(p.item(), "objectKey")),
                DynamoDbEventHistoryIT::serviceError);
        List<Recording> batch = new ArrayList<>();
        earlier.forEach(e -> batch.add(recording(e, "m-1", "default")));
        fresh.forEach(e -> batch.add(recording(e, "m-2", "default")));
        // the first two puts wait for each other: they only both get through if they are in flight at once
        CountDownLatch twoPutsInFlight = new CountDownLatch(2);
        AtomicBoolean met = new AtomicBoolean(true);
        ExecutionInterceptor meetingPoint = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutItemRequest && twoPutsInFlight.getCount() > 0) {
                    twoPutsInFlight.countDown();
                    try {
                        met.compareAndSet(true, twoPutsInFlight.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        COUNTER.reset();
        try (AwsTestClients pooled = new AwsTestClients(SharedMoto.get().endpoint(), COUNTER, FAULTS, meetingPoint)) {
            DynamoDbEventHistory concurrent = new DynamoDbEventHistory(pooled.dynamoDb(), table, RETENTION, pool);

            // WHEN
            Map<EventId, Outcome> outcomes = concurrent.record(batch, INGESTED.plusSeconds(60));

            // THEN
            assertThat(met).isTrue();
            ObjectEvent poison = fresh.get(7);
            assertThat(outcomes).hasSize(44)
                    .containsEntry(poison.id(), Outcome.FAILED)
                    .containsEntry(earlier.get(0).id(), Outcome.NEW);
            earlier.subList(1, 4).forEach(e -> assertThat(outcomes).containsEntry(e.id(), Outcome.DUPLICATE));
            fresh.stream().filter(e -> e != poison).forEach(e -> assertThat(outcomes).containsEntry(e.id(), Outcome.NEW));
            // the same requests as one after another: 44 puts and look-ups, 39 new entries in 2 batches, 1 check,
            // 1 repair
            assertThat(COUNTER.counts()).containsExactly(Map.entry("BatchGetItem", 1L),
                    Map.entry("BatchWriteItem", 3L), Map.entry("PutItem", 44L), Map.entry("Query", 44L));
            assertThat(items("EVENT")).hasSize(43);
            assertThat(items("PENDING")).hasSize(43).extracting(i -> s(i, "objectKey")).doesNotContain("new-7");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void record_historyPutFailsForOneEvent_failsOnlyThatEvent() {
        // GIVEN every put of poison.txt fails with a service error
        FAULTS.failWhen(r -> r instanceof PutItemRequest p && "poison.txt".equals(s(p.item(), "objectKey")),
                DynamoDbEventHistoryIT::serviceError);
        ObjectEvent a = put("b", "a.txt", T0);
        ObjectEvent poison = put("b", "poison.txt", T0);
        ObjectEvent c = put("b", "c.txt", T0);

        // WHEN
        Map<EventId, Outcome> outcomes = history.record(List.of(recording(a, "m-1", "default"),
                recording(poison, "m-2", "default"), recording(c, "m-3", "default")), INGESTED);

        // THEN
        assertThat(outcomes).containsEntry(a.id(), Outcome.NEW).containsEntry(c.id(), Outcome.NEW)
                .containsEntry(poison.id(), Outcome.FAILED);
        assertThat(FAULTS.injectedFailures()).isEqualTo(1);
        assertThat(items("EVENT")).extracting(i -> s(i, "objectKey")).containsExactlyInAnyOrder("a.txt", "c.txt");
        assertThat(items("PENDING")).extracting(i -> s(i, "objectKey")).containsExactlyInAnyOrder("a.txt", "c.txt");
    }

    @Test
    void record_pendingWriteFails_reportsFailedAndTheRedeliveryCompletesTheRecording() {
        // GIVEN the pending-entry batch write fails once
        AtomicBoolean first = new AtomicBoolean(true);
        FAULTS.failWhen(r -> r instanceof BatchWriteItemRequest && first.getAndSet(false),
                DynamoDbEventHistoryIT::serviceError);
        ObjectEvent event = put("b", "a.txt", T0);
        Map<EventId, Outcome> firstAttempt = history.record(List.of(recording(event, "m-1", "default")), INGESTED);
        assertThat(firstAttempt).containsExactly(Map.entry(event.id(), Outcome.FAILED));
        assertThat(items("EVENT")).hasSize(1);
        assertThat(items("PENDING")).isEmpty();

        // WHEN SQS redelivers
        Map<EventId, Outcome> redelivery =
                history.record(List.of(recording(event, "m-1", "default")), INGESTED.plusSeconds(400));

        // THEN the pending entry is written with the first recording's time, and the event counts as new
        assertThat(redelivery).containsExactly(Map.entry(event.id(), Outcome.NEW));
        assertThat(items("PENDING")).extracting(i -> s(i, "sk"))
                .containsExactly("2026-11-29T09:00:05.123456Z#" + event.id().value());
        assertThat(items("EVENT")).hasSize(1);
    }

    @Test
    void record_tableMissing_reportsEveryEventFailed() {
        // GIVEN
        DynamoDbEventHistory missing = new DynamoDbEventHistory(dynamoDb, "no-such-table", RETENTION);

        // WHEN
        Map<EventId, Outcome> outcomes = missing.record(List.of(recording(put("b", "a", T0), "m-1")), INGESTED);

        // THEN
        assertThat(outcomes.values()).containsExactly(Outcome.FAILED);
    }

    @Test
    void record_customRetention_setsExpiresAtOnTheHistoryItemButNotOnThePendingEntry() {
        // GIVEN
        DynamoDbEventHistory shortLived = new DynamoDbEventHistory(dynamoDb, table, Duration.ofDays(7));

        // WHEN
        shortLived.record(List.of(recording(put("b", "a", T0), "m-1", "default")), INGESTED);

        // THEN
        long expected = INGESTED.plus(Duration.ofDays(7)).getEpochSecond();
        List<Map<String, AttributeValue>> all = HistoryTableFixture.scanAll(dynamoDb, table);
        assertThat(all).hasSize(2);
        assertThat(all).filteredOn(i -> s(i, "pk").startsWith("OBJ#"))
                .extracting(i -> i.get("expiresAt").n()).containsExactly(Long.toString(expected));
        assertThat(all).filteredOn(i -> s(i, "pk").startsWith("PENDING#"))
                .allSatisfy(i -> assertThat(i).doesNotContainKey("expiresAt")).hasSize(1);
    }

    @Test
    void record_tenEventsWithOneSubscription_writesTwentyItemsOfAtMostOneKilobyte() {
        // GIVEN 10 events with 120-character keys, one subscription each
        List<Recording> recordings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String key = "customers/acme-industries/2026/11/29/uploads/batch-" + i + "/" + "x".repeat(60) + ".parquet";
            recordings.add(recording(put("customer-uploads-prod", key, T0), "m-" + i, "default"));
        }

        // WHEN
        history.record(recordings, INGESTED);
        Map<String, Long> calls = COUNTER.counts();

        // THEN every item is at most 1 KB, so each write costs 1 WCU: 20 WCU for the batch (a transaction would
        // cost 40). moto reports no ConsumedCapacity, so the cost is derived from the stored item sizes.
        // (The key is stored twice in a history item, pk and objectKey: keys over ~400 bytes make it 2 KB.)
        // Each look-up is an eventually consistent Query of at most 4 such items: half a read unit.
        assertThat(calls).containsExactly(Map.entry("BatchWriteItem", 1L), Map.entry("PutItem", 10L),
                Map.entry("Query", 10L));
        List<Map<String, AttributeValue>> stored = HistoryTableFixture.scanAll(dynamoDb, table);
        assertThat(stored).hasSize(20);
        assertThat(stored).allSatisfy(item -> assertThat(ItemSize.upperBoundBytes(item)).isLessThanOrEqualTo(1024));
        assertThat(stored.stream().mapToInt(ItemSize::kilobytes).sum()).isEqualTo(20);
    }

    private static ObjectEvent sized(String eventName, String key, Instant time, Long size) {
        return ObjectEvent.builder("b", key, eventName, time).region("us-east-1").size(size).build();
    }

    private ObjectEvent pendingEventOf(ObjectEvent event) {
        return items("PENDING").stream().map(EventItems::toEvent).filter(e -> e.id().equals(event.id()))
                .findFirst().orElseThrow();
    }

    @Test
    void record_putOnAKeyTheHistoryKnows_carriesThePreviousVersionOnThePendingEntry() {
        // GIVEN the key was written an hour earlier
        ObjectEvent first = sized("ObjectCreated:Put", "a.txt", T0, 1_000L);
        history.record(List.of(recording(first, "m-1", "default")), INGESTED);

        // WHEN it is written again
        ObjectEvent again = sized("ObjectCreated:Put", "a.txt", T0.plusSeconds(3600), 1_500L);
        Map<EventId, Outcome> outcomes = history.record(List.of(recording(again, "m-2", "default")),
                INGESTED.plusSeconds(3600));

        // THEN
        assertThat(outcomes).containsExactly(Map.entry(again.id(), Outcome.NEW));
        assertThat(pendingEventOf(again).previous()).isEqualTo(new ObjectEvent.PreviousVersion(T0, 1_000L));
        assertThat(pendingEventOf(first).previous()).isNull();
        assertThat(items("EVENT")).allSatisfy(item -> assertThat(item).doesNotContainKey("previousSize"));
    }

    @Test
    void record_deleteWithoutSize_carriesTheLastKnownSizePastMetadataChanges() {
        // GIVEN a put with a size, then a tag change without one
        history.record(List.of(
                recording(sized("ObjectCreated:Put", "a.txt", T0, 21L), "m-1"),
                recording(sized("ObjectTagging:Put", "a.txt", T0.plusSeconds(5), null), "m-1")), INGESTED);

        // WHEN the object is deleted (S3 sends no size on a delete)
        ObjectEvent delete = sized("ObjectRemoved:Delete", "a.txt", T0.plusSeconds(60), null);
        history.record(List.of(recording(delete, "m-2", "default")), INGESTED.plusSeconds(60));

        // THEN the removal carries the size of the version it removed, and the time of the last event before it
        assertThat(pendingEventOf(delete).previous())
                .isEqualTo(new ObjectEvent.PreviousVersion(T0.plusSeconds(5), 21L));
    }

    @Test
    void record_putAfterADelete_isARecreateWithoutPreviousVersion() {
        history.record(List.of(
                recording(sized("ObjectCreated:Put", "a.txt", T0, 21L), "m-1"),
                recording(sized("ObjectRemoved:Delete", "a.txt", T0.plusSeconds(5), null), "m-1")), INGESTED);

        ObjectEvent recreate = sized("ObjectCreated:Put", "a.txt", T0.plusSeconds(60), 30L);
        history.record(List.of(recording(recreate, "m-2", "default")), INGESTED.plusSeconds(60));

        assertThat(pendingEventOf(recreate).previous()).isNull();
    }

    @Test
    void record_twoPutsOfOneKeyInOneBatch_theLaterReplacesTheEarlier_withOneLookUp() {
        // GIVEN the batch's events arrive in any order; the history orders them by event time
        ObjectEvent earlier = sized("ObjectCreated:Put", "a.txt", T0, 10L);
        ObjectEvent later = sized("ObjectCreated:Put", "a.txt", T0.plusSeconds(1), 20L);

        // WHEN
        history.record(List.of(recording(later, "m-1", "default"), recording(earlier, "m-1", "default")), INGESTED);

        // THEN
        assertThat(COUNTER.counts()).containsEntry("Query", 1L);
        assertThat(pendingEventOf(later).previous()).isEqualTo(new ObjectEvent.PreviousVersion(T0, 10L));
        assertThat(pendingEventOf(earlier).previous()).isNull();
    }

    @Test
    void record_lookUpFails_recordsTheEventWithoutPreviousVersion() {
        // GIVEN the key exists, and every Query fails
        history.record(List.of(recording(sized("ObjectCreated:Put", "a.txt", T0, 10L), "m-1")), INGESTED);
        FAULTS.failWhen(r -> r instanceof QueryRequest, DynamoDbEventHistoryIT::serviceError);

        // WHEN
        ObjectEvent again = sized("ObjectCreated:Put", "a.txt", T0.plusSeconds(60), 20L);
        Map<EventId, Outcome> outcomes = history.record(List.of(recording(again, "m-2", "default")),
                INGESTED.plusSeconds(60));

        // THEN the previous version is informational: the event is recorded, only without it
        assertThat(outcomes).containsExactly(Map.entry(again.id(), Outcome.NEW));
        assertThat(pendingEventOf(again).previous()).isNull();
    }
}
