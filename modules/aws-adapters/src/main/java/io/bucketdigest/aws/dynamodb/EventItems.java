package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps an {@link ObjectEvent} to and from item attributes, shared by history and pending items. */
public final class EventItems {

    private EventItems() {}

    public static Map<String, AttributeValue> eventAttributes(ObjectEvent event) {
        Map<String, AttributeValue> item = new HashMap<>(24);
        item.put(ItemAttributes.EVENT_ID, s(event.id().value()));
        item.put(ItemAttributes.BUCKET, s(event.bucket()));
        item.put(ItemAttributes.OBJECT_KEY, s(event.key()));
        item.put(ItemAttributes.KIND, s(event.kind().name()));
        item.put(ItemAttributes.EVENT_NAME, s(event.eventName()));
        item.put(ItemAttributes.EVENT_TIME, s(SortableTime.format(event.eventTime())));
        putIfPresent(item, ItemAttributes.REGION, event.region());
        putIfPresent(item, ItemAttributes.VERSION_ID, event.versionId());
        putIfPresent(item, ItemAttributes.SEQUENCER, event.sequencer());
        putIfPresent(item, ItemAttributes.E_TAG, event.eTag());
        if (event.size() != null) {
            item.put(ItemAttributes.SIZE, AttributeValue.fromN(Long.toString(event.size())));
        }
        putIfPresent(item, ItemAttributes.REQUESTER, event.requester());
        putIfPresent(item, ItemAttributes.SOURCE_IP, event.sourceIp());
        if (event.previous() != null) {
            item.put(ItemAttributes.PREVIOUS_EVENT_TIME, s(SortableTime.format(event.previous().eventTime())));
            if (event.previous().size() != null) {
                item.put(ItemAttributes.PREVIOUS_SIZE, n(event.previous().size()));
            }
        }
        return item;
    }

    public static ObjectEvent toEvent(Map<String, AttributeValue> item) {
        return new ObjectEvent(
                new EventId(str(item, ItemAttributes.EVENT_ID)),
                str(item, ItemAttributes.BUCKET),
                str(item, ItemAttributes.OBJECT_KEY),
                EventKind.valueOf(str(item, ItemAttributes.KIND)),
                str(item, ItemAttributes.EVENT_NAME),
                SortableTime.parse(str(item, ItemAttributes.EVENT_TIME)),
                str(item, ItemAttributes.REGION),
                str(item, ItemAttributes.VERSION_ID),
                str(item, ItemAttributes.SEQUENCER),
                str(item, ItemAttributes.E_TAG),
                number(item, ItemAttributes.SIZE),
                str(item, ItemAttributes.REQUESTER),
                str(item, ItemAttributes.SOURCE_IP),
                previousVersion(item));
    }

    private static ObjectEvent.PreviousVersion previousVersion(Map<String, AttributeValue> item) {
        String eventTime = str(item, ItemAttributes.PREVIOUS_EVENT_TIME);
        return eventTime == null ? null : new ObjectEvent.PreviousVersion(SortableTime.parse(eventTime),
                number(item, ItemAttributes.PREVIOUS_SIZE));
    }

    private static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.parseLong(value.n());
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue epochSeconds(Instant instant) {
        return n(instant.getEpochSecond());
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }
}
