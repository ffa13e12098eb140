package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.LeaseLostException;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Digest records: {@code DIGEST#id / META} (listed per subscription through gsi1 {@code SUBDIGESTS#sub}) and
 * {@code DIGEST#id / ENTRIES#nnnn} chunks naming the exact pending entries covered. Every status change is a
 * transaction with a condition check on the subscription's lease. A transaction retried by the SDK carries the same
 * client request token, so DynamoDB applies it once and answers the retry with success. Nothing of a digest in flight
 * expires: the TTL is set when the digest completes or is retired.
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
        for (int from = 0, chunk = 0; from < entries.size(); from += REFS_PER_CHUNK, chunk++) {
            List<AttributeValue> refs = entries.subList(from, Math.min(entries.size(), from + REFS_PER_CHUNK))
                    .stream().map(ref -> s(ref.encode())).toList();
            putChunk(record.id(), chunk, refs);
        }

        Map<String, AttributeValue> meta = new HashMap<>(metaKey(record.id()));
        meta.put("type", s(HistoryTable.TYPE_DIGEST));
        meta.put("digestId", s(record.id().value()));
        meta.put("subscriptionId", s(record.subscriptionId()));
        meta.put("status", s(record.status().name()));
        meta.put("entryCount", EventItems.n(record.entryCount()));
        meta.put("firstEventTime", s(SortableTime.format(record.firstEventTime())));
        meta.put("lastEventTime", s(SortableTime.format(record.lastEventTime())));
        meta.put("createdAt", s(SortableTime.format(record.createdAt())));
        if (!record.recipients().isEmpty()) {
            meta.put("recipients", AttributeValue.fromL(record.recipients().stream().map(EventItems::s).toList()));
        }
        BurstPart part = record.part();
        if (part.partOfSeveral()) {
            meta.put(ItemAttributes.PART_NUMBER, EventItems.n(part.number()));
            meta.put(ItemAttributes.PART_CUT, s(part.cut().name()));
            if (part.previous() != null) {
                meta.put(ItemAttributes.PREVIOUS_DIGEST_ID, s(part.previous().value()));
                meta.put(ItemAttributes.PREVIOUS_CREATED_AT, s(SortableTime.format(part.previousCreatedAt())));
            }
        }
        meta.put(HistoryTable.GSI1_PK, s(HistoryTable.subscriptionDigestsGsiPk(record.subscriptionId())));
        meta.put(HistoryTable.GSI1_SK, s(HistoryTable.subscriptionDigestsGsiSk(record.createdAt(), record.id())));
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

    /**
     * A conditional put: a digest id that is already taken must never have its entry list overwritten. A failed
     * condition with the same refs in place is this put's own SDK retry.
     */
    private void putChunk(DigestId id, int chunk, List<AttributeValue> refs) {
        Map<String, AttributeValue> item = Map.of(
                HistoryTable.PK, s(HistoryTable.digestPk(id.value())),
                HistoryTable.SK, s(HistoryTable.digestEntriesSk(chunk)),
                "type", s(HistoryTable.TYPE_DIGEST_ENTRIES),
                "refs", AttributeValue.fromL(refs));
        try {
            dynamoDb.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(pk)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
        } catch (ConditionalCheckFailedException e) {
            AttributeValue existing = e.hasItem() ? e.item().get("refs") : null;
            if (existing == null || !refs.equals(existing.l())) {
                throw new TransientFailureException("digest id " + id + " is already taken; a new id is drawn on retry");
            }
        } catch (SdkException e) {
            throw new TransientFailureException("cannot write the entries of digest " + id, e);
        }
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
                                    ":entries", s(HistoryTable.DIGEST_ENTRIES_SK_PREFIX)))
                            .consistentRead(true))
                    .items()
                    .forEach(item -> item.get("refs").l().forEach(ref -> refs.add(PendingRef.decode(ref.s()))));
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read the entries of digest " + id, e);
        }
        return refs;
    }


    @Override
    public void markSendStarted(DigestId id, Instant at, String subject, boolean possibleDuplicate, Lease lease) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":at", s(SortableTime.format(at)));
        values.put(":subject", s(subject));
        String expression = "SET sendStartedAt = :at, subject = :subject";
        if (possibleDuplicate) {
            values.put(":true", AttributeValue.fromBool(true));
            expression += ", possibleDuplicate = :true";
        }
        updateMeta(id, lease, expression, values);
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
    public int noteFailedAttempt(DigestId id, String reason, Lease lease) {
        updateMeta(id, lease, "SET failureReason = :reason ADD failedAttempts :one",
                Map.of(":reason", s(reason == null ? "unknown" : reason), ":one", AttributeValue.fromN("1")));
        return find(id).map(DigestRecord::failedAttempts).orElse(DigestRecord.QUARANTINE_AFTER);
    }

    @Override
    public void retire(DigestId id, DigestRecord.Status status, String reason, Lease lease) {
        if (status.inFlight() || status == DigestRecord.Status.COMPLETE) {
            throw new IllegalArgumentException("retire takes a final status, not " + status);
        }
        TransactWriteItem clearActive = clearActive(id, lease);
        if (find(id).isEmpty()) {
            transact(lease, List.of(clearActive));
            return;
        }
        startRetention(id);
        transact(lease, List.of(
                TransactWriteItem.builder().update(Update.builder().tableName(tableName).key(metaKey(id))
                        .updateExpression("SET #status = :status, failureReason = :reason, expiresAt = :expires")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":status", s(status.name()),
                                ":reason", s(reason == null ? "unknown" : reason), ":expires", expiresAt()))
                        .build()).build(),
                clearActive));
    }

    @Override
    public boolean resolveQuarantine(DigestId id, DigestRecord.Status decision, String reason) {
        if (decision != DigestRecord.Status.RETRIED && decision != DigestRecord.Status.ABANDONED) {
            throw new IllegalArgumentException("a quarantined digest is RETRIED or ABANDONED, not " + decision);
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName).key(metaKey(id))
                    .updateExpression("SET #status = :decision, failureReason = :reason")
                    .conditionExpression("#status = :quarantined OR #status = :decision")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":decision", s(decision.name()),
                            ":quarantined", s(DigestRecord.Status.QUARANTINED.name()),
                            ":reason", s(reason == null ? "operator decision" : reason))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (SdkException e) {
            throw new TransientFailureException("cannot record the decision on digest " + id, e);
        }
    }

    @Override
    public void complete(DigestId id, Lease lease) {
        startRetention(id);
        TransactWriteItem clearActive = clearActiveAsLast(id, lease);
        TransactWriteItem markComplete = TransactWriteItem.builder().update(Update.builder().tableName(tableName)
                .key(metaKey(id))
                .updateExpression("SET #status = :status, expiresAt = :expires")
                // Without it, an update of a missing record would create a META item of two attributes.
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":status", s(DigestRecord.Status.COMPLETE.name()),
                        ":expires", expiresAt()))
                .build()).build();
        try {
            dynamoDb.transactWriteItems(b -> b.transactItems(markComplete, clearActive));
        } catch (TransactionCanceledException e) {
            boolean recordMissing = e.hasCancellationReasons() && e.cancellationReasons().size() == 2
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())
                    && !"ConditionalCheckFailed".equals(e.cancellationReasons().get(1).code());
            if (!recordMissing) {
                throw failure(lease, e);
            }
            // The record is gone: only the pointer to it is left to clear.
            transact(lease, List.of(clearActive));
        } catch (SdkException e) {
            throw new TransientFailureException("cannot complete digest " + id, e);
        }
    }

    /**
     * Clears the subscription's pointer to this digest, under the lease. "Not exists" too: a repeated complete or
     * retire (after a crash, or a caller's retry) finds it cleared already.
     */
    private TransactWriteItem clearActive(DigestId id, Lease lease) {
        return clearActive(id, lease, "REMOVE activeDigestId");
    }

    /** Clears the pointer and makes the digest the subscription's last one, for the next digest's part number. */
    private TransactWriteItem clearActiveAsLast(DigestId id, Lease lease) {
        return clearActive(id, lease, "REMOVE activeDigestId SET " + ItemAttributes.LAST_DIGEST_ID + " = :id");
    }

    private TransactWriteItem clearActive(DigestId id, Lease lease, String updateExpression) {
        return TransactWriteItem.builder().update(Update.builder().tableName(tableName)
                .key(DynamoDbSubscriptionStates.key(lease.subscriptionId()))
                .updateExpression(updateExpression)
                .conditionExpression("leaseOwner = :owner AND (attribute_not_exists(activeDigestId) "
                        + "OR activeDigestId = :id)")
                .expressionAttributeValues(Map.of(":owner", s(lease.owner()), ":id", s(id.value())))
                .build()).build();
    }

    /** The entry chunks of a finished digest start their retention; idempotent. */
    private void startRetention(DigestId id) {
        try {
            for (Map<String, AttributeValue> chunk : dynamoDb.queryPaginator(b -> b.tableName(tableName)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :entries)")
                            .expressionAttributeValues(Map.of(":pk", s(HistoryTable.digestPk(id.value())),
                                    ":entries", s(HistoryTable.DIGEST_ENTRIES_SK_PREFIX)))
                            .projectionExpression("pk, sk"))
                    .items()) {
                dynamoDb.updateItem(b -> b.tableName(tableName)
                        .key(Map.of(HistoryTable.PK, chunk.get(HistoryTable.PK), HistoryTable.SK,
                                chunk.get(HistoryTable.SK)))
                        .updateExpression("SET expiresAt = :expires")
                        .expressionAttributeValues(Map.of(":expires", expiresAt())));
            }
        } catch (SdkException e) {
            throw new TransientFailureException("cannot start the retention of digest " + id, e);
        }
    }

    private AttributeValue expiresAt() {
        return EventItems.epochSeconds(clock.instant().plus(retention));
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
            throw failure(lease, e);
        } catch (SdkException e) {
            throw new TransientFailureException("cannot write digest record for " + lease.subscriptionId(), e);
        }
    }

    /** A failed condition means another sender took over; any other cancellation is worth a retry. */
    private static RuntimeException failure(Lease lease, TransactionCanceledException e) {
        boolean conditionFailed = e.hasCancellationReasons() && e.cancellationReasons().stream()
                .anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
        if (conditionFailed) {
            return new LeaseLostException("digest write for subscription " + lease.subscriptionId()
                    + " failed its lease or state condition; another sender took over");
        }
        return new TransientFailureException("digest record transaction cancelled: " + e.getMessage(), e);
    }

    static Map<String, AttributeValue> metaKey(DigestId id) {
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
                item.containsKey("recipients") && item.get("recipients").hasL()
                        ? item.get("recipients").l().stream().map(AttributeValue::s).toList() : List.of(),
                instant(item, "sendStartedAt"),
                instant(item, "sentAt"),
                EventItems.str(item, "sesMessageId"),
                EventItems.str(item, "subject"),
                EventItems.str(item, "failureReason"),
                item.containsKey("failedAttempts") ? Integer.parseInt(item.get("failedAttempts").n()) : 0,
                item.containsKey("possibleDuplicate") && Boolean.TRUE.equals(item.get("possibleDuplicate").bool()),
                part(item));
    }

    private static BurstPart part(Map<String, AttributeValue> item) {
        if (!item.containsKey(ItemAttributes.PART_NUMBER)) {
            return BurstPart.WHOLE;
        }
        String previous = EventItems.str(item, ItemAttributes.PREVIOUS_DIGEST_ID);
        return new BurstPart(Integer.parseInt(item.get(ItemAttributes.PART_NUMBER).n()),
                previous == null ? null : new DigestId(previous), instant(item, ItemAttributes.PREVIOUS_CREATED_AT),
                BurstPart.Cut.valueOf(EventItems.str(item, ItemAttributes.PART_CUT)));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = EventItems.str(item, name);
        return value == null ? null : SortableTime.parse(value);
    }
}
