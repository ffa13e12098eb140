package io.bucketdigest.cli.aws;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.EventItems;
import io.bucketdigest.aws.dynamodb.HistoryTable;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The read side the operator needs, over the single-table layout the functions write (see {@link HistoryTable}).
 * Every query drops items whose {@code expiresAt} has passed, because TTL deletes lazily.
 */
public final class HistoryQueries {

    /** Bounds for "no start/end time" in a sort-key range ('0' sorts before, '~' after every time stamp). */
    private static final String OPEN_START = "0";
    private static final String OPEN_END = "~";
    private static final int BATCH_GET = 100;

    /** One recorded event, with the subscriptions it matched when it was ingested. */
    public record EventRow(ObjectEvent event, Instant ingestedAt, List<String> subscriptions, String sortKey) {}

    /** One digest record, with its index sort key (createdAt#id) for merging. */
    public record DigestRow(DigestRecord record, String sortKey) {}

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final AwsCalls calls;
    private final Target target;
    private final Instant now;
    private final int pageSize;

    public HistoryQueries(DynamoDbClient dynamoDb, String table, AwsCalls calls, Target target, Instant now,
            int pageSize) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.calls = calls;
        this.target = target;
        this.now = now;
        this.pageSize = pageSize;
    }

    /** Events of one object, newest first. */
    public Iterator<EventRow> objectEvents(String bucket, String key, Instant since, Instant until,
            Set<EventKind> kinds) {
        Filter filter = new Filter();
        filter.kinds(kinds);
        String pk = HistoryTable.objectPk(bucket, key);
        String from = "EVT#" + (since == null ? "" : SortableTime.format(since));
        String to = "EVT#" + (until == null ? OPEN_END : SortableTime.format(until) + "$");
        PagedQuery<EventRow> query = new PagedQuery<>(start -> filter.apply(QueryRequest.builder()
                        .tableName(table)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .scanIndexForward(false)
                        .limit(pageSize)
                        .exclusiveStartKey(start), Map.of(":pk", s(pk), ":from", s(from), ":to", s(to))),
                this::query, item -> eventRow(item, EventItems.str(item, HistoryTable.SK)));
        return new MergedIterator<>(List.of(query), Comparator.comparing(EventRow::sortKey).reversed());
    }

    /** Events of a bucket in a time range, newest first, merged over the bucket index's shards. */
    public Iterator<EventRow> bucketEvents(String bucket, Instant since, Instant until, String prefix,
            Set<EventKind> kinds) {
        Filter filter = new Filter();
        filter.kinds(kinds);
        filter.prefix(prefix);
        String from = since == null ? OPEN_START : SortableTime.format(since);
        String to = until == null ? OPEN_END : SortableTime.format(until) + "$";
        List<PagedQuery<EventRow>> shards = new ArrayList<>(HistoryTable.BUCKET_SHARDS);
        for (int shard = 0; shard < HistoryTable.BUCKET_SHARDS; shard++) {
            String pk = HistoryTable.bucketShardPk(bucket, shard);
            shards.add(new PagedQuery<>(start -> filter.apply(QueryRequest.builder()
                            .tableName(table)
                            .indexName(HistoryTable.GSI1)
                            .keyConditionExpression("gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to")
                            .scanIndexForward(false)
                            .limit(pageSize)
                            .exclusiveStartKey(start), Map.of(":pk", s(pk), ":from", s(from), ":to", s(to))),
                    this::query, item -> eventRow(item, EventItems.str(item, HistoryTable.GSI1_SK))));
        }
        prefetch(shards);
        return new MergedIterator<>(shards, Comparator.comparing(EventRow::sortKey).reversed());
    }

    /** For each event: subscription id to the digest that reported it (absent while still pending). */
    public Map<String, Map<String, String>> digestNotes(List<EventRow> rows) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (EventRow row : rows) {
            for (String subscription : row.subscriptions()) {
                keys.add(Map.of(
                        HistoryTable.PK, s(HistoryTable.objectPk(row.event().bucket(), row.event().key())),
                        HistoryTable.SK, s(HistoryTable.noteSk(row.event().id(), subscription))));
            }
        }
        Map<String, Map<String, String>> notes = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys)) {
            notes.computeIfAbsent(EventItems.str(item, "eventId"), k -> new LinkedHashMap<>())
                    .put(EventItems.str(item, "subscriptionId"), EventItems.str(item, "digestId"));
        }
        return notes;
    }

    /** Digest records of the given subscriptions created in the range, newest first. */
    public Iterator<DigestRow> digests(List<String> subscriptionIds, Instant since, Instant until) {
        Filter filter = new Filter();
        String from = since == null ? OPEN_START : SortableTime.format(since);
        String to = until == null ? OPEN_END : SortableTime.format(until) + "$";
        List<PagedQuery<DigestRow>> queries = new ArrayList<>();
        for (String subscription : subscriptionIds) {
            String pk = HistoryTable.subscriptionDigestsGsiPk(subscription);
            queries.add(new PagedQuery<>(start -> filter.apply(QueryRequest.builder()
                            .tableName(table)
                            .indexName(HistoryTable.GSI1)
                            .keyConditionExpression("gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to")
                            .scanIndexForward(false)
                            .limit(pageSize)
                            .exclusiveStartKey(start), Map.of(":pk", s(pk), ":from", s(from), ":to", s(to))),
                    this::query, item -> new DigestRow(DynamoDbDigestRecords.toRecord(item),
                            EventItems.str(item, HistoryTable.GSI1_SK))));
        }
        if (queries.size() > 1) {
            prefetch(queries);
        }
        return new MergedIterator<>(queries, Comparator.comparing(DigestRow::sortKey).reversed());
    }

    public Optional<DigestRecord> digest(DigestId id) {
        GetItemResponse response = calls.call("dynamodb:GetItem", target, () -> dynamoDb.getItem(b -> b
                .tableName(table)
                .key(Map.of(HistoryTable.PK, s(HistoryTable.digestPk(id.value())),
                        HistoryTable.SK, s(HistoryTable.DIGEST_META_SK)))));
        if (!response.hasItem() || response.item().isEmpty() || expired(response.item())) {
            return Optional.empty();
        }
        return Optional.of(DynamoDbDigestRecords.toRecord(response.item()));
    }

    /** The exact pending entries a digest covers, in the order it recorded them. */
    public List<PendingRef> digestRefs(DigestId id) {
        Filter filter = new Filter();
        PagedQuery<List<PendingRef>> chunks = new PagedQuery<>(start -> filter.apply(QueryRequest.builder()
                        .tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :entries)")
                        .exclusiveStartKey(start),
                Map.of(":pk", s(HistoryTable.digestPk(id.value())), ":entries", s("ENTRIES#"))),
                this::query, item -> item.containsKey("refs")
                        ? item.get("refs").l().stream().map(ref -> PendingRef.decode(ref.s())).toList()
                        : List.<PendingRef>of());
        List<PendingRef> refs = new ArrayList<>();
        while (chunks.peek() != null) {
            refs.addAll(chunks.next());
        }
        return refs;
    }

    /** The still-pending entries of a subscription by ref (an entry is deleted once its digest completes). */
    public Map<PendingRef, EventRow> pendingEvents(String subscriptionId, List<PendingRef> refs) {
        Map<Map<String, AttributeValue>, PendingRef> byKey = new LinkedHashMap<>();
        for (PendingRef ref : refs) {
            byKey.put(Map.of(HistoryTable.PK, s(HistoryTable.pendingPk(subscriptionId, ref.shard())),
                    HistoryTable.SK, s(ref.sortKey())), ref);
        }
        Map<PendingRef, EventRow> found = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(new ArrayList<>(byKey.keySet()))) {
            PendingRef ref = byKey.get(Map.of(HistoryTable.PK, item.get(HistoryTable.PK),
                    HistoryTable.SK, item.get(HistoryTable.SK)));
            if (ref != null) {
                found.put(ref, eventRow(item, ref.sortKey()));
            }
        }
        return found;
    }

    /**
     * The entries a quarantined digest parked ({@code DIGEST#id / PARKED#<ref>}), by pending ref: they are no longer
     * pending, and a retry puts them back, an abandon drops them.
     */
    public Map<PendingRef, EventRow> parkedEvents(DigestId id) {
        Filter filter = new Filter();
        PagedQuery<Map.Entry<PendingRef, EventRow>> query = new PagedQuery<>(start -> filter.apply(QueryRequest
                        .builder()
                        .tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :parked)")
                        .consistentRead(true)
                        .exclusiveStartKey(start),
                Map.of(":pk", s(HistoryTable.digestPk(id.value())), ":parked", s(HistoryTable.PARKED_SK_PREFIX))),
                this::query, item -> {
                    PendingRef ref = PendingRef.decode(EventItems.str(item, HistoryTable.SK)
                            .substring(HistoryTable.PARKED_SK_PREFIX.length()));
                    return Map.entry(ref, eventRow(item, ref.sortKey()));
                });
        Map<PendingRef, EventRow> parked = new LinkedHashMap<>();
        while (query.peek() != null) {
            Map.Entry<PendingRef, EventRow> entry = query.next();
            parked.put(entry.getKey(), entry.getValue());
        }
        return parked;
    }

    /** How many entries a quarantined digest has parked (a COUNT query). */
    public long parkedCount(DigestId id) {
        long count = 0;
        Filter filter = new Filter();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse response = query(filter.apply(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :parked)")
                    .select(Select.COUNT)
                    .consistentRead(true)
                    .exclusiveStartKey(from), Map.of(":pk", s(HistoryTable.digestPk(id.value())),
                            ":parked", s(HistoryTable.PARKED_SK_PREFIX))));
            count += response.count() == null ? 0 : response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Pending entries of one subscription across its shards (a COUNT query per shard). */
    public long pendingCount(String subscriptionId) {
        long count = 0;
        Filter filter = new Filter();
        for (int shard = 0; shard < HistoryTable.PENDING_SHARDS; shard++) {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse response = query(filter.apply(QueryRequest.builder()
                        .tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .select(Select.COUNT)
                        .exclusiveStartKey(from), Map.of(":pk", s(HistoryTable.pendingPk(subscriptionId, shard)))));
                count += response.count() == null ? 0 : response.count();
                start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return count;
    }

    /** The raw subscription state item (firstPendingAt, lastArrivalAt, lease, activeDigestId), if any. */
    public Optional<Map<String, AttributeValue>> state(String subscriptionId) {
        GetItemResponse response = calls.call("dynamodb:GetItem", target, () -> dynamoDb.getItem(b -> b
                .tableName(table)
                .consistentRead(true)
                .key(Map.of(HistoryTable.PK, s(HistoryTable.statePk(subscriptionId)),
                        HistoryTable.SK, s(HistoryTable.STATE_SK)))));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private QueryResponse query(QueryRequest request) {
        return calls.call("dynamodb:Query", target, () -> dynamoDb.query(request));
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET) {
            Map<String, KeysAndAttributes> request = Map.of(table,
                    KeysAndAttributes.builder().keys(keys.subList(from, Math.min(keys.size(), from + BATCH_GET)))
                            .build());
            for (int round = 0; request != null && !request.isEmpty(); round++) {
                if (round > 0) {
                    sleep(Math.min(1000, 50L << round));
                }
                if (round > 10) {
                    throw new IllegalStateException("DynamoDB kept returning unprocessed keys from " + table);
                }
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response = calls.call("dynamodb:BatchGetItem", target,
                        () -> dynamoDb.batchGetItem(b -> b.requestItems(current)));
                response.responses().getOrDefault(table, List.of()).stream()
                        .filter(item -> !expired(item))
                        .forEach(items::add);
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : null;
            }
        }
        return items;
    }

    private EventRow eventRow(Map<String, AttributeValue> item, String sortKey) {
        List<String> subscriptions = item.containsKey("subscriptions") && item.get("subscriptions").hasSs()
                ? item.get("subscriptions").ss().stream().sorted().toList() : List.of();
        String ingested = EventItems.str(item, "ingestedAt");
        return new EventRow(EventItems.toEvent(item), ingested == null ? null : SortableTime.parse(ingested),
                subscriptions, sortKey);
    }

    private boolean expired(Map<String, AttributeValue> item) {
        AttributeValue expiresAt = item.get(HistoryTable.EXPIRES_AT);
        return expiresAt != null && expiresAt.n() != null && Long.parseLong(expiresAt.n()) <= now.getEpochSecond();
    }

    /** Reads the first page of every query at once: 16 shards cost one round trip instead of sixteen. */
    private static <T> void prefetch(List<PagedQuery<T>> queries) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, queries.size()), runnable -> {
            Thread thread = new Thread(runnable, "bucket-digest-query");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture.allOf(queries.stream()
                    .map(q -> CompletableFuture.runAsync(q::peek, pool))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        } finally {
            pool.shutdown();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The filter expression every query carries: not expired, plus optional key-prefix and kind conditions. */
    private final class Filter {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();

        Filter() {
            conditions.add("(attribute_not_exists(#exp) OR #exp > :now)");
            names.put("#exp", HistoryTable.EXPIRES_AT);
            values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        }

        void kinds(Set<EventKind> kinds) {
            if (kinds == null || kinds.isEmpty()) {
                return;
            }
            List<String> placeholders = new ArrayList<>();
            int i = 0;
            for (EventKind kind : kinds) {
                String placeholder = ":kind" + i++;
                placeholders.add(placeholder);
                values.put(placeholder, s(kind.name()));
            }
            names.put("#kind", "kind");
            conditions.add("#kind IN (" + String.join(", ", placeholders) + ")");
        }

        void prefix(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                return;
            }
            names.put("#key", "objectKey");
            values.put(":prefix", s(prefix));
            conditions.add("begins_with(#key, :prefix)");
        }

        QueryRequest apply(QueryRequest.Builder builder, Map<String, AttributeValue> keyValues) {
            Map<String, AttributeValue> all = new HashMap<>(values);
            all.putAll(keyValues);
            return builder.filterExpression(String.join(" AND ", conditions))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(all)
                    .build();
        }
    }
}
