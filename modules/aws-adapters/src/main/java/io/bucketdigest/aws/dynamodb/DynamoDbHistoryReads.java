package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.time.SortableTime;
import java.time.Clock;
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
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The operator's read side of the table, beside the writers it reads after: the history of an object or of a bucket,
 * digest notes, digest records and their entries, pending and parked entries, and subscription state. Long listings
 * are iterators that read a page only when the caller reaches it, merged across the bucket index's shards or across
 * subscriptions. Every query drops items whose {@code expiresAt} has passed, because TTL deletes lazily.
 */
public final class DynamoDbHistoryReads {

    /** One recorded event, with the subscriptions it matched when it was ingested. */
    public record EventRow(ObjectEvent event, Instant ingestedAt, List<String> subscriptions, String sortKey) {

        /**
         * Newest first within one read. {@code sortKey} orders the rows of one read (time, then event id) and means
         * nothing else.
         */
        public static final Comparator<EventRow> NEWEST_FIRST = Comparator.comparing(EventRow::sortKey).reversed();
    }

    /** One digest record, with its index sort key (creation time, then id) for merging. */
    public record DigestRow(DigestRecord record, String sortKey) {}

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;
    private final int pageSize;
    private final RequestFailures failures;

    /**
     * @param pageSize the Limit of a listing's queries (per shard)
     * @param failures what a failed request throws; {@link RequestFailures#transientFailures} for the functions'
     */
    public DynamoDbHistoryReads(DynamoDbClient dynamoDb, String tableName, Clock clock, int pageSize,
            RequestFailures failures) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.clock = clock;
        this.pageSize = pageSize;
        this.failures = failures;
    }

    /** Events of one object, newest first. */
    public Iterator<EventRow> objectEvents(String bucket, String key, Instant since, Instant until,
            Set<EventKind> kinds) {
        Filter filter = new Filter();
        filter.kinds(kinds);
        String pk = HistoryTable.objectPk(bucket, key);
        Map<String, AttributeValue> keyValues = Map.of(":pk", s(pk), ":from", s(HistoryTable.eventSkFrom(since)),
                ":to", s(HistoryTable.eventSkTo(until)));
        PagedQuery<EventRow> query = new PagedQuery<>(start -> filter.apply(QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression(HistoryTable.PK + " = :pk AND " + HistoryTable.SK
                                + " BETWEEN :from AND :to")
                        .scanIndexForward(false)
                        .limit(pageSize)
                        .exclusiveStartKey(start), keyValues),
                this::query, item -> eventRow(item, EventItems.str(item, HistoryTable.SK)));
        return new MergedIterator<>(List.of(query), EventRow.NEWEST_FIRST);
    }

    /** Events of a bucket in a time range, newest first, merged over the bucket index's shards. */
    public Iterator<EventRow> bucketEvents(String bucket, Instant since, Instant until, String prefix,
            Set<EventKind> kinds) {
        Filter filter = new Filter();
        filter.kinds(kinds);
        filter.prefix(prefix);
        List<PagedQuery<EventRow>> shards = new ArrayList<>(HistoryTable.BUCKET_SHARDS);
        for (int shard = 0; shard < HistoryTable.BUCKET_SHARDS; shard++) {
            String pk = HistoryTable.bucketShardPk(bucket, shard);
            shards.add(new PagedQuery<>(start -> filter.apply(indexQuery(start), indexRange(pk, since, until)),
                    this::query, item -> eventRow(item, EventItems.str(item, HistoryTable.GSI1_SK))));
        }
        prefetch(shards);
        return new MergedIterator<>(shards, EventRow.NEWEST_FIRST);
    }

    /** For each event id: subscription id to the digest that reported it (absent while still pending). */
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
            notes.computeIfAbsent(EventItems.str(item, ItemAttributes.EVENT_ID), k -> new LinkedHashMap<>())
                    .put(EventItems.str(item, ItemAttributes.SUBSCRIPTION_ID),
                            EventItems.str(item, ItemAttributes.DIGEST_ID));
        }
        return notes;
    }

    /** Digest records of the given subscriptions created in the range, newest first. */
    public Iterator<DigestRow> digests(List<String> subscriptionIds, Instant since, Instant until) {
        Filter filter = new Filter();
        List<PagedQuery<DigestRow>> queries = new ArrayList<>();
        for (String subscription : subscriptionIds) {
            String pk = HistoryTable.subscriptionDigestsGsiPk(subscription);
            queries.add(new PagedQuery<>(start -> filter.apply(indexQuery(start), indexRange(pk, since, until)),
                    this::query, item -> new DigestRow(DynamoDbDigestRecords.toRecord(item),
                            EventItems.str(item, HistoryTable.GSI1_SK))));
        }
        if (queries.size() > 1) {
            prefetch(queries);
        }
        return new MergedIterator<>(queries, Comparator.comparing(DigestRow::sortKey).reversed());
    }

    public Optional<DigestRecord> digest(DigestId id) {
        GetItemResponse response = request("dynamodb:GetItem", () -> dynamoDb.getItem(b -> b
                .tableName(tableName)
                .key(DynamoDbDigestRecords.metaKey(id))));
        if (!response.hasItem() || response.item().isEmpty() || expired(response.item())) {
            return Optional.empty();
        }
        return Optional.of(DynamoDbDigestRecords.toRecord(response.item()));
    }

    /** The exact pending entries a digest covers, in the order it recorded them. */
    public List<PendingRef> digestRefs(DigestId id) {
        Filter filter = new Filter();
        PagedQuery<List<PendingRef>> chunks = new PagedQuery<>(start -> filter.apply(QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression(HistoryTable.PK + " = :pk AND begins_with(" + HistoryTable.SK
                                + ", :entries)")
                        .exclusiveStartKey(start),
                Map.of(":pk", s(HistoryTable.digestPk(id.value())),
                        ":entries", s(HistoryTable.DIGEST_ENTRIES_SK_PREFIX))),
                this::query, item -> item.containsKey(ItemAttributes.REFS)
                        ? item.get(ItemAttributes.REFS).l().stream().map(ref -> PendingRef.decode(ref.s())).toList()
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
     * The entries a quarantined digest parked in its own partition, by pending ref: they are no longer pending, and
     * a retry puts them back, an abandon drops them.
     */
    public Map<PendingRef, EventRow> parkedEvents(DigestId id) {
        Filter filter = new Filter();
        PagedQuery<Map.Entry<PendingRef, EventRow>> query = new PagedQuery<>(start -> filter.apply(parkedQuery(start),
                parkedRange(id)), this::query, item -> {
                    PendingRef ref = PendingRef.decode(HistoryTable.parkedRef(EventItems.str(item, HistoryTable.SK)));
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
        Filter filter = new Filter();
        return count(start -> filter.apply(parkedQuery(start).select(Select.COUNT), parkedRange(id)));
    }

    /** Pending entries of one subscription across its shards (a COUNT query per shard). */
    public long pendingCount(String subscriptionId) {
        long count = 0;
        Filter filter = new Filter();
        for (int shard = 0; shard < HistoryTable.PENDING_SHARDS; shard++) {
            Map<String, AttributeValue> keyValues = Map.of(":pk", s(HistoryTable.pendingPk(subscriptionId, shard)));
            count += count(start -> filter.apply(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression(HistoryTable.PK + " = :pk")
                    .select(Select.COUNT)
                    .exclusiveStartKey(start), keyValues));
        }
        return count;
    }

    /** The subscription's digest state (arrivals, lease, digest in flight), strongly consistent; empty if none. */
    public Optional<SubscriptionStates.State> state(String subscriptionId) {
        GetItemResponse response = request("dynamodb:GetItem", () -> dynamoDb.getItem(b -> b
                .tableName(tableName)
                .consistentRead(true)
                .key(DynamoDbSubscriptionStates.key(subscriptionId))));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(DynamoDbSubscriptionStates.toState(subscriptionId, response.item()))
                : Optional.empty();
    }

    private QueryRequest.Builder indexQuery(Map<String, AttributeValue> start) {
        return QueryRequest.builder()
                .tableName(tableName)
                .indexName(HistoryTable.GSI1)
                .keyConditionExpression(HistoryTable.GSI1_PK + " = :pk AND " + HistoryTable.GSI1_SK
                        + " BETWEEN :from AND :to")
                .scanIndexForward(false)
                .limit(pageSize)
                .exclusiveStartKey(start);
    }

    private static Map<String, AttributeValue> indexRange(String pk, Instant since, Instant until) {
        return Map.of(":pk", s(pk), ":from", s(HistoryTable.timeFrom(since)), ":to", s(HistoryTable.timeTo(until)));
    }

    private QueryRequest.Builder parkedQuery(Map<String, AttributeValue> start) {
        return QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression(HistoryTable.PK + " = :pk AND begins_with(" + HistoryTable.SK + ", :parked)")
                .consistentRead(true)
                .exclusiveStartKey(start);
    }

    private static Map<String, AttributeValue> parkedRange(DigestId id) {
        return Map.of(":pk", s(HistoryTable.digestPk(id.value())), ":parked", s(HistoryTable.PARKED_SK_PREFIX));
    }

    private long count(Function<Map<String, AttributeValue>, QueryRequest> request) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = query(request.apply(start));
            count += response.count() == null ? 0 : response.count();
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private QueryResponse query(QueryRequest request) {
        return request("dynamodb:Query", () -> dynamoDb.query(request));
    }

    private <T> T request(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failures.translate(action, e);
        }
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        return BatchReader.getAll(dynamoDb, tableName, keys, null, failures).stream()
                .filter(item -> !expired(item))
                .toList();
    }

    private static EventRow eventRow(Map<String, AttributeValue> item, String sortKey) {
        AttributeValue subscriptions = item.get(ItemAttributes.SUBSCRIPTIONS);
        String ingested = EventItems.str(item, ItemAttributes.INGESTED_AT);
        return new EventRow(EventItems.toEvent(item), ingested == null ? null : SortableTime.parse(ingested),
                subscriptions != null && subscriptions.hasSs() ? subscriptions.ss().stream().sorted().toList()
                        : List.of(),
                sortKey);
    }

    private boolean expired(Map<String, AttributeValue> item) {
        AttributeValue expiresAt = item.get(HistoryTable.EXPIRES_AT);
        return expiresAt != null && expiresAt.n() != null
                && Long.parseLong(expiresAt.n()) <= clock.instant().getEpochSecond();
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

    /** The filter expression every query carries: not expired, plus optional key-prefix and kind conditions. */
    private final class Filter {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();

        Filter() {
            conditions.add("(attribute_not_exists(#exp) OR #exp > :now)");
            names.put("#exp", HistoryTable.EXPIRES_AT);
            values.put(":now", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond())));
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
            names.put("#kind", ItemAttributes.KIND);
            conditions.add("#kind IN (" + String.join(", ", placeholders) + ")");
        }

        void prefix(String prefix) {
            if (prefix == null || prefix.isEmpty()) {
                return;
            }
            names.put("#key", ItemAttributes.OBJECT_KEY);
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
