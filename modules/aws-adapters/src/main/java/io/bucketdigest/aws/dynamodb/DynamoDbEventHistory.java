package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.epochSeconds;
import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.event.PreviousVersions;
import io.bucketdigest.core.event.PreviousVersions.ObjectRef;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Records events in two steps. First a conditional PutItem of the history item ({@code attribute_not_exists}): that
 * single write decides, per S3 record, whether the event is new. Then one pending entry per matching subscription,
 * written with BatchWriteItem (25 per request). A crash between the two steps is repaired by the redelivery: a
 * duplicate whose pending entry is missing and was never reported (no digest note) gets its pending entry written
 * again. A pending entry that reappears after it was reported is dropped by the sender, which checks the notes.
 *
 * <p>This costs 1 write unit per event plus 1 per matching subscription; a TransactWriteItems of the same items would
 * cost twice that. The puts of a batch are independent (one item each), so they go out together, at most as many at
 * once as the injected executor runs: with 100 at once, a batch of 100 new events of distinct objects takes two round
 * trips of puts and look-ups and one of entries (four BatchWriteItems at once), where one after another took 204.
 *
 * <p>Alongside the puts goes one look-up per object of the batch: an eventually consistent Query of the object's latest
 * {@link PreviousVersions#EVENTS_READ} events before the batch's earliest event of it (0.5 read units). With them
 * {@link PreviousVersions#attach} gives each event the version it replaced or removed, which the pending entries carry,
 * so the digest tells an overwrite from a create and knows what a delete removed. A failed look-up leaves that
 * unknown and fails nothing. The look-ups share the pool with the puts: a batch of 100 distinct objects makes 200
 * requests before its entries.
 */
public final class DynamoDbEventHistory implements EventHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbEventHistory.class);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;
    private final Executor requests;

    /** Makes its requests one after another. */
    public DynamoDbEventHistory(DynamoDbClient dynamoDb, String tableName, Duration retention) {
        this(dynamoDb, tableName, retention, Runnable::run);
    }

    /**
     * Makes the independent requests of a call on {@code requests}, as many at once as it runs: the conditional puts
     * of a batch, then its pending-entry writes and its duplicates' checks. Each event's put still comes before its
     * entries. The ingest wiring passes a pool of {@code WRITE_CONCURRENCY} threads; tests and the simulation's SDK
     * runs pass none and get one request at a time, one of the orders a pool allows.
     */
    public DynamoDbEventHistory(DynamoDbClient dynamoDb, String tableName, Duration retention, Executor requests) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.retention = retention;
        this.requests = requests;
    }

    @Override
    public Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt) {
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        recordWithSubscriptions(recordings, ingestedAt).forEach((id, recorded) -> outcomes.put(id, recorded.outcome()));
        return outcomes;
    }

    @Override
    public Map<EventId, Recorded> recordWithSubscriptions(List<Recording> recordings, Instant ingestedAt) {
        Map<ObjectRef, CompletableFuture<List<ObjectEvent>>> earlierEvents = lookUpEarlierEvents(recordings);
        List<CompletableFuture<Put>> puts = new ArrayList<>(recordings.size());
        for (Recording recording : recordings) {
            CompletableFuture<Put> put = CompletableFuture.supplyAsync(() -> put(recording, ingestedAt), requests);
            puts.add(put);
            if (put.isCompletedExceptionally()) {
                break; // a direct executor ran it and it threw: the call fails, start nothing more
            }
        }
        List<Put> putResults = joinAll(puts);
        Map<EventId, ObjectEvent> withPrevious =
                PreviousVersions.attach(recordings.stream().map(Recording::event).toList(), joinAll(earlierEvents));
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        List<Recording> fresh = new ArrayList<>();
        List<Earlier> duplicates = new ArrayList<>();
        for (Put put : putResults) {
            if (put.earlier() != null) {
                duplicates.add(put.earlier());
            } else if (put.written()) {
                fresh.add(put.recording());
            } else {
                outcomes.put(put.recording().event().id(), Outcome.FAILED);
            }
        }

        List<WriteRequest> pendingWrites = new ArrayList<>();
        for (Recording recording : fresh) {
            ObjectEvent event = withPrevious.get(recording.event().id());
            for (String subscriptionId : recording.subscriptionIds()) {
                pendingWrites.add(put(pendingItem(event, subscriptionId, ingestedAt)));
            }
        }
        // The new events' entries and the duplicates' checks are independent: both go out at once.
        CompletableFuture<Void> written = BatchWriter.writeAllAsync(dynamoDb, tableName, pendingWrites, requests);
        Map<EventId, Outcome> duplicateOutcomes = duplicates.isEmpty() ? Map.of()
                : repairIncomplete(duplicates, withPrevious);
        Outcome freshOutcome = succeeded(written, pendingWrites.size()) ? Outcome.NEW : Outcome.FAILED;
        fresh.forEach(r -> outcomes.put(r.event().id(), freshOutcome));
        outcomes.putAll(duplicateOutcomes);

        Map<EventId, List<String>> storedSubscriptions = new HashMap<>();
        duplicates.forEach(d -> storedSubscriptions.put(d.recording().event().id(), d.subscriptionIds()));
        Map<EventId, Recorded> result = new LinkedHashMap<>();
        for (Recording recording : recordings) {
            EventId id = recording.event().id();
            result.putIfAbsent(id, new Recorded(outcomes.getOrDefault(id, Outcome.FAILED),
                    storedSubscriptions.getOrDefault(id, recording.subscriptionIds())));
        }
        return result;
    }

    /** What one conditional put found: written (new), an earlier recording (duplicate), or neither (failed). */
    private record Put(Recording recording, boolean written, Earlier earlier) {}

    private Put put(Recording recording, Instant ingestedAt) {
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(historyItem(recording, ingestedAt))
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build());
            return new Put(recording, true, null);
        } catch (ConditionalCheckFailedException e) {
            return new Put(recording, false, new Earlier(recording, e.hasItem() ? e.item() : Map.of()));
        } catch (SdkException e) {
            LOG.warn("event history write failed eventId={} error={}", recording.event().id(), e.toString());
            return new Put(recording, false, null);
        }
    }

    /**
     * Starts one look-up per object of the batch: its latest events in the history before the batch's earliest event
     * of that object. The look-ups do not depend on the puts, so they go out with them.
     */
    private Map<ObjectRef, CompletableFuture<List<ObjectEvent>>> lookUpEarlierEvents(List<Recording> recordings) {
        Map<ObjectRef, CompletableFuture<List<ObjectEvent>>> lookUps = new LinkedHashMap<>();
        PreviousVersions.earliestPerObject(recordings.stream().map(Recording::event).toList())
                .forEach((object, earliest) -> lookUps.put(object, CompletableFuture.supplyAsync(
                        () -> earlierEvents(HistoryTable.objectPk(object.bucket(), object.key()),
                                HistoryTable.eventSk(earliest.eventTime(), earliest.id())), requests)));
        return lookUps;
    }

    /**
     * The object's latest {@link PreviousVersions#EVENTS_READ} events before {@code beforeSk}, newest first: an
     * eventually consistent Query of a few small items, half a read unit. The previous version is informational, so a
     * failed look-up (or a stored item it cannot read) leaves it unknown rather than failing the event.
     */
    private List<ObjectEvent> earlierEvents(String objectPk, String beforeSk) {
        try {
            QueryResponse response = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND #sk < :before")
                    .expressionAttributeNames(Map.of("#pk", HistoryTable.PK, "#sk", HistoryTable.SK))
                    .expressionAttributeValues(Map.of(":pk", s(objectPk), ":before", s(beforeSk)))
                    .scanIndexForward(false)
                    .limit(PreviousVersions.EVENTS_READ)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build());
            List<ObjectEvent> events = new ArrayList<>();
            for (Map<String, AttributeValue> item : response.items()) {
                String sk = EventItems.str(item, HistoryTable.SK);
                if (sk != null && sk.startsWith(HistoryTable.EVENT_SK_PREFIX)) {
                    events.add(EventItems.toEvent(item));
                }
            }
            return events;
        } catch (RuntimeException e) {
            LOG.warn("previous version look-up failed error={}", e.toString());
            return null;
        }
    }

    /** Waits for every look-up; a failed one (null) stays out of the map. */
    private static Map<ObjectRef, List<ObjectEvent>> joinAll(
            Map<ObjectRef, CompletableFuture<List<ObjectEvent>>> lookUps) {
        List<ObjectRef> objects = new ArrayList<>(lookUps.keySet());
        List<List<ObjectEvent>> results = joinAll(new ArrayList<>(lookUps.values()));
        Map<ObjectRef, List<ObjectEvent>> byObject = new HashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            if (results.get(i) != null) {
                byObject.put(objects.get(i), results.get(i));
            }
        }
        return byObject;
    }

    /** Waits for every task; an unexpected exception (not an SDK error, which each task turns into FAILED) is thrown. */
    private static <T> List<T> joinAll(List<CompletableFuture<T>> tasks) {
        List<T> results = new ArrayList<>(tasks.size());
        RuntimeException unexpected = null;
        for (CompletableFuture<T> task : tasks) {
            try {
                results.add(task.join());
            } catch (CompletionException e) {
                RuntimeException cause = Futures.cause(e);
                if (unexpected == null) {
                    unexpected = cause;
                } else {
                    unexpected.addSuppressed(cause);
                }
            }
        }
        if (unexpected != null) {
            throw unexpected;
        }
        return results;
    }

    /** Whether the writes all landed; a transient failure is logged and reported as false. */
    private static boolean succeeded(CompletableFuture<?> writes, int count) {
        try {
            writes.join();
            return true;
        } catch (CompletionException e) {
            RuntimeException cause = Futures.cause(e);
            if (cause instanceof TransientFailureException failure) {
                LOG.warn("pending entries write failed entries={} error={}", count, failure.toString());
                return false;
            }
            throw cause;
        }
    }

    /** An event recorded before, with the history item as it was then. */
    private record Earlier(Recording recording, Map<String, AttributeValue> item) {

        Instant ingestedAt() {
            String text = EventItems.str(item, "ingestedAt");
            return text == null ? null : SortableTime.parse(text);
        }

        List<String> subscriptionIds() {
            AttributeValue subscriptions = item.get("subscriptions");
            return subscriptions == null || !subscriptions.hasSs() ? List.of() : subscriptions.ss();
        }
    }

    /**
     * For each duplicate, every subscription it was recorded for must have its pending entry or a digest note. Where
     * neither exists the first recording crashed before writing the entry: write it now, and report the event as new
     * so that its subscriptions are signalled.
     */
    private Map<EventId, Outcome> repairIncomplete(List<Earlier> duplicates, Map<EventId, ObjectEvent> withPrevious) {
        Map<EventId, Outcome> outcomes = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Earlier earlier : duplicates) {
            if (earlier.item().isEmpty() || earlier.ingestedAt() == null) {
                continue;
            }
            ObjectEvent event = earlier.recording().event();
            for (String subscriptionId : earlier.subscriptionIds()) {
                keys.add(pendingKey(event, subscriptionId, earlier.ingestedAt()));
                keys.add(noteKey(event, subscriptionId));
            }
        }
        Set<String> existing = new HashSet<>();
        try {
            BatchReader.getAllAsync(dynamoDb, tableName, keys, "pk, sk", requests).join()
                    .forEach(item -> existing.add(keyString(item)));
        } catch (CompletionException e) {
            RuntimeException cause = Futures.cause(e);
            if (!(cause instanceof TransientFailureException)) {
                throw cause;
            }
            duplicates.forEach(d -> outcomes.put(d.recording().event().id(), Outcome.FAILED));
            return outcomes;
        }
        List<WriteRequest> repairs = new ArrayList<>();
        Set<EventId> repaired = new HashSet<>();
        for (Earlier earlier : duplicates) {
            ObjectEvent event = earlier.recording().event();
            outcomes.put(event.id(), Outcome.DUPLICATE);
            if (earlier.ingestedAt() == null) {
                continue;
            }
            for (String subscriptionId : earlier.subscriptionIds()) {
                boolean pendingThere = existing.contains(keyString(pendingKey(event, subscriptionId,
                        earlier.ingestedAt())));
                boolean reported = existing.contains(keyString(noteKey(event, subscriptionId)));
                if (!pendingThere && !reported) {
                    repairs.add(put(pendingItem(withPrevious.getOrDefault(event.id(), event), subscriptionId,
                            earlier.ingestedAt())));
                    repaired.add(event.id());
                }
            }
        }
        if (!repairs.isEmpty()) {
            LOG.warn("repairing pending entries of {} event(s) whose first recording did not finish", repaired.size());
            Outcome outcome = succeeded(BatchWriter.writeAllAsync(dynamoDb, tableName, repairs, requests),
                    repairs.size()) ? Outcome.NEW : Outcome.FAILED;
            repaired.forEach(id -> outcomes.put(id, outcome));
        }
        return outcomes;
    }

    private Map<String, AttributeValue> historyItem(Recording recording, Instant ingestedAt) {
        ObjectEvent event = recording.event();
        Map<String, AttributeValue> item = EventItems.eventAttributes(event);
        item.put(HistoryTable.PK, s(HistoryTable.objectPk(event.bucket(), event.key())));
        item.put(HistoryTable.SK, s(HistoryTable.eventSk(event.eventTime(), event.id())));
        item.put(HistoryTable.GSI1_PK,
                s(HistoryTable.bucketShardPk(event.bucket(), event.id().shard(HistoryTable.BUCKET_SHARDS))));
        item.put(HistoryTable.GSI1_SK, s(HistoryTable.bucketTimeSk(event.eventTime(), event.id())));
        item.put("type", s(HistoryTable.TYPE_EVENT));
        item.put("ingestedAt", s(SortableTime.format(ingestedAt)));
        if (recording.messageId() != null) {
            item.put("messageId", s(recording.messageId()));
        }
        if (!recording.subscriptionIds().isEmpty()) {
            item.put("subscriptions", AttributeValue.fromSs(recording.subscriptionIds()));
        }
        item.put(HistoryTable.EXPIRES_AT, epochSeconds(ingestedAt.plus(retention)));
        return item;
    }

    private Map<String, AttributeValue> pendingItem(ObjectEvent event, String subscriptionId, Instant ingestedAt) {
        Map<String, AttributeValue> item = EventItems.eventAttributes(event);
        item.putAll(pendingKey(event, subscriptionId, ingestedAt));
        item.put("type", s(HistoryTable.TYPE_PENDING));
        item.put("subscriptionId", s(subscriptionId));
        item.put("ingestedAt", s(SortableTime.format(ingestedAt)));
        // No TTL: a pending entry is work in progress, removed by its digest however long SES or an operator takes.
        return item;
    }

    private static Map<String, AttributeValue> pendingKey(ObjectEvent event, String subscriptionId, Instant ingestedAt) {
        return Map.of(
                HistoryTable.PK, s(HistoryTable.pendingPk(subscriptionId, event.id().shard(HistoryTable.PENDING_SHARDS))),
                HistoryTable.SK, s(HistoryTable.pendingSk(ingestedAt, event.id())));
    }

    private static Map<String, AttributeValue> noteKey(ObjectEvent event, String subscriptionId) {
        return Map.of(HistoryTable.PK, s(HistoryTable.objectPk(event.bucket(), event.key())),
                HistoryTable.SK, s(HistoryTable.noteSk(event.id(), subscriptionId)));
    }

    private static String keyString(Map<String, AttributeValue> item) {
        return EventItems.str(item, HistoryTable.PK) + "\u0000" + EventItems.str(item, HistoryTable.SK);
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
    }
}
