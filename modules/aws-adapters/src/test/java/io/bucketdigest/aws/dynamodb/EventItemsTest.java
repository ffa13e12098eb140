package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EventItemsTest {

    private static final Instant TIME = Instant.parse("2026-11-29T09:32:43.940851Z");

    @Test
    void eventAttributesAndBack_fullEvent_roundTripsEveryField() {
        // GIVEN
        EventId id = EventId.of("us-east-1", "b", "k", "ObjectCreated:Put", TIME, "v", "seq", "etag", 5L);
        ObjectEvent event = new ObjectEvent(id, "b", "dir/ké y+.txt", EventKind.CREATED, "ObjectCreated:Put", TIME,
                "us-east-1", "v", "seq", "etag", 5L, "AWS:AIDA", "203.0.113.15",
                new ObjectEvent.PreviousVersion(TIME.minusSeconds(60), 3L));

        // WHEN
        Map<String, AttributeValue> item = EventItems.eventAttributes(event);

        // THEN
        assertThat(EventItems.toEvent(item)).isEqualTo(event);
        assertThat(item.get("eventTime").s()).isEqualTo("2026-11-29T09:32:43.940851Z");
        assertThat(item.get("size").n()).isEqualTo("5");
        assertThat(item.get("previousEventTime").s()).isEqualTo("2026-11-29T09:31:43.940851Z");
        assertThat(item.get("previousSize").n()).isEqualTo("3");
    }

    @Test
    void eventAttributesAndBack_previousVersionOfUnknownSize_roundTrips() {
        ObjectEvent event = ObjectEvent.builder("b", "k", "ObjectCreated:Put", TIME)
                .previous(new ObjectEvent.PreviousVersion(TIME.minusSeconds(1), null)).build();

        Map<String, AttributeValue> item = EventItems.eventAttributes(event);

        assertThat(item).doesNotContainKey("previousSize");
        assertThat(EventItems.toEvent(item)).isEqualTo(event);
    }

    @Test
    void eventAttributesAndBack_minimalEvent_storesNoEmptyAttributes() {
        // GIVEN
        ObjectEvent event = ObjectEvent.builder("b", "k", "ObjectRemoved:Delete", TIME).build();

        // WHEN
        Map<String, AttributeValue> item = EventItems.eventAttributes(event);

        // THEN
        assertThat(item).containsOnlyKeys("eventId", "bucket", "objectKey", "kind", "eventName", "eventTime");
        assertThat(EventItems.toEvent(item)).isEqualTo(event);
    }
}
