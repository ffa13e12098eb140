package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** One UpdateItem per touched subscription per batch on its state item. */
public final class DynamoDbArrivalLedger implements ArrivalLedger {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbArrivalLedger(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Instant arrivedAt) {
        Map<String, Arrivals> result = new HashMap<>();
        String now = SortableTime.format(arrivedAt);
        for (String subscriptionId : subscriptionIds) {
            try {
                UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(tableName)
                        .key(Map.of(HistoryTable.PK, s(HistoryTable.statePk(subscriptionId)),
                                HistoryTable.SK, s(HistoryTable.STATE_SK)))
                        .updateExpression("SET lastArrivalAt = :now, "
                                + "firstPendingAt = if_not_exists(firstPendingAt, :now), #type = :type, "
                                + "subscriptionId = :sub")
                        .conditionExpression("attribute_not_exists(lastArrivalAt) OR lastArrivalAt < :now")
                        .expressionAttributeNames(Map.of("#type", "type"))
                        .expressionAttributeValues(Map.of(
                                ":now", s(now), ":type", s(HistoryTable.TYPE_STATE), ":sub", s(subscriptionId)))
                        .returnValues(ReturnValue.ALL_NEW)
                        .build());
                result.put(subscriptionId, toArrivals(response.attributes()));
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
                // Another batch already noted a later (or the same) arrival time. Ours must still change
                // lastArrivalAt: the digest sender releases its lease on "no arrival noted since I looked", and this
                // batch's entries may have been written after its look.
                result.put(subscriptionId, noteLateArrival(subscriptionId, now));
            } catch (SdkException e) {
                throw new TransientFailureException("cannot note arrivals for subscription " + subscriptionId, e);
            }
        }
        return result;
    }

    /**
     * Makes sure something is pending, then moves lastArrivalAt one microsecond past the value it holds, so every
     * noted arrival changes it. If that conditional update fails, another batch changed lastArrivalAt after this
     * batch's entries were written, which serves the same purpose.
     */
    private Arrivals noteLateArrival(String subscriptionId, String now) {
        Map<String, AttributeValue> key = Map.of(HistoryTable.PK, s(HistoryTable.statePk(subscriptionId)),
                HistoryTable.SK, s(HistoryTable.STATE_SK));
        try {
            UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key)
                    .updateExpression("SET firstPendingAt = if_not_exists(firstPendingAt, :now)")
                    .expressionAttributeValues(Map.of(":now", s(now)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build());
            String last = EventItems.str(response.attributes(), "lastArrivalAt");
            String bumped = SortableTime.format(SortableTime.parse(last).plus(1, ChronoUnit.MICROS));
            try {
                UpdateItemResponse bump = dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(tableName)
                        .key(key)
                        .updateExpression("SET lastArrivalAt = :bumped")
                        .conditionExpression("lastArrivalAt = :last")
                        .expressionAttributeValues(Map.of(":bumped", s(bumped), ":last", s(last)))
                        .returnValues(ReturnValue.ALL_NEW)
                        .build());
                return toArrivals(bump.attributes());
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException moved) {
                return toArrivals(response.attributes());
            }
        } catch (SdkException e) {
            throw new TransientFailureException("cannot note arrivals for subscription " + subscriptionId, e);
        }
    }

    private static Arrivals toArrivals(Map<String, AttributeValue> item) {
        return new Arrivals(instant(item, "firstPendingAt"), instant(item, "lastArrivalAt"));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = EventItems.str(item, name);
        return value == null ? null : SortableTime.parse(value);
    }
}
