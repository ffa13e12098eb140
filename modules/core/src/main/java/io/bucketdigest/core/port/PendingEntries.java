package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import java.util.List;

/** The entries waiting for a subscription's digest (written by the ingest stage, consumed here). */
public interface PendingEntries {

    /** The oldest pending entries, by arrival, at most {@code limit}; strongly consistent. */
    List<PendingEntry> oldest(String subscriptionId, int limit);

    /** The entries at these refs that still exist, in ref order; strongly consistent. */
    List<PendingEntry> load(String subscriptionId, List<PendingRef> refs);

    /** Records on each event's history which digest reported it ("which digest told me about this object?"). */
    void annotate(DigestId digestId, List<PendingEntry> entries);

    /** Removes these entries; removing one that is already gone is not an error. */
    void remove(String subscriptionId, List<PendingRef> refs);
}
