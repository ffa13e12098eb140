package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.digest.PendingShards;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Pending entries live in {@code PENDING#sub#shard} partitions sorted by arrival; reads merge the shards lazily. */
public final class DynamoDbPendingEntries implements PendingEntries {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;
    private final Clock clock;

    public DynamoDbPendingEntries(DynamoDbClient dynamoDb, String tableName, Duration retention, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.retention = retention;
        this.clock = clock;
    }

    /** Merges the shards lazily ({@link PendingShards}): one Query page at a time, as far as the merge needs. */
    @Override
    public List<PendingEntry> oldest(String subscriptionId, int limit) {
        return PendingShards.oldest(HistoryTable.PENDING_SHARDS, limit,
                (shard, after, pageSize) -> queryShard(subscriptionId, shard, after, pageSize));
    }

    private PendingShards.Page queryShard(String subscriptionId, int shard, PendingRef after, int pageSize) {
        String pk = HistoryTable.pendingPk(subscriptionId, shard);
        try {
            QueryResponse response = dynamoDb.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .consistentRead(true)
                    .limit(pageSize)
                    .exclusiveStartKey(after == null ? null
                            : Map.of(HistoryTable.PK, s(pk), HistoryTable.SK, s(after.sortKey())))
                    .build());
            List<PendingEntry> entries = new ArrayList<>(response.items().size());
            for (Map<String, AttributeValue> item : response.items()) {
                entries.add(toEntry(subscriptionId, shard, item));
            }
            return new PendingShards.Page(entries,
                    response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty());
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read pending entries of subscription " + subscriptionId, e);
        }
    }

    @Override
    public List<PendingEntry> load(String subscriptionId, List<PendingRef> refs) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(refs.size());
        refs.forEach(ref -> keys.add(key(subscriptionId, ref)));
        Map<PendingRef, PendingEntry> found = new HashMap<>();
        for (Map<String, AttributeValue> item : BatchReader.getAll(dynamoDb, tableName, keys, null)) {
            PendingEntry entry = toEntry(subscriptionId, shardOf(item), item);
            found.put(entry.ref(), entry);
        }
        List<PendingEntry> ordered = new ArrayList<>(found.size());
        for (PendingRef ref : refs) {
            PendingEntry entry = found.get(ref);
            if (entry != null) {
                ordered.add(entry);
            }
        }
        return ordered;
    }

    @Override
    public Set<EventId> reportedBefore(String subscriptionId, List<PendingEntry> entries) {
        Map<String, EventId> idByNoteKey = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>(entries.size());
        for (PendingEntry entry : entries) {
            String pk = HistoryTable.objectPk(entry.event().bucket(), entry.event().key());
            String sk = HistoryTable.noteSk(entry.event().id(), subscriptionId);
            if (idByNoteKey.put(pk + "\u0000" + sk, entry.event().id()) == null) {
                keys.add(Map.of(HistoryTable.PK, s(pk), HistoryTable.SK, s(sk)));
            }
        }
        Set<EventId> reported = new HashSet<>();
        for (Map<String, AttributeValue> item : BatchReader.getAll(dynamoDb, tableName, keys, "pk, sk")) {
            EventId id = idByNoteKey.get(EventItems.str(item, HistoryTable.PK) + "\u0000"
                    + EventItems.str(item, HistoryTable.SK));
            if (id != null) {
                reported.add(id);
            }
        }
        return reported;
    }

    @Override
    public void annotate(DigestId digestId, List<PendingEntry> entries) {
        String expiresAt = Long.toString(clock.instant().plus(retention).getEpochSecond());
        List<WriteRequest> writes = new ArrayList<>(entries.size());
        for (PendingEntry entry : entries) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(HistoryTable.PK, s(HistoryTable.objectPk(entry.event().bucket(), entry.event().key())));
            item.put(HistoryTable.SK, s(HistoryTable.noteSk(entry.event().id(), entry.subscriptionId())));
            item.put("type", s(HistoryTable.TYPE_NOTE));
            item.put("eventId", s(entry.event().id().value()));
            item.put("subscriptionId", s(entry.subscriptionId()));
            item.put("digestId", s(digestId.value()));
            item.put(HistoryTable.EXPIRES_AT, AttributeValue.fromN(expiresAt));
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        BatchWriter.writeAll(dynamoDb, tableName, writes);
    }

    @Override
    public void remove(String subscriptionId, List<PendingRef> refs) {
        List<WriteRequest> deletes = new ArrayList<>(refs.size());
        for (PendingRef ref : refs) {
            deletes.add(WriteRequest.builder()
                    .deleteRequest(DeleteRequest.builder().key(key(subscriptionId, ref)).build())
                    .build());
        }
        BatchWriter.writeAll(dynamoDb, tableName, deletes);
    }

    @Override
    public void park(DigestId digestId, List<PendingEntry> entries) {
        List<WriteRequest> puts = new ArrayList<>(entries.size());
        for (PendingEntry entry : entries) {
            Map<String, AttributeValue> item = EventItems.eventAttributes(entry.event());
            item.put(HistoryTable.PK, s(HistoryTable.digestPk(digestId.value())));
            item.put(HistoryTable.SK, s(HistoryTable.parkedSk(entry.ref().encode())));
            item.put("type", s(HistoryTable.TYPE_PARKED));
            item.put("subscriptionId", s(entry.subscriptionId()));
            item.put("ingestedAt", s(SortableTime.format(entry.ingestedAt())));
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        BatchWriter.writeAll(dynamoDb, tableName, puts);
    }

    @Override
    public List<PendingEntry> parked(DigestId digestId) {
        List<PendingEntry> entries = new ArrayList<>();
        try {
            dynamoDb.queryPaginator(b -> b.tableName(tableName)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :parked)")
                            .expressionAttributeValues(Map.of(":pk", s(HistoryTable.digestPk(digestId.value())),
                                    ":parked", s(HistoryTable.PARKED_SK_PREFIX)))
                            .consistentRead(true))
                    .items()
                    .forEach(item -> {
                        PendingRef ref = PendingRef.decode(EventItems.str(item, HistoryTable.SK)
                                .substring(HistoryTable.PARKED_SK_PREFIX.length()));
                        entries.add(new PendingEntry(EventItems.str(item, "subscriptionId"), ref,
                                EventItems.toEvent(item), SortableTime.parse(EventItems.str(item, "ingestedAt"))));
                    });
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read the parked entries of digest " + digestId, e);
        }
        return entries;
    }

    @Override
    public void unpark(DigestId digestId, List<PendingEntry> entries) {
        List<WriteRequest> restore = new ArrayList<>(entries.size() * 2);
        for (PendingEntry entry : entries) {
            Map<String, AttributeValue> item = EventItems.eventAttributes(entry.event());
            item.putAll(key(entry.subscriptionId(), entry.ref()));
            item.put("type", s(HistoryTable.TYPE_PENDING));
            item.put("subscriptionId", s(entry.subscriptionId()));
            item.put("ingestedAt", s(SortableTime.format(entry.ingestedAt())));
            restore.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            restore.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of(
                    HistoryTable.PK, s(HistoryTable.objectPk(entry.event().bucket(), entry.event().key())),
                    HistoryTable.SK, s(HistoryTable.noteSk(entry.event().id(), entry.subscriptionId()))))
                    .build()).build());
        }
        // Entries and notes first: a crash before the parked copies are dropped leaves them for a repeated unpark.
        BatchWriter.writeAll(dynamoDb, tableName, restore);
        discardParked(digestId, entries);
    }

    @Override
    public void discardParked(DigestId digestId, List<PendingEntry> entries) {
        List<WriteRequest> deletes = new ArrayList<>(entries.size());
        for (PendingEntry entry : entries) {
            deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(Map.of(
                    HistoryTable.PK, s(HistoryTable.digestPk(digestId.value())),
                    HistoryTable.SK, s(HistoryTable.parkedSk(entry.ref().encode())))).build()).build());
        }
        BatchWriter.writeAll(dynamoDb, tableName, deletes);
    }

    private static Map<String, AttributeValue> key(String subscriptionId, PendingRef ref) {
        return Map.of(HistoryTable.PK, s(HistoryTable.pendingPk(subscriptionId, ref.shard())),
                HistoryTable.SK, s(ref.sortKey()));
    }

    private static int shardOf(Map<String, AttributeValue> item) {
        String pk = EventItems.str(item, HistoryTable.PK);
        return Integer.parseInt(pk.substring(pk.lastIndexOf('#') + 1));
    }

    private static PendingEntry toEntry(String subscriptionId, int shard, Map<String, AttributeValue> item) {
        return new PendingEntry(subscriptionId, new PendingRef(shard, EventItems.str(item, HistoryTable.SK)),
                EventItems.toEvent(item), SortableTime.parse(EventItems.str(item, "ingestedAt")));
    }
}
