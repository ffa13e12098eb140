package io.bucketdigest.core.port;

import io.bucketdigest.core.digest.DigestId;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-subscription digest state: arrivals, the lease, and the digest in flight. Each method is one atomic request on
 * the state item; a caller may see a method fail after it took effect (an SDK retry or a timeout), so the lease
 * methods are idempotent for their own owner.
 */
public interface SubscriptionStates {

    /** Strongly consistent read; empty when nothing was ever recorded for the subscription. */
    Optional<State> read(String subscriptionId);

    /**
     * Takes the lease if it is free, expired, or already held by {@code owner} (a retried acquire that had succeeded);
     * empty when another holder has it. One atomic conditional update.
     */
    Optional<State> acquire(String subscriptionId, String owner, Instant now, Instant expiresAt);

    /**
     * Releases the lease, in one atomic conditional update. If {@code oldestRemaining} is empty, it also clears the
     * first-pending time, but only if no arrival was noted since the caller read {@code arrivalsSeen}
     * ({@link State#arrivalSeq()}); returns false when that condition failed (entries arrived meanwhile) and the lease
     * is still held. A release that already took effect for this owner returns true again.
     *
     * @throws LeaseLostException when another owner holds the lease
     */
    boolean release(Lease lease, Optional<Instant> oldestRemaining, long arrivalsSeen);

    /**
     * Subtracts {@code shown} from the subscription's excluded count, in one atomic request that keeps whatever was
     * added meanwhile. The sender calls it after a digest that showed the count was sent.
     */
    void subtractExcluded(String subscriptionId, long shown);

    /**
     * @param excludedCount how many events the subscription's exclusions kept out since the last digest that showed
     *                      the count (noted by {@link ArrivalLedger})
     * @param arrivalSeq how many arrivals were ever noted; every noted arrival increments it in the same request that
     *                   sets {@code firstPendingAt}, so "nothing arrived since I looked" is an exact comparison
     * @param lastDigest the subscription's last completed digest, set in the request that completes it: the next
     *                   digest reads its record to tell whether it continues a burst
     */
    record State(
            String subscriptionId,
            Instant firstPendingAt,
            Instant lastArrivalAt,
            long arrivalSeq,
            String leaseOwner,
            Instant leaseExpiresAt,
            DigestId activeDigest,
            long excludedCount,
            DigestId lastDigest) {

        /** A state with no digest completed yet. */
        public State(String subscriptionId, Instant firstPendingAt, Instant lastArrivalAt, long arrivalSeq,
                String leaseOwner, Instant leaseExpiresAt, DigestId activeDigest, long excludedCount) {
            this(subscriptionId, firstPendingAt, lastArrivalAt, arrivalSeq, leaseOwner, leaseExpiresAt, activeDigest,
                    excludedCount, null);
        }

        /** A state without excluded events. */
        public State(String subscriptionId, Instant firstPendingAt, Instant lastArrivalAt, long arrivalSeq,
                String leaseOwner, Instant leaseExpiresAt, DigestId activeDigest) {
            this(subscriptionId, firstPendingAt, lastArrivalAt, arrivalSeq, leaseOwner, leaseExpiresAt, activeDigest, 0);
        }

        /** Arrivals noted, no lease held, no digest in flight. */
        public static State unleased(String subscriptionId, Instant firstPendingAt, Instant lastArrivalAt,
                long arrivalSeq) {
            return new State(subscriptionId, firstPendingAt, lastArrivalAt, arrivalSeq, null, null, null);
        }

        public State leasedTo(String owner, Instant expiresAt) {
            return new State(subscriptionId, firstPendingAt, lastArrivalAt, arrivalSeq, owner, expiresAt,
                    activeDigest, excludedCount, lastDigest);
        }

        /** Released: no lease, pending since {@code oldestRemaining} (null when nothing is). */
        public State released(Instant oldestRemaining) {
            return new State(subscriptionId, oldestRemaining, lastArrivalAt, arrivalSeq, null, null, activeDigest,
                    excludedCount, lastDigest);
        }

        /** With {@code digest} in flight, or none when null. */
        public State withActiveDigest(DigestId digest) {
            return new State(subscriptionId, firstPendingAt, lastArrivalAt, arrivalSeq, leaseOwner, leaseExpiresAt,
                    digest, excludedCount, lastDigest);
        }

        public Optional<DigestId> last() {
            return Optional.ofNullable(lastDigest);
        }

        public Optional<DigestId> active() {
            return Optional.ofNullable(activeDigest);
        }
    }
}
