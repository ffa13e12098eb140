package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Digest records and the exact entries each one covers. Every change is conditional on the caller's lease. */
public interface DigestRecords {

    /** Stores the record (status SENDING) and its entry refs, and makes it the subscription's active digest. */
    void create(DigestRecord record, List<PendingRef> entries, Lease lease);

    Optional<DigestRecord> find(DigestId id);

    List<PendingRef> entries(DigestId id);

    void markSendStarted(DigestId id, Instant at, String subject, Lease lease);

    void markSent(DigestId id, String sesMessageId, Instant at, Lease lease);

    void markFailed(DigestId id, String reason, Lease lease);

    /** Marks COMPLETE and clears the subscription's active digest. */
    void complete(DigestId id, Lease lease);
}
