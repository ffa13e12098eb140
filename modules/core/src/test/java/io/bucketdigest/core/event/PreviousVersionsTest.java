package io.bucketdigest.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.ObjectEvent.PreviousVersion;
import io.bucketdigest.core.event.PreviousVersions.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreviousVersionsTest {

    private static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");

    private static ObjectEvent event(String eventName, String key, int second, Long size) {
        return ObjectEvent.builder("b", key, eventName, T0.plusSeconds(second)).size(size).build();
    }

    @Test
    void leftBy_nothingBefore_isNull() {
        assertThat(PreviousVersions.leftBy(List.of())).isNull();
    }

    @Test
    void leftBy_latestEventRemovedTheObject_isNull() {
        assertThat(PreviousVersions.leftBy(List.of(
                event("ObjectRemoved:Delete", "k", 2, null), event("ObjectCreated:Put", "k", 1, 10L)))).isNull();
    }

    @Test
    void leftBy_metadataChangeAfterAWrite_takesItsTimeAndTheWritesSize() {
        assertThat(PreviousVersions.leftBy(List.of(
                event("ObjectTagging:Put", "k", 2, null), event("ObjectCreated:Put", "k", 1, 10L))))
                .isEqualTo(new PreviousVersion(T0.plusSeconds(2), 10L));
    }

    @Test
    void leftBy_writeWithoutSize_doesNotReachPastItForAnOlderVersionsSize() {
        assertThat(PreviousVersions.leftBy(List.of(
                event("ObjectCreated:Put", "k", 2, null), event("ObjectCreated:Put", "k", 1, 10L))))
                .isEqualTo(new PreviousVersion(T0.plusSeconds(2), null));
    }

    @Test
    void attach_batchEventsOfOneObject_followEachOtherAndTheHistory() {
        ObjectEvent stored = event("ObjectCreated:Put", "k", 1, 10L);
        ObjectEvent overwrite = event("ObjectCreated:Put", "k", 2, 20L);
        ObjectEvent delete = event("ObjectRemoved:Delete", "k", 3, null);
        ObjectEvent other = event("ObjectCreated:Put", "other", 2, 5L);

        Map<EventId, ObjectEvent> attached = PreviousVersions.attach(List.of(delete, other, overwrite),
                Map.of(new ObjectRef("b", "k"), List.of(stored), new ObjectRef("b", "other"), List.of()));

        assertThat(attached.get(overwrite.id()).previous()).isEqualTo(new PreviousVersion(T0.plusSeconds(1), 10L));
        assertThat(attached.get(delete.id()).previous()).isEqualTo(new PreviousVersion(T0.plusSeconds(2), 20L));
        assertThat(attached.get(other.id()).previous()).isNull();
    }

    @Test
    void attach_objectWhoseLookUpFailed_leavesItsEventsAsTheyWere() {
        ObjectEvent first = event("ObjectCreated:Put", "k", 1, 10L);
        ObjectEvent second = event("ObjectCreated:Put", "k", 2, 20L);

        Map<EventId, ObjectEvent> attached = PreviousVersions.attach(List.of(first, second), Map.of());

        assertThat(attached).containsEntry(first.id(), first).containsEntry(second.id(), second);
    }
}
