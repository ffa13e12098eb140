package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.TestEvents.T0;
import static io.bucketdigest.aws.dynamodb.TestEvents.event;
import static io.bucketdigest.aws.dynamodb.TestEvents.recording;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory.Recording;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Every access pattern docs/architecture.md lists, run with its documented key condition against moto. */
class HistoryTableAccessPatternsIT {

    private static final Duration RETENTION = Duration.ofDays(90);
    private static final Instant NOW = T0.plus(Duration.ofHours(1));

    private static AwsTestClients clients;

    private DynamoDbClient dynamoDb;
    private String table;
    private DynamoDbEventHistory history;

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
        table = HistoryTableFixture.create(dynamoDb, "patterns-" + UUID.randomUUID());
        history = new DynamoDbEventHistory(dynamoDb, table, RETENTION);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        return item.get(name).s();
    }

    @Test
    void objectHistory_queryOnTheObjectPartition_returnsItsEventsNewestFirstWithoutNotesOrExpiredItems() {
        // GIVEN three events of one object, one of another object, an expired one, and a digest note
        String key = "photos/red flower+%/x€.jpg";
        ObjectEvent created = event("b", key, "ObjectCreated:Put", T0);
        ObjectEvent tagged = event("b", key, "ObjectTagging:Put", T0.plusSeconds(10));
        ObjectEvent removed = event("b", key, "ObjectRemoved:Delete", T0.plusSeconds(20));
        ObjectEvent other = event("b", key + "-other", "ObjectCreated:Put", T0.plusSeconds(5));
        history.record(List.of(recording(created, "m-1"), recording(removed, "m-3"), recording(tagged, "m-2"),
                recording(other, "m-4")), T0);
        ObjectEvent ancient = event("b", key, "ObjectCreated:Copy", T0.minus(Duration.ofDays(100)));
        history.record(List.of(recording(ancient, "m-0")), T0.minus(Duration.ofDays(100)));
        dynamoDb.putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(HistoryTable.objectPk("b", key)),
                "sk", AttributeValue.fromS(HistoryTable.noteSk(created.id(), "default")),
                "type", AttributeValue.fromS("NOTE"),
                "digestId", AttributeValue.fromS("d-20261129T100000Z-0a1b2c3d"),
                "expiresAt", AttributeValue.fromN(Long.toString(NOW.plus(RETENTION).getEpochSecond())))));

        // WHEN  pk = OBJ#b#key AND begins_with(sk, "EVT#"), descending, filter expiresAt > now
        QueryResponse response = dynamoDb.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :evt)")
                .filterExpression("expiresAt > :now")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(HistoryTable.objectPk("b", key)),
                        ":evt", AttributeValue.fromS("EVT#"),
                        ":now", AttributeValue.fromN(Long.toString(NOW.getEpochSecond()))))
                .scanIndexForward(false));

        // THEN
        assertThat(response.items()).extracting(i -> s(i, "eventName"))
                .containsExactly("ObjectRemoved:Delete", "ObjectTagging:Put", "ObjectCreated:Put");
    }

    @Test
    void bucketTimeline_sixteenShardsMergedNewestFirst_paginatesThroughExactlyTheMatchingEvents() {
        // GIVEN 64 events in bucket b over 64 seconds (every 3rd removed, half under photos/), plus noise
        List<Recording> recordings = new ArrayList<>();
        List<ObjectEvent> all = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String key = (i % 2 == 0 ? "photos/" : "docs/") + "object-" + i;
            String name = i % 3 == 0 ? "ObjectRemoved:Delete" : "ObjectCreated:Put";
            ObjectEvent e = event("b", key, name, T0.plusSeconds(i));
            all.add(e);
            recordings.add(recording(e, "m-" + i));
        }
        recordings.add(recording(event("other-bucket", "photos/x", "ObjectCreated:Put", T0.plusSeconds(30)), "m-x"));
        history.record(recordings, T0);
        ObjectEvent expired = event("b", "photos/expired", "ObjectCreated:Put", T0.plusSeconds(31));
        history.record(List.of(recording(expired, "m-old")), NOW.minus(Duration.ofDays(91)));
        Instant from = T0.plusSeconds(10);
        Instant to = T0.plusSeconds(50);

        // WHEN paging with 5 items per page through [from, to), prefix photos/, kind CREATED
        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Map<Integer, BucketTimeline.ShardCursor> cursor = null;
        do {
            BucketTimeline.Page page = BucketTimeline.page(dynamoDb, table, "b", from, to, "photos/",
                    Set.of(EventKind.CREATED), NOW, 5, cursor);
            page.items().forEach(i -> seen.add(s(i, "objectKey")));
            pageSizes.add(page.items().size());
            cursor = page.next();
        } while (cursor != null);

        // THEN
        List<String> expected = all.stream()
                .filter(e -> !e.eventTime().isBefore(from) && e.eventTime().isBefore(to))
                .filter(e -> e.key().startsWith("photos/") && e.kind() == EventKind.CREATED)
                .sorted(Comparator.comparing(ObjectEvent::eventTime).reversed())
                .map(ObjectEvent::key)
                .toList();
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pageSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(5));
        assertThat(pageSizes.size()).isGreaterThanOrEqualTo((expected.size() + 4) / 5);
        Set<String> shardsUsed = new HashSet<>();
        HistoryTableFixture.itemsOfType(dynamoDb, table, "EVENT").forEach(i -> shardsUsed.add(s(i, "gsi1pk")));
        assertThat(shardsUsed.stream().filter(pk -> pk.startsWith("BKT#b#")).count()).isGreaterThan(8);
    }

    @Test
    void pendingEntries_queryOfTheEightShards_findsEveryPendingEntryOfTheSubscriptionOldestFirst() {
        // GIVEN 40 events for "default", recorded in four batches; 5 events for "photos"
        for (int batch = 0; batch < 4; batch++) {
            List<Recording> recordings = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                recordings.add(recording(event("b", "k" + batch + "-" + i, "ObjectCreated:Put", T0), "m", "default"));
            }
            history.record(recordings, T0.plusSeconds(batch));
        }
        List<Recording> photos = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            photos.add(recording(event("b", "photos/" + i, "ObjectCreated:Put", T0), "m", "photos"));
        }
        history.record(photos, T0);

        // WHEN  pk = PENDING#default#n for n in 0..7, ascending, strongly consistent
        Map<Integer, List<String>> byShard = new HashMap<>();
        for (int shard = 0; shard < HistoryTable.PENDING_SHARDS; shard++) {
            String pk = HistoryTable.pendingPk("default", shard);
            QueryResponse response = dynamoDb.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                    .consistentRead(true)
                    .scanIndexForward(true));
            byShard.put(shard, response.items().stream().map(i -> s(i, "sk")).toList());
        }

        // THEN
        assertThat(byShard.values().stream().mapToInt(List::size).sum()).isEqualTo(40);
        assertThat(byShard.values().stream().filter(list -> !list.isEmpty()).count()).isGreaterThan(4);
        byShard.values().forEach(sks -> assertThat(sks).isSorted());
        assertThat(byShard.get(0)).allSatisfy(sk -> assertThat(sk).matches(
                "2026-11-29T09:00:0[0-3]\\.000000Z#[0-9a-f]{32}"));
    }

    @Test
    void subscriptions_livesInOnePartitionApartFromEverythingElse() {
        // GIVEN
        new DynamoDbSubscriptionStore(dynamoDb, table).save(new io.bucketdigest.core.subscription.Subscription(
                "photos", List.of("team@example.com"), "b", List.of(), Set.of(), null));
        history.record(List.of(recording(event("b", "k", "ObjectCreated:Put", T0), "m", "photos")), T0);

        // WHEN  pk = SUBSCRIPTION
        QueryResponse response = dynamoDb.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("SUBSCRIPTION"))));

        // THEN
        assertThat(response.items()).extracting(i -> s(i, "sk")).containsExactly("photos");
        assertThat(response.items()).extracting(i -> s(i, "type")).containsExactly("SUBSCRIPTION");
    }
}
