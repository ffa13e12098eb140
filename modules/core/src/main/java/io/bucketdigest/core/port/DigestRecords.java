package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Digest records and the exact entries each one covers. Every change is conditional on the caller's lease and throws
 * {@link LeaseLostException} when another owner holds it. Unless a method says otherwise it is one atomic request, and
 * repeating it after it took effect (an SDK retry) has the same result. Records of a digest in flight never expire;
 * completing or retiring a digest starts its retention.
 */
public interface DigestRecords {

    /**
     * Two steps, each atomic: first the entry refs (one conditional put per chunk, which fails on a digest id that is
     * already taken), then the record (status SENDING) together with the subscription's active digest, on the
     * condition that the caller holds the lease and no digest is active. A crash between them leaves unreferenced
     * refs, which nothing reads.
     */
    void create(DigestRecord record, List<PendingRef> entries, Lease lease);

    Optional<DigestRecord> find(DigestId id);

    List<PendingRef> entries(DigestId id);

    /**
     * Records that the SES call is next. {@code possibleDuplicate} marks the record for good: an earlier send of this
     * digest may have been accepted, so this one may reach the recipients a second time.
     */
    void markSendStarted(DigestId id, Instant at, String subject, boolean possibleDuplicate, Lease lease);

    void markSent(DigestId id, String sesMessageId, Instant at, Lease lease);

    /** SES refused permanently: FAILED with the reason; {@code sendStartedAt} is cleared. */
    void markFailed(DigestId id, String reason, Lease lease);

    /** Counts one failed attempt that was neither transient nor an SES refusal; returns the new count. */
    int noteFailedAttempt(DigestId id, String reason, Lease lease);

    /**
     * Takes the digest out of flight with a final status (QUARANTINED or ABANDONED) and its reason, and clears the
     * subscription's active digest if it is this one.
     */
    void retire(DigestId id, DigestRecord.Status status, String reason, Lease lease);

    /**
     * An operator's decision on a quarantined digest: RETRIED (its entries went back to pending) or ABANDONED. One
     * conditional update: only a QUARANTINED record changes; returns false when it was not (any more) quarantined.
     */
    boolean resolveQuarantine(DigestId id, DigestRecord.Status decision, String reason);

    /**
     * Two steps: starts the retention of the entry refs, then marks COMPLETE and clears the subscription's active
     * digest (if it is still this one) in one transaction, which also makes it the subscription's last digest
     * ({@link SubscriptionStates.State#lastDigest()}).
     */
    void complete(DigestId id, Lease lease);
}
