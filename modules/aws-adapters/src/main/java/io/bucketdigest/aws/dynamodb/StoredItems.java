package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Any item of the table as a typed value, for code that checks the whole stored state from a scan (the simulation's
 * checks against the real adapters). Reads decode through here rather than parse keys of their own.
 */
public final class StoredItems {

    /** One item of the table. */
    public sealed interface StoredItem {}

    /** An event's history item. */
    public record History(ObjectEvent event, Instant ingestedAt, List<String> subscriptionIds, String messageId)
            implements StoredItem {}

    public record Pending(PendingEntry entry) implements StoredItem {}

    public record State(SubscriptionStates.State state) implements StoredItem {}

    public record Digest(DigestRecord record) implements StoredItem {}

    /** One chunk of the pending refs a digest covers. */
    public record DigestEntries(DigestId digestId, List<PendingRef> refs) implements StoredItem {}

    /** Notes, parked entries, mail events and subscriptions: not decoded here. */
    public record Other() implements StoredItem {}

    private StoredItems() {}

    public static StoredItem decode(Map<String, AttributeValue> item) {
        String pk = EventItems.str(item, HistoryTable.PK);
        String sk = EventItems.str(item, HistoryTable.SK);
        if (sk.startsWith(HistoryTable.EVENT_SK_PREFIX)) {
            AttributeValue subscriptions = item.get(ItemAttributes.SUBSCRIPTIONS);
            return new History(EventItems.toEvent(item), instant(item, ItemAttributes.INGESTED_AT),
                    subscriptions == null || !subscriptions.hasSs() ? List.of()
                            : subscriptions.ss().stream().sorted().toList(),
                    EventItems.str(item, ItemAttributes.MESSAGE_ID));
        }
        String type = EventItems.str(item, ItemAttributes.TYPE);
        if (HistoryTable.TYPE_PENDING.equals(type)) {
            String subscriptionId = EventItems.str(item, ItemAttributes.SUBSCRIPTION_ID);
            PendingRef ref = new PendingRef(Integer.parseInt(pk.substring(pk.lastIndexOf('#') + 1)), sk);
            return new Pending(new PendingEntry(subscriptionId, ref, EventItems.toEvent(item),
                    instant(item, ItemAttributes.INGESTED_AT)));
        }
        if (HistoryTable.STATE_SK.equals(sk) && pk.equals(HistoryTable.statePk(subscriptionOfState(pk)))) {
            return new State(DynamoDbSubscriptionStates.toState(subscriptionOfState(pk), item));
        }
        if (HistoryTable.DIGEST_META_SK.equals(sk)) {
            return new Digest(DynamoDbDigestRecords.toRecord(item));
        }
        if (sk.startsWith(HistoryTable.DIGEST_ENTRIES_SK_PREFIX)) {
            return new DigestEntries(new DigestId(pk.substring(pk.indexOf('#') + 1)),
                    item.get(ItemAttributes.REFS).l().stream().map(ref -> PendingRef.decode(ref.s())).toList());
        }
        return new Other();
    }

    private static String subscriptionOfState(String pk) {
        return pk.substring(pk.indexOf('#') + 1);
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = EventItems.str(item, name);
        return value == null ? null : SortableTime.parse(value);
    }
}
