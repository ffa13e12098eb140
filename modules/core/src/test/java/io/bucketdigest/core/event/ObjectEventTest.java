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
        return ObjectEvent.builder("b", "k", eventName, TIME).region("us-east-1").build();
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
    void builder_missingRequiredField_isRefusedNamingIt() {
        assertThatThrownBy(() -> ObjectEvent.builder("b", null, "ObjectCreated:Put", TIME).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> ObjectEvent.builder("b", "k", "ObjectCreated:Put", null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("eventTime");
    }

    @Test
    void builder_withoutIdOrKind_derivesThemAsTheNormalizerDoes() {
        ObjectEvent event = ObjectEvent.builder("photos", "a/b.jpg", "ObjectCreated:Put", TIME)
                .region("us-east-1").versionId("v1").sequencer("00AB").eTag("e").size(7L)
                .requestedBy("AWS:AIDAEXAMPLE", "203.0.113.15")
                .build();

        assertThat(event).isEqualTo(new ObjectEvent(
                EventId.of("us-east-1", "photos", "a/b.jpg", "ObjectCreated:Put", TIME, "v1", "00AB", "e", 7L),
                "photos", "a/b.jpg", EventKind.CREATED, "ObjectCreated:Put", TIME, "us-east-1", "v1", "00AB", "e", 7L,
                "AWS:AIDAEXAMPLE", "203.0.113.15"));
    }

    @Test
    void builder_givenIdAndKind_keepsThem() {
        EventId stored = new EventId("0123456789abcdef0123456789abcdef");

        ObjectEvent event = ObjectEvent.builder("b", "k", "IntelligentTiering", TIME)
                .id(stored).kind(EventKind.INTELLIGENT_TIERING).build();

        assertThat(event.id()).isEqualTo(stored);
        assertThat(event.kind()).isEqualTo(EventKind.INTELLIGENT_TIERING);
        assertThat(event.region()).isNull();
        assertThat(event.sizeBytes()).isEmpty();
    }

    @Test
    void builder_eventNameWithoutAKind_asksForOne() {
        assertThatThrownBy(() -> ObjectEvent.builder("b", "k", "SomethingNew:Happened", TIME).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set it with kind(..)");
    }
}
