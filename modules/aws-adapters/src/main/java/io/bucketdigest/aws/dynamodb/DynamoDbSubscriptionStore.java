package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.port.SubscriptionStore;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Glob;
import io.bucketdigest.core.subscription.InvalidSubscriptionException;
import io.bucketdigest.core.subscription.Schedule;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Subscriptions live in one partition ({@code pk = SUBSCRIPTION}), so one Query reads them all. */
public final class DynamoDbSubscriptionStore implements SubscriptionStore {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbSubscriptionStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public List<Subscription> list() {
        List<Subscription> subscriptions = new ArrayList<>();
        try {
            dynamoDb.queryPaginator(QueryRequest.builder()
                            .tableName(tableName)
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", s(HistoryTable.SUBSCRIPTIONS_PK)))
                            .build())
                    .items()
                    .forEach(item -> subscriptions.add(toSubscription(item)));
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read subscriptions from table " + tableName, e);
        }
        return subscriptions;
    }


    @Override
    public Optional<Subscription> find(String id) {
        try {
            GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(toSubscription(response.item())) : Optional.empty();
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read subscription " + id + " from table " + tableName, e);
        }
    }

    @Override
    public void save(Subscription subscription) {
        Map<String, AttributeValue> item = new HashMap<>(key(subscription.id()));
        item.put("type", s(HistoryTable.TYPE_SUBSCRIPTION));
        item.put("subscriptionId", s(subscription.id()));
        item.put("recipients", AttributeValue.fromL(subscription.recipients().stream().map(EventItems::s).toList()));
        subscription.bucketFilter().ifPresent(bucket -> item.put("bucket", s(bucket)));
        if (!subscription.prefixes().isEmpty()) {
            item.put("prefixes", AttributeValue.fromL(subscription.prefixes().stream().map(EventItems::s).toList()));
        }
        if (!subscription.kinds().isEmpty()) {
            item.put("kinds", AttributeValue.fromSs(subscription.kinds().stream().map(Enum::name).sorted().toList()));
        }
        DigestTiming timing = subscription.timingOverride();
        if (timing != null) {
            if (timing.quietPeriod() != null) {
                item.put("quietPeriodSeconds", EventItems.n(timing.quietPeriod().toSeconds()));
            }
            if (timing.maxDelay() != null) {
                item.put("maxDelaySeconds", EventItems.n(timing.maxDelay().toSeconds()));
            }
            if (timing.maxEntries() != null) {
                item.put("maxEntries", EventItems.n(timing.maxEntries()));
            }
            if (timing.schedule() != null) {
                item.put(ItemAttributes.SCHEDULE, s(timing.schedule().text()));
            }
        }
        if (!subscription.timeZone().normalized().equals(ZoneOffset.UTC)) {
            item.put(ItemAttributes.TIME_ZONE, s(subscription.timeZone().getId()));
        }
        if (!subscription.exclusions().isEmpty()) {
            // A list, not a string set: the order is the operator's, and the mail names the patterns in it.
            item.put(ItemAttributes.EXCLUSIONS, AttributeValue.fromL(
                    subscription.exclusionPatterns().stream().map(EventItems::s).toList()));
        }
        try {
            dynamoDb.putItem(b -> b.tableName(tableName).item(item));
        } catch (SdkException e) {
            throw new TransientFailureException("cannot save subscription " + subscription.id(), e);
        }
    }

    @Override
    public boolean remove(String id) {
        try {
            DeleteItemResponse response = dynamoDb.deleteItem(b -> b.tableName(tableName).key(key(id))
                    .returnValues(ReturnValue.ALL_OLD));
            return response.hasAttributes() && !response.attributes().isEmpty();
        } catch (SdkException e) {
            throw new TransientFailureException("cannot remove subscription " + id, e);
        }
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(HistoryTable.PK, s(HistoryTable.SUBSCRIPTIONS_PK), HistoryTable.SK, s(id));
    }

    /** A stored schedule a later release no longer reads falls back to burst mode rather than hide the subscription. */
    private static Schedule schedule(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Schedule.parse(text);
        } catch (InvalidSubscriptionException e) {
            return null;
        }
    }

    static Subscription toSubscription(Map<String, AttributeValue> item) {
        List<String> recipients = item.containsKey("recipients")
                ? item.get("recipients").l().stream().map(AttributeValue::s).toList() : List.of();
        List<String> prefixes = item.containsKey("prefixes")
                ? item.get("prefixes").l().stream().map(AttributeValue::s).toList() : List.of();
        Set<EventKind> kinds = EnumSet.noneOf(EventKind.class);
        if (item.containsKey("kinds")) {
            item.get("kinds").ss().forEach(k -> kinds.add(EventKind.valueOf(k)));
        }
        Duration quiet = item.containsKey("quietPeriodSeconds")
                ? Duration.ofSeconds(Long.parseLong(item.get("quietPeriodSeconds").n())) : null;
        Duration maxDelay = item.containsKey("maxDelaySeconds")
                ? Duration.ofSeconds(Long.parseLong(item.get("maxDelaySeconds").n())) : null;
        Integer maxEntries = item.containsKey("maxEntries") ? Integer.parseInt(item.get("maxEntries").n()) : null;
        Schedule schedule = schedule(EventItems.str(item, ItemAttributes.SCHEDULE));
        DigestTiming timing = quiet == null && maxDelay == null && maxEntries == null && schedule == null
                ? null : new DigestTiming(schedule == null ? quiet : null, schedule == null ? maxDelay : null,
                        maxEntries, schedule);
        // A zone the JVM no longer knows (the database changes rarely) must not hide the subscription: show UTC.
        ZoneId zone;
        try {
            zone = Subscription.timeZone(EventItems.str(item, ItemAttributes.TIME_ZONE));
        } catch (InvalidSubscriptionException e) {
            zone = ZoneOffset.UTC;
        }
        // A stored pattern that a later release no longer accepts is dropped rather than hiding the subscription.
        List<Glob> exclusions = item.containsKey(ItemAttributes.EXCLUSIONS)
                ? item.get(ItemAttributes.EXCLUSIONS).l().stream().map(AttributeValue::s)
                        .filter(pattern -> Glob.problems(pattern).isEmpty()).distinct()
                        .limit(Subscription.MAX_EXCLUSIONS).map(Glob::compile).toList()
                : List.of();
        return new Subscription(EventItems.str(item, HistoryTable.SK), recipients, EventItems.str(item, "bucket"),
                prefixes, kinds, timing, zone, exclusions);
    }
}
