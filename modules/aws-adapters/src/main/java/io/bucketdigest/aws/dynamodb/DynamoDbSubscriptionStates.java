package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.LeaseLostException;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** The per-subscription state item ({@code SUBSTATE#sub / STATE}); the lease is a conditional update on it. */
public final class DynamoDbSubscriptionStates implements SubscriptionStates {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbSubscriptionStates(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    static Map<String, AttributeValue> key(String subscriptionId) {
        return Map.of(HistoryTable.PK, s(HistoryTable.statePk(subscriptionId)), HistoryTable.SK,
                s(HistoryTable.STATE_SK));
    }

    @Override
    public Optional<State> read(String subscriptionId) {
        try {
            GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName).key(key(subscriptionId))
                    .consistentRead(true));
            if (!response.hasItem() || response.item().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(toState(subscriptionId, response.item()));
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read digest state of subscription " + subscriptionId, e);
        }
    }

    @Override
    public Optional<State> acquire(String subscriptionId, String owner, Instant now, Instant expiresAt) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(subscriptionId))
                    .updateExpression("SET leaseOwner = :owner, leaseExpiresAt = :expires")
                    // "= :owner": an SDK retry of an acquire that succeeded must not read as "held by another".
                    .conditionExpression("attribute_exists(pk) AND (attribute_not_exists(leaseOwner) "
                            + "OR leaseExpiresAt < :now OR leaseOwner = :owner)")
                    .expressionAttributeValues(Map.of(
                            ":owner", s(owner),
                            ":expires", s(SortableTime.format(expiresAt)),
                            ":now", s(SortableTime.format(now))))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            return Optional.of(toState(subscriptionId, response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new TransientFailureException("cannot take the digest lease of subscription " + subscriptionId, e);
        }
    }

    /**
     * Also stamps {@code releasedBy}: when the condition fails, the item it returns tells an SDK retry of this same
     * release (already done: our owner in releasedBy, no owner now) from a lost lease or newer arrivals.
     */
    @Override
    public boolean release(Lease lease, Optional<Instant> oldestRemaining, long arrivalsSeen) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":owner", s(lease.owner()));
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(tableName)
                .key(key(lease.subscriptionId()))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (oldestRemaining.isPresent()) {
            values.put(":oldest", s(SortableTime.format(oldestRemaining.get())));
            request.updateExpression("SET firstPendingAt = :oldest, releasedBy = :owner "
                            + "REMOVE leaseOwner, leaseExpiresAt")
                    .conditionExpression("leaseOwner = :owner");
        } else {
            values.put(":seen", AttributeValue.fromN(Long.toString(arrivalsSeen)));
            values.put(":zero", AttributeValue.fromN("0"));
            request.updateExpression("SET releasedBy = :owner REMOVE leaseOwner, leaseExpiresAt, firstPendingAt")
                    .conditionExpression("leaseOwner = :owner AND (arrivalSeq = :seen "
                            + "OR (attribute_not_exists(arrivalSeq) AND :seen = :zero))");
        }
        try {
            dynamoDb.updateItem(request.expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            String holder = EventItems.str(old, "leaseOwner");
            if (lease.owner().equals(holder)) {
                return false;
            }
            if (holder == null && lease.owner().equals(EventItems.str(old, "releasedBy"))) {
                return true;
            }
            throw new LeaseLostException("lease on subscription " + lease.subscriptionId() + " was lost");
        } catch (SdkException e) {
            throw new TransientFailureException("cannot release the lease of subscription " + lease.subscriptionId(), e);
        }
    }

    static State toState(String subscriptionId, Map<String, AttributeValue> item) {
        String active = EventItems.str(item, "activeDigestId");
        String last = EventItems.str(item, ItemAttributes.LAST_DIGEST_ID);
        AttributeValue seq = item.get("arrivalSeq");
        return new State(subscriptionId, instant(item, "firstPendingAt"), instant(item, "lastArrivalAt"),
                seq == null || seq.n() == null ? 0L : Long.parseLong(seq.n()), EventItems.str(item, "leaseOwner"),
                instant(item, "leaseExpiresAt"),
                active == null ? null : new DigestId(active), number(item, ItemAttributes.EXCLUDED_COUNT),
                last == null ? null : new DigestId(last));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0L : Long.parseLong(value.n());
    }

    /** ADD of the negative count: what ingest added meanwhile stays. Never creates a state item that is gone. */
    @Override
    public void subtractExcluded(String subscriptionId, long shown) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(subscriptionId))
                    .updateExpression("ADD " + ItemAttributes.EXCLUDED_COUNT + " :minus")
                    .conditionExpression("attribute_exists(" + HistoryTable.PK + ")")
                    .expressionAttributeValues(Map.of(":minus", AttributeValue.fromN(Long.toString(-shown))))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // The state item is gone (the subscription was deleted): nothing left to count down.
        } catch (SdkException e) {
            throw new TransientFailureException("cannot reset the excluded count of subscription " + subscriptionId, e);
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = EventItems.str(item, name);
        return value == null ? null : SortableTime.parse(value);
    }
}
