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
        item.put("eventId", s(event.id().value()));
        item.put("bucket", s(event.bucket()));
        item.put("objectKey", s(event.key()));
        item.put("kind", s(event.kind().name()));
        item.put("eventName", s(event.eventName()));
        item.put("eventTime", s(SortableTime.format(event.eventTime())));
        putIfPresent(item, "region", event.region());
        putIfPresent(item, "versionId", event.versionId());
        putIfPresent(item, "sequencer", event.sequencer());
        putIfPresent(item, "eTag", event.eTag());
        if (event.size() != null) {
            item.put("size", AttributeValue.fromN(Long.toString(event.size())));
        }
        putIfPresent(item, "requester", event.requester());
        putIfPresent(item, "sourceIp", event.sourceIp());
        return item;
    }

    public static ObjectEvent toEvent(Map<String, AttributeValue> item) {
        return new ObjectEvent(
                new EventId(str(item, "eventId")),
                str(item, "bucket"),
                str(item, "objectKey"),
                EventKind.valueOf(str(item, "kind")),
                str(item, "eventName"),
                SortableTime.parse(str(item, "eventTime")),
                str(item, "region"),
                str(item, "versionId"),
                str(item, "sequencer"),
                str(item, "eTag"),
                item.containsKey("size") ? Long.parseLong(item.get("size").n()) : null,
                str(item, "requester"),
                str(item, "sourceIp"));
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
