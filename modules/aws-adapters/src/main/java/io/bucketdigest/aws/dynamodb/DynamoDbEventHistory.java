package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.epochSeconds;
import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
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
 * cost twice that.
 */
public final class DynamoDbEventHistory implements EventHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbEventHistory.class);

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;

    public DynamoDbEventHistory(DynamoDbClient dynamoDb, String tableName, Duration retention) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.retention = retention;
    }

    @Override
    public Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt) {
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        recordWithSubscriptions(recordings, ingestedAt).forEach((id, recorded) -> outcomes.put(id, recorded.outcome()));
        return outcomes;
    }

    @Override
    public Map<EventId, Recorded> recordWithSubscriptions(List<Recording> recordings, Instant ingestedAt) {
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        List<Recording> fresh = new ArrayList<>();
        List<Earlier> duplicates = new ArrayList<>();
        for (Recording recording : recordings) {
            try {
                dynamoDb.putItem(PutItemRequest.builder()
                        .tableName(tableName)
                        .item(historyItem(recording, ingestedAt))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .build());
                fresh.add(recording);
            } catch (ConditionalCheckFailedException e) {
                duplicates.add(new Earlier(recording, e.hasItem() ? e.item() : Map.of()));
            } catch (SdkException e) {
                LOG.warn("event history write failed eventId={} error={}", recording.event().id(), e.toString());
                outcomes.put(recording.event().id(), Outcome.FAILED);
            }
        }

        List<WriteRequest> pendingWrites = new ArrayList<>();
        for (Recording recording : fresh) {
            for (String subscriptionId : recording.subscriptionIds()) {
                pendingWrites.add(put(pendingItem(recording.event(), subscriptionId, ingestedAt)));
            }
        }
        Outcome freshOutcome = write(pendingWrites) ? Outcome.NEW : Outcome.FAILED;
        fresh.forEach(r -> outcomes.put(r.event().id(), freshOutcome));

        if (!duplicates.isEmpty()) {
            outcomes.putAll(repairIncomplete(duplicates));
        }
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
    private Map<EventId, Outcome> repairIncomplete(List<Earlier> duplicates) {
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
        Set<String> existing;
        try {
            existing = existingKeys(keys);
        } catch (SdkException | TransientFailureException e) {
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
                    repairs.add(put(pendingItem(event, subscriptionId, earlier.ingestedAt())));
                    repaired.add(event.id());
                }
            }
        }
        if (!repairs.isEmpty()) {
            LOG.warn("repairing pending entries of {} event(s) whose first recording did not finish", repaired.size());
            Outcome outcome = write(repairs) ? Outcome.NEW : Outcome.FAILED;
            repaired.forEach(id -> outcomes.put(id, outcome));
        }
        return outcomes;
    }

    private Set<String> existingKeys(List<Map<String, AttributeValue>> keys) {
        Set<String> found = new HashSet<>();
        BatchReader.getAll(dynamoDb, tableName, keys, "pk, sk").forEach(item -> found.add(keyString(item)));
        return found;
    }

    private boolean write(List<WriteRequest> writes) {
        if (writes.isEmpty()) {
            return true;
        }
        try {
            BatchWriter.writeAll(dynamoDb, tableName, writes);
            return true;
        } catch (TransientFailureException e) {
            LOG.warn("pending entries write failed entries={} error={}", writes.size(), e.toString());
            return false;
        }
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
