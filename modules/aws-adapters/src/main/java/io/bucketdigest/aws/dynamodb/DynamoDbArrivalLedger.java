package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * One UpdateItem per touched subscription per batch on its state item; repeating it is harmless, except for the
 * excluded count it adds, which a repeat adds again.
 */
public final class DynamoDbArrivalLedger implements ArrivalLedger {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbArrivalLedger(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Map<String, Long> excludedCounts,
            Instant arrivedAt) {
        Map<String, Arrivals> result = new HashMap<>();
        String now = SortableTime.format(arrivedAt);
        for (Map.Entry<String, Long> excluded : excludedCounts.entrySet()) {
            if (!subscriptionIds.contains(excluded.getKey())) {
                countExcluded(excluded.getKey(), excluded.getValue());
            }
        }
        for (String subscriptionId : subscriptionIds) {
            long excluded = excludedCounts.getOrDefault(subscriptionId, 0L);
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", s(now),
                    ":type", s(HistoryTable.TYPE_STATE), ":sub", s(subscriptionId), ":one", AttributeValue.fromN("1")));
            String addExcluded = "";
            if (excluded > 0) {
                addExcluded = ", " + ItemAttributes.EXCLUDED_COUNT + " :excluded";
                values.put(":excluded", AttributeValue.fromN(Long.toString(excluded)));
            }
            try {
                // One request, no condition: the digest sender's release compares arrivalSeq, so the increment and
                // firstPendingAt must land together. lastArrivalAt is the latest note, not the latest clock: a batch
                // whose clock runs behind may move it back by the skew, which only makes the quiet period end sooner.
                UpdateItemResponse response = dynamoDb.updateItem(UpdateItemRequest.builder()
                        .tableName(tableName)
                        .key(Map.of(HistoryTable.PK, s(HistoryTable.statePk(subscriptionId)),
                                HistoryTable.SK, s(HistoryTable.STATE_SK)))
                        .updateExpression("SET lastArrivalAt = :now, "
                                + "firstPendingAt = if_not_exists(firstPendingAt, :now), #type = :type, "
                                + "subscriptionId = :sub ADD arrivalSeq :one" + addExcluded)
                        .expressionAttributeNames(Map.of("#type", "type"))
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.ALL_NEW)
                        .build());
                result.put(subscriptionId, toArrivals(response.attributes()));
            } catch (SdkException e) {
                throw new TransientFailureException("cannot note arrivals for subscription " + subscriptionId, e);
            }
        }
        return result;
    }

    /** A subscription whose events in this batch were all excluded: the count only, no pending period. */
    private void countExcluded(String subscriptionId, long excluded) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(HistoryTable.PK, s(HistoryTable.statePk(subscriptionId)),
                            HistoryTable.SK, s(HistoryTable.STATE_SK)))
                    .updateExpression("SET #type = :type, " + ItemAttributes.SUBSCRIPTION_ID + " = :sub ADD "
                            + ItemAttributes.EXCLUDED_COUNT + " :excluded")
                    .expressionAttributeNames(Map.of("#type", ItemAttributes.TYPE))
                    .expressionAttributeValues(Map.of(":type", s(HistoryTable.TYPE_STATE), ":sub", s(subscriptionId),
                            ":excluded", AttributeValue.fromN(Long.toString(excluded))))
                    .build());
        } catch (SdkException e) {
            throw new TransientFailureException("cannot count excluded events for subscription " + subscriptionId, e);
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
