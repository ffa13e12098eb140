package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Digest records: {@code DIGEST#id / META} (listed per subscription through gsi1 {@code SUBDIGESTS#sub}) and
 * {@code DIGEST#id / ENTRIES#nnnn} chunks naming the exact pending entries covered. Every status change is a
 * transaction with a condition check on the subscription's lease.
 */
public final class DynamoDbDigestRecords implements DigestRecords {

    static final int REFS_PER_CHUNK = 2000;

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;
    private final Clock clock;

    public DynamoDbDigestRecords(DynamoDbClient dynamoDb, String tableName, Duration retention, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void create(DigestRecord record, List<PendingRef> entries, Lease lease) {
        AttributeValue expiresAt = EventItems.epochSeconds(clock.instant().plus(retention));
        List<WriteRequest> chunks = new ArrayList<>();
        for (int from = 0, chunk = 0; from < entries.size(); from += REFS_PER_CHUNK, chunk++) {
            List<AttributeValue> refs = entries.subList(from, Math.min(entries.size(), from + REFS_PER_CHUNK))
                    .stream().map(ref -> s(ref.encode())).toList();
            Map<String, AttributeValue> item = Map.of(
                    HistoryTable.PK, s(HistoryTable.digestPk(record.id().value())),
                    HistoryTable.SK, s(HistoryTable.digestEntriesSk(chunk)),
                    "type", s(HistoryTable.TYPE_DIGEST_ENTRIES),
                    "refs", AttributeValue.fromL(refs),
                    HistoryTable.EXPIRES_AT, expiresAt);
            chunks.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        BatchWriter.writeAll(dynamoDb, tableName, chunks);

        Map<String, AttributeValue> meta = new HashMap<>(metaKey(record.id()));
        meta.put("type", s(HistoryTable.TYPE_DIGEST));
        meta.put("digestId", s(record.id().value()));
        meta.put("subscriptionId", s(record.subscriptionId()));
        meta.put("status", s(record.status().name()));
        meta.put("entryCount", EventItems.n(record.entryCount()));
        meta.put("firstEventTime", s(SortableTime.format(record.firstEventTime())));
        meta.put("lastEventTime", s(SortableTime.format(record.lastEventTime())));
        meta.put("createdAt", s(SortableTime.format(record.createdAt())));
        meta.put(HistoryTable.GSI1_PK, s(HistoryTable.subscriptionDigestsGsiPk(record.subscriptionId())));
        meta.put(HistoryTable.GSI1_SK, s(SortableTime.format(record.createdAt()) + "#" + record.id().value()));
        meta.put(HistoryTable.EXPIRES_AT, expiresAt);
        transact(lease, List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(tableName).item(meta)
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(tableName)
                        .key(DynamoDbSubscriptionStates.key(lease.subscriptionId()))
                        .updateExpression("SET activeDigestId = :id")
                        .conditionExpression("leaseOwner = :owner AND attribute_not_exists(activeDigestId)")
                        .expressionAttributeValues(Map.of(":id", s(record.id().value()), ":owner", s(lease.owner())))
                        .build()).build()));
    }

    @Override
    public Optional<DigestRecord> find(DigestId id) {
        try {
            GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName).key(metaKey(id)).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(toRecord(response.item())) : Optional.empty();
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read digest " + id, e);
        }
    }

    @Override
    public List<PendingRef> entries(DigestId id) {
        List<PendingRef> refs = new ArrayList<>();
        try {
            dynamoDb.queryPaginator(b -> b.tableName(tableName)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :entries)")
                            .expressionAttributeValues(Map.of(":pk", s(HistoryTable.digestPk(id.value())),
                                    ":entries", s("ENTRIES#")))
                            .consistentRead(true))
                    .items()
                    .forEach(item -> item.get("refs").l().forEach(ref -> refs.add(PendingRef.decode(ref.s()))));
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read the entries of digest " + id, e);
        }
        return refs;
    }


    @Override
    public void markSendStarted(DigestId id, Instant at, String subject, Lease lease) {
        updateMeta(id, lease, "SET sendStartedAt = :at, subject = :subject",
                Map.of(":at", s(SortableTime.format(at)), ":subject", s(subject)));
    }

    @Override
    public void markSent(DigestId id, String sesMessageId, Instant at, Lease lease) {
        updateMeta(id, lease, "SET #status = :status, sesMessageId = :mid, sentAt = :at REMOVE failureReason",
                Map.of(":status", s(DigestRecord.Status.SENT.name()), ":mid", s(sesMessageId),
                        ":at", s(SortableTime.format(at))));
    }

    @Override
    public void markFailed(DigestId id, String reason, Lease lease) {
        updateMeta(id, lease, "SET #status = :status, failureReason = :reason REMOVE sendStartedAt",
                Map.of(":status", s(DigestRecord.Status.FAILED.name()),
                        ":reason", s(reason == null ? "unknown" : reason)));
    }

    @Override
    public void complete(DigestId id, Lease lease) {
        transact(lease, List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(tableName).key(metaKey(id))
                        .updateExpression("SET #status = :status")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":status", s(DigestRecord.Status.COMPLETE.name())))
                        .build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(tableName)
                        .key(DynamoDbSubscriptionStates.key(lease.subscriptionId()))
                        .updateExpression("REMOVE activeDigestId")
                        .conditionExpression("leaseOwner = :owner AND activeDigestId = :id")
                        .expressionAttributeValues(Map.of(":owner", s(lease.owner()), ":id", s(id.value())))
                        .build()).build()));
    }

    private void updateMeta(DigestId id, Lease lease, String expression, Map<String, AttributeValue> values) {
        Map<String, String> names = expression.contains("#status") ? Map.of("#status", "status") : null;
        transact(lease, List.of(
                leaseCheck(lease),
                TransactWriteItem.builder().update(Update.builder().tableName(tableName).key(metaKey(id))
                        .updateExpression(expression)
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .build()).build()));
    }

    private TransactWriteItem leaseCheck(Lease lease) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(tableName)
                .key(DynamoDbSubscriptionStates.key(lease.subscriptionId()))
                .conditionExpression("leaseOwner = :owner")
                .expressionAttributeValues(Map.of(":owner", s(lease.owner())))
                .build()).build();
    }

    private void transact(Lease lease, List<TransactWriteItem> items) {
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            boolean conditionFailed = e.hasCancellationReasons() && e.cancellationReasons().stream()
                    .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
            if (conditionFailed) {
                throw new LeaseLostException("digest write for subscription " + lease.subscriptionId()
                        + " failed its lease or state condition; another sender took over");
            }
            throw new TransientFailureException("digest record transaction cancelled: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new TransientFailureException("cannot write digest record for " + lease.subscriptionId(), e);
        }
    }

    private static Map<String, AttributeValue> metaKey(DigestId id) {
        return Map.of(HistoryTable.PK, s(HistoryTable.digestPk(id.value())), HistoryTable.SK,
                s(HistoryTable.DIGEST_META_SK));
    }

    public static DigestRecord toRecord(Map<String, AttributeValue> item) {
        return new DigestRecord(
                new DigestId(EventItems.str(item, "digestId")),
                EventItems.str(item, "subscriptionId"),
                DigestRecord.Status.valueOf(EventItems.str(item, "status")),
                Integer.parseInt(item.get("entryCount").n()),
                instant(item, "firstEventTime"),
                instant(item, "lastEventTime"),
                instant(item, "createdAt"),
                instant(item, "sendStartedAt"),
                instant(item, "sentAt"),
                EventItems.str(item, "sesMessageId"),
                EventItems.str(item, "subject"),
                EventItems.str(item, "failureReason"));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = EventItems.str(item, name);
        return value == null ? null : SortableTime.parse(value);
    }
}
