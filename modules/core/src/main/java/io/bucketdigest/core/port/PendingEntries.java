package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import java.util.List;
import java.util.Set;

/** The entries waiting for a subscription's digest (written by the ingest stage, consumed here). */
public interface PendingEntries {

    /** The oldest pending entries, by arrival, at most {@code limit}; strongly consistent. */
    List<PendingEntry> oldest(String subscriptionId, int limit);

    /** The entries at these refs that still exist, in ref order; strongly consistent. */
    List<PendingEntry> load(String subscriptionId, List<PendingRef> refs);

    /**
     * The entries whose event was already reported to this subscription (a digest note exists). A pending entry can
     * reappear after its digest when a slow first recording and a redelivery's repair race; it must not be sent again.
     */
    Set<EventId> reportedBefore(String subscriptionId, List<PendingEntry> entries);

    /** Records on each event's history which digest reported it ("which digest told me about this object?"). */
    void annotate(DigestId digestId, List<PendingEntry> entries);

    /** Removes these entries; removing one that is already gone is not an error. */
    void remove(String subscriptionId, List<PendingRef> refs);
}
