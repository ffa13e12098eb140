package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import java.util.List;
import java.util.Set;

/**
 * The entries waiting for a subscription's digest (written by the ingest stage, consumed here). None of these methods
 * is atomic as a whole: reads are one query per shard or batch, writes are batches of 25 items, and each item is
 * written on its own. Every write is idempotent, so a repeated or half-done call is finished by repeating it. Pending
 * entries never expire: only a digest (or an operator) removes them.
 */
public interface PendingEntries {

    /** The oldest pending entries, by arrival, at most {@code limit}; strongly consistent per shard. */
    List<PendingEntry> oldest(String subscriptionId, int limit);

    /** The entries at these refs that still exist, in ref order; strongly consistent. */
    List<PendingEntry> load(String subscriptionId, List<PendingRef> refs);

    /**
     * The entries whose event was already handled by a digest of this subscription (a digest note exists). A pending
     * entry can reappear after its digest when a slow first recording and a redelivery's repair race; it must not be
     * sent again.
     */
    Set<EventId> reportedBefore(String subscriptionId, List<PendingEntry> entries);

    /** Records on each event's history which digest reported it ("which digest told me about this object?"). */
    void annotate(DigestId digestId, List<PendingEntry> entries);

    /** Removes these entries; removing one that is already gone is not an error. */
    void remove(String subscriptionId, List<PendingRef> refs);

    /** Copies the entries of a quarantined digest aside, where no digest reads them, for an operator's retry. */
    void park(DigestId digestId, List<PendingEntry> entries);

    /** The entries parked for this digest. */
    List<PendingEntry> parked(DigestId digestId);

    /**
     * Puts parked entries back into the pending partitions (same refs) and deletes their digest notes, so that the
     * next digest reports them; then drops the parked copies.
     */
    void unpark(DigestId digestId, List<PendingEntry> entries);

    /** Drops the parked copies (an abandoned digest). */
    void discardParked(DigestId digestId, List<PendingEntry> entries);
}
