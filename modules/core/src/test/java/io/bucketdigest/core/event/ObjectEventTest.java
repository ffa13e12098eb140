package io.bucketdigest.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ObjectEventTest {

    private static final Instant TIME = Instant.parse("2026-11-29T09:32:43.940Z");

    private static ObjectEvent event(String eventName) {
        EventKind kind = EventKind.fromEventName(eventName).orElseThrow();
        EventId id = EventId.of("us-east-1", "b", "k", eventName, TIME, null, null, null, null);
        return new ObjectEvent(id, "b", "k", kind, eventName, TIME, "us-east-1", null, null, null, null, null, null);
    }

    @ParameterizedTest(name = "{0}: removes={1}, creates={2}")
    @CsvSource(textBlock = """
            ObjectCreated:Put,                        false, true
            ObjectCreated:CompleteMultipartUpload,    false, true
            ObjectRemoved:Delete,                     true,  false
            ObjectRemoved:DeleteMarkerCreated,        true,  false
            LifecycleExpiration:Delete,               true,  false
            LifecycleExpiration:DeleteMarkerCreated,  true,  false
            ReducedRedundancyLostObject,              true,  false
            LifecycleTransition,                      false, false
            ObjectRestore:Delete,                     false, false
            ObjectTagging:Delete,                     false, false
            Replication:OperationFailedReplication,   false, false
            """)
    void removesObjectAndCreatesObject_followTheEventName(String eventName, boolean removes, boolean creates) {
        // GIVEN
        ObjectEvent event = event(eventName);

        // WHEN / THEN
        assertThat(event.removesObject()).isEqualTo(removes);
        assertThat(event.createsObject()).isEqualTo(creates);
    }

    @Test
    void constructor_missingRequiredField_isRefusedNamingIt() {
        EventId id = EventId.of("us-east-1", "b", "k", "ObjectCreated:Put", TIME, null, null, null, null);
        assertThatThrownBy(() -> new ObjectEvent(id, "b", null, EventKind.CREATED, "ObjectCreated:Put", TIME,
                null, null, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> new ObjectEvent(id, "b", "k", EventKind.CREATED, "ObjectCreated:Put", null,
                null, null, null, null, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("eventTime");
    }
}
