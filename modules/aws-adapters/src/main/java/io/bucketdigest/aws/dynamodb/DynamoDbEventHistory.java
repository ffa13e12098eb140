package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.epochSeconds;
import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.time.SortableTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Records events with TransactWriteItems: per event, a conditional put of the history item (the dedup decision) and
 * the pending entries of its subscriptions, so an event is never recorded without its pending entries. Up to 100
 * actions per transaction; on cancellation only the duplicates drop out and the rest is retried.
 */
public final class DynamoDbEventHistory implements EventHistory {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbEventHistory.class);
    static final int MAX_ACTIONS_PER_TRANSACTION = 100;
    private static final int MAX_ATTEMPTS = 4;

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
        List<Recording> chunk = new ArrayList<>();
        int actions = 0;
        for (Recording recording : recordings) {
            int needed = 1 + recording.subscriptionIds().size();
            if (needed > MAX_ACTIONS_PER_TRANSACTION) {
                throw new IllegalArgumentException("an event matches " + recording.subscriptionIds().size()
                        + " subscriptions; at most " + (MAX_ACTIONS_PER_TRANSACTION - 1) + " are supported");
            }
            if (actions + needed > MAX_ACTIONS_PER_TRANSACTION) {
                outcomes.putAll(writeChunk(chunk, ingestedAt));
                chunk = new ArrayList<>();
                actions = 0;
            }
            chunk.add(recording);
            actions += needed;
        }
        if (!chunk.isEmpty()) {
            outcomes.putAll(writeChunk(chunk, ingestedAt));
        }
        return outcomes;
    }

    private Map<EventId, Outcome> writeChunk(List<Recording> chunk, Instant ingestedAt) {
        Map<EventId, Outcome> outcomes = new HashMap<>();
        List<Recording> remaining = new ArrayList<>(chunk);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !remaining.isEmpty(); attempt++) {
            List<TransactWriteItem> items = new ArrayList<>();
            List<Recording> owners = new ArrayList<>();
            for (Recording recording : remaining) {
                items.add(historyPut(recording, ingestedAt));
                owners.add(recording);
                for (String subscriptionId : recording.subscriptionIds()) {
                    items.add(pendingPut(recording.event(), subscriptionId, ingestedAt));
                    owners.add(recording);
                }
            }
            try {
                dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder()
                        .transactItems(items)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .build());
                remaining.forEach(r -> outcomes.put(r.event().id(), Outcome.NEW));
                return outcomes;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                List<Recording> retry = new ArrayList<>();
                boolean onlyDuplicates = true;
                for (int i = 0; i < owners.size(); i++) {
                    String code = reasons != null && i < reasons.size() ? reasons.get(i).code() : null;
                    if ("ConditionalCheckFailed".equals(code)) {
                        outcomes.put(owners.get(i).event().id(), Outcome.DUPLICATE);
                    } else if (code != null && !"None".equals(code)) {
                        onlyDuplicates = false;
                    }
                }
                for (Recording recording : remaining) {
                    if (!outcomes.containsKey(recording.event().id())) {
                        retry.add(recording);
                    }
                }
                if (!onlyDuplicates) {
                    LOG.info("event history transaction cancelled, retrying attempt={} reasons={}", attempt,
                            reasonCodes(reasons));
                    backoff(attempt);
                }
                remaining = retry;
            } catch (SdkException e) {
                LOG.warn("event history write failed events={} error={}", remaining.size(), e.toString());
                remaining.forEach(r -> outcomes.put(r.event().id(), Outcome.FAILED));
                return outcomes;
            }
        }
        remaining.forEach(r -> outcomes.putIfAbsent(r.event().id(), Outcome.FAILED));
        return outcomes;
    }

    private TransactWriteItem historyPut(Recording recording, Instant ingestedAt) {
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
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(tableName)
                        .item(item)
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build();
    }

    private TransactWriteItem pendingPut(ObjectEvent event, String subscriptionId, Instant ingestedAt) {
        Map<String, AttributeValue> item = EventItems.eventAttributes(event);
        item.put(HistoryTable.PK,
                s(HistoryTable.pendingPk(subscriptionId, event.id().shard(HistoryTable.PENDING_SHARDS))));
        item.put(HistoryTable.SK, s(HistoryTable.pendingSk(ingestedAt, event.id())));
        item.put("type", s(HistoryTable.TYPE_PENDING));
        item.put("subscriptionId", s(subscriptionId));
        item.put("ingestedAt", s(SortableTime.format(ingestedAt)));
        item.put(HistoryTable.EXPIRES_AT, epochSeconds(ingestedAt.plus(retention)));
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(tableName).item(item).build())
                .build();
    }

    private static List<String> reasonCodes(List<CancellationReason> reasons) {
        return reasons == null ? List.of() : reasons.stream().map(CancellationReason::code).toList();
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(Math.min(1000L, 25L << attempt) + (long) (Math.random() * 25));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
