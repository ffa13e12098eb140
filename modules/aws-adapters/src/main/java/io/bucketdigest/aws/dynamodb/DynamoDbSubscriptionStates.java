package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.port.Lease;
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
                    .conditionExpression(
                            "attribute_exists(pk) AND (attribute_not_exists(leaseOwner) OR leaseExpiresAt < :now)")
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

    @Override
    public boolean release(Lease lease, Optional<Instant> oldestRemaining, Instant lastArrivalSeen) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":owner", s(lease.owner()));
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(tableName)
                .key(key(lease.subscriptionId()));
        if (oldestRemaining.isPresent()) {
            values.put(":oldest", s(SortableTime.format(oldestRemaining.get())));
            request.updateExpression("SET firstPendingAt = :oldest REMOVE leaseOwner, leaseExpiresAt")
                    .conditionExpression("leaseOwner = :owner");
        } else if (lastArrivalSeen != null) {
            values.put(":seen", s(SortableTime.format(lastArrivalSeen)));
            request.updateExpression("REMOVE leaseOwner, leaseExpiresAt, firstPendingAt")
                    .conditionExpression("leaseOwner = :owner AND lastArrivalAt = :seen");
        } else {
            request.updateExpression("REMOVE leaseOwner, leaseExpiresAt, firstPendingAt")
                    .conditionExpression("leaseOwner = :owner AND attribute_not_exists(lastArrivalAt)");
        }
        try {
            dynamoDb.updateItem(request.expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            Optional<State> now = read(lease.subscriptionId());
            if (now.isEmpty() || !lease.owner().equals(now.get().leaseOwner())) {
                throw new LeaseLostException("lease on subscription " + lease.subscriptionId() + " was lost");
            }
            return false;
        } catch (SdkException e) {
            throw new TransientFailureException("cannot release the lease of subscription " + lease.subscriptionId(), e);
        }
    }

    private static State toState(String subscriptionId, Map<String, AttributeValue> item) {
        String active = EventItems.str(item, "activeDigestId");
        return new State(subscriptionId, instant(item, "firstPendingAt"), instant(item, "lastArrivalAt"),
                EventItems.str(item, "leaseOwner"), instant(item, "leaseExpiresAt"),
                active == null ? null : new DigestId(active));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = EventItems.str(item, name);
        return value == null ? null : SortableTime.parse(value);
    }
}
