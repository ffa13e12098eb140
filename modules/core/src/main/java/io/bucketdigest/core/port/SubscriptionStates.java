package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import java.time.Instant;
import java.util.Optional;

/** Per-subscription digest state: arrivals, the lease, and the digest in flight. */
public interface SubscriptionStates {

    /** Strongly consistent read; empty when nothing was ever recorded for the subscription. */
    Optional<State> read(String subscriptionId);

    /** Takes the lease if it is free or expired; empty when another holder has it. */
    Optional<State> acquire(String subscriptionId, String owner, Instant now, Instant expiresAt);

    /**
     * Releases the lease. If {@code oldestRemaining} is empty, clears the first-pending time, but only if no arrival
     * was noted after {@code lastArrivalSeen}; returns false when that condition failed (entries arrived meanwhile).
     */
    boolean release(Lease lease, Optional<Instant> oldestRemaining, Instant lastArrivalSeen);

    record State(
            String subscriptionId,
            Instant firstPendingAt,
            Instant lastArrivalAt,
            String leaseOwner,
            Instant leaseExpiresAt,
            DigestId activeDigest) {

        public Optional<DigestId> active() {
            return Optional.ofNullable(activeDigest);
        }
    }
}
