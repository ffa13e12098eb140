package io.bucketdigest.core.digest;

import io.bucketdigest.core.event.ObjectEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order of the events of one object. S3's {@code sequencer} is authoritative but only comparable between events of
 * the same key, and some event types (and emulators) omit it; then event time decides. Every comparison ends on the
 * event id, so the order never depends on the order of delivery.
 */
public final class EventOrder {

    private static final Comparator<String> NULLS_LAST_SEQUENCER =
            Comparator.nullsLast(EventOrder::compareSequencers);

    private static final Comparator<ObjectEvent> BY_SEQUENCER = Comparator
            .comparing(ObjectEvent::sequencer, NULLS_LAST_SEQUENCER)
            .thenComparing(ObjectEvent::eventTime)
            .thenComparing(event -> event.id().value());

    private static final Comparator<ObjectEvent> BY_TIME = Comparator
            .comparing(ObjectEvent::eventTime)
            .thenComparing(ObjectEvent::sequencer, NULLS_LAST_SEQUENCER)
            .thenComparing(event -> event.id().value());

    private EventOrder() {}

    /** Sorts the events of ONE object: by sequencer when every event has one, else by event time. */
    public static List<ObjectEvent> sortedForOneObject(Collection<ObjectEvent> events) {
        List<ObjectEvent> sorted = new ArrayList<>(events);
        boolean allSequenced = sorted.stream().allMatch(event -> event.sequencer() != null);
        sorted.sort(allSequenced ? BY_SEQUENCER : BY_TIME);
        return sorted;
    }

    /**
     * S3's rule: right-pad the shorter hex string with '0' and compare lexicographically (case-insensitive), done
     * without building padded copies.
     */
    public static int compareSequencers(String a, String b) {
        int length = Math.max(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = i < a.length() ? Character.toLowerCase(a.charAt(i)) : '0';
            char y = i < b.length() ? Character.toLowerCase(b.charAt(i)) : '0';
            if (x != y) {
                return Character.compare(x, y);
            }
        }
        return 0;
    }
}
