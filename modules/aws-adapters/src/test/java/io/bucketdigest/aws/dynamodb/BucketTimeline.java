package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The documented read of "events of a bucket in a time range, newest first, paginated": one Query per bucket shard on
 * gsi1 ({@code gsi1pk = BKT#bucket#NN AND gsi1sk BETWEEN from AND to}, descending, filtered on prefix, kind and
 * expiry), merged newest first. The cursor keeps one ExclusiveStartKey per shard. Test code that proves the key
 * design serves the access pattern; the CLI's reader follows the same steps.
 */
final class BucketTimeline {

    /** A page and the cursor for the next one (null when every shard is exhausted). */
    record Page(List<Map<String, AttributeValue>> items, Map<Integer, ShardCursor> next) {}

    /** Where a shard's next read starts; {@code exhausted} when it has nothing more. */
    record ShardCursor(Map<String, AttributeValue> startKey, boolean exhausted) {}

    private record Read(int shard, Map<String, AttributeValue> item) {}

    private BucketTimeline() {}

    static Page page(DynamoDbClient dynamoDb, String table, String bucket, Instant from, Instant to, String prefix,
            Set<EventKind> kinds, Instant now, int pageSize, Map<Integer, ShardCursor> cursor) {
        List<Read> reads = new ArrayList<>();
        Map<Integer, Boolean> shardDone = new HashMap<>();
        for (int shard = 0; shard < HistoryTable.BUCKET_SHARDS; shard++) {
            ShardCursor start = cursor == null ? null : cursor.get(shard);
            if (start != null && start.exhausted()) {
                continue;
            }
            Map<String, AttributeValue> startKey = start == null ? null : start.startKey();
            int collected = 0;
            boolean done = false;
            while (collected < pageSize && !done) {
                QueryResponse response = dynamoDb.query(query(table, bucket, shard, from, to, prefix, kinds, now,
                        pageSize, startKey));
                for (Map<String, AttributeValue> item : response.items()) {
                    reads.add(new Read(shard, item));
                    collected++;
                }
                startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey() : null;
                done = startKey == null;
            }
            shardDone.put(shard, done);
        }
        reads.sort(Comparator.comparing((Read r) -> r.item().get(HistoryTable.GSI1_SK).s()).reversed());
        List<Read> taken = reads.subList(0, Math.min(pageSize, reads.size()));

        Map<Integer, ShardCursor> next = new HashMap<>();
        boolean allExhausted = true;
        for (int shard = 0; shard < HistoryTable.BUCKET_SHARDS; shard++) {
            ShardCursor previous = cursor == null ? null : cursor.get(shard);
            if (previous != null && previous.exhausted()) {
                next.put(shard, previous);
                continue;
            }
            final int s = shard;
            long readFromShard = reads.stream().filter(r -> r.shard() == s).count();
            List<Read> takenFromShard = taken.stream().filter(r -> r.shard() == s).toList();
            boolean exhausted = shardDone.get(shard) && takenFromShard.size() == readFromShard;
            Map<String, AttributeValue> startKey = takenFromShard.isEmpty()
                    ? (previous == null ? null : previous.startKey())
                    : indexKey(takenFromShard.get(takenFromShard.size() - 1).item());
            next.put(shard, new ShardCursor(startKey, exhausted));
            allExhausted &= exhausted;
        }
        return new Page(taken.stream().map(Read::item).toList(), allExhausted ? null : next);
    }

    private static software.amazon.awssdk.services.dynamodb.model.QueryRequest query(String table, String bucket,
            int shard, Instant from, Instant to, String prefix, Set<EventKind> kinds, Instant now, int limit,
            Map<String, AttributeValue> startKey) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(HistoryTable.bucketShardPk(bucket, shard)));
        values.put(":from", AttributeValue.fromS(SortableTime.format(from)));
        values.put(":to", AttributeValue.fromS(SortableTime.format(to)));
        values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        StringBuilder filter = new StringBuilder("expiresAt > :now");
        if (prefix != null) {
            values.put(":prefix", AttributeValue.fromS(prefix));
            filter.append(" AND begins_with(objectKey, :prefix)");
        }
        Map<String, String> names = null;
        if (!kinds.isEmpty()) {
            List<String> placeholders = new ArrayList<>();
            int i = 0;
            for (EventKind kind : kinds) {
                values.put(":k" + i, AttributeValue.fromS(kind.name()));
                placeholders.add(":k" + i++);
            }
            filter.append(" AND #kind IN (").append(String.join(", ", placeholders)).append(")");
            names = Map.of("#kind", "kind");
        }
        return software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                .tableName(table)
                .indexName(HistoryTable.GSI1)
                .keyConditionExpression("gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to")
                .filterExpression(filter.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .limit(limit)
                .exclusiveStartKey(startKey)
                .build();
    }

    /** An ExclusiveStartKey on gsi1: the index keys plus the table keys of the last item read. */
    private static Map<String, AttributeValue> indexKey(Map<String, AttributeValue> item) {
        return Map.of(
                HistoryTable.PK, item.get(HistoryTable.PK),
                HistoryTable.SK, item.get(HistoryTable.SK),
                HistoryTable.GSI1_PK, item.get(HistoryTable.GSI1_PK),
                HistoryTable.GSI1_SK, item.get(HistoryTable.GSI1_SK));
    }
}
