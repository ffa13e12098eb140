package io.bucketdigest.core.event;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule that gives each event of a batch the object's previous version, shared by the history adapter and its
 * simulated fake: the latest earlier event of the object, from the batch itself or from the history, unless it removed
 * the object; its size is the last one told since the object was last written.
 *
 * <p>"Earlier" is the history's order: event time, then event id (the order of the history's sort keys). S3's
 * sequencer would order two events of one object in the same microsecond better, but the history cannot query by it.
 */
public final class PreviousVersions {

    /**
     * Events one look-up reads, newest first: enough to pass a few tag or ACL changes back to the last write's size,
     * and still well under the 4 KB that half a read unit covers.
     */
    public static final int EVENTS_READ = 4;

    /** The order of an object's events in the history. */
    public static final Comparator<ObjectEvent> HISTORY_ORDER =
            Comparator.comparing(ObjectEvent::eventTime).thenComparing(e -> e.id().value());

    /** One object of a bucket. */
    public record ObjectRef(String bucket, String key) {
        public static ObjectRef of(ObjectEvent event) {
            return new ObjectRef(event.bucket(), event.key());
        }
    }

    private PreviousVersions() {}

    /**
     * The earliest event of each object in the batch: the history look-up of an object reads its events before this
     * one, and the batch's own events fill in the rest.
     */
    public static Map<ObjectRef, ObjectEvent> earliestPerObject(List<ObjectEvent> batch) {
        Map<ObjectRef, ObjectEvent> earliest = new LinkedHashMap<>();
        for (ObjectEvent event : batch) {
            earliest.merge(ObjectRef.of(event), event, (a, b) -> HISTORY_ORDER.compare(a, b) <= 0 ? a : b);
        }
        return earliest;
    }

    /**
     * Each batch event (by id) with its previous version. {@code historyBefore} holds, per object, the history's latest
     * events before the batch's earliest event of the object, in any order; an object missing from it (its look-up
     * failed) leaves its events without a previous version: unknown, not "new".
     */
    public static Map<EventId, ObjectEvent> attach(List<ObjectEvent> batch,
            Map<ObjectRef, List<ObjectEvent>> historyBefore) {
        Map<ObjectRef, List<ObjectEvent>> batchByObject = new HashMap<>();
        batch.forEach(e -> batchByObject.computeIfAbsent(ObjectRef.of(e), k -> new ArrayList<>()).add(e));
        Map<EventId, ObjectEvent> result = new LinkedHashMap<>();
        for (ObjectEvent event : batch) {
            ObjectRef object = ObjectRef.of(event);
            List<ObjectEvent> history = historyBefore.get(object);
            if (history == null) {
                result.putIfAbsent(event.id(), event);
                continue;
            }
            List<ObjectEvent> before = new ArrayList<>(history);
            batchByObject.get(object).stream().filter(other -> HISTORY_ORDER.compare(other, event) < 0)
                    .forEach(before::add);
            before.sort(HISTORY_ORDER.reversed());
            result.putIfAbsent(event.id(), event.withPrevious(leftBy(before)));
        }
        return result;
    }

    /** The version the newest-first {@code before} events leave, or null if they leave none. */
    public static ObjectEvent.PreviousVersion leftBy(List<ObjectEvent> newestFirst) {
        if (newestFirst.isEmpty() || newestFirst.get(0).removesObject()) {
            return null;
        }
        Long size = null;
        for (ObjectEvent event : newestFirst) {
            if (event.removesObject()) {
                break;
            }
            if (event.size() != null) {
                size = event.size();
                break;
            }
            if (event.createsObject()) {
                break;
            }
        }
        return new ObjectEvent.PreviousVersion(newestFirst.get(0).eventTime(), size);
    }
}
