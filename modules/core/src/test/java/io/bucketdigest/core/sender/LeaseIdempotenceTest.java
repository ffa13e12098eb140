package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.LeaseLostException;
import io.bucketdigest.core.port.SubscriptionStates;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lease methods of {@link SubscriptionStates} as the DynamoDB adapter implements them (mirrored by
 * {@link InMemoryDigestStore}): a request can fail after it took effect and be retried by the SDK, so acquire and
 * release are idempotent for their own owner; release clearing the first-pending time is conditional on the arrival
 * sequence the caller read.
 */
class LeaseIdempotenceTest {

    private static final String SUB = "team";
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(16));

    private final InMemoryDigestStore store = new InMemoryDigestStore();

    @BeforeEach
    void anArrivalWasNoted() {
        store.noteArrivals(Set.of(SUB), NOW.minusSeconds(60));
    }

    @Test
    void acquire_twiceBySameOwner_bothSucceedAndAStrangerIsRefused() {
        Optional<SubscriptionStates.State> first = store.acquire(SUB, "owner-a", NOW, EXPIRES);
        Optional<SubscriptionStates.State> retried = store.acquire(SUB, "owner-a", NOW.plusMillis(5), EXPIRES);

        assertThat(first).isPresent();
        assertThat(retried).as("a retried acquire that had succeeded").isPresent();
        assertThat(retried.get().leaseOwner()).isEqualTo("owner-a");
        assertThat(store.acquire(SUB, "owner-b", NOW.plusMillis(10), EXPIRES)).isEmpty();
        assertThat(store.read(SUB).orElseThrow().leaseOwner()).isEqualTo("owner-a");
    }

    @Test
    void release_twiceBySameOwner_secondReturnsTrue() {
        store.acquire(SUB, "owner-a", NOW, EXPIRES);
        Lease lease = new Lease(SUB, "owner-a", EXPIRES);
        long seen = store.read(SUB).orElseThrow().arrivalSeq();

        assertThat(store.release(lease, Optional.empty(), seen)).isTrue();
        assertThat(store.release(lease, Optional.empty(), seen)).as("a retried release that had succeeded").isTrue();
        SubscriptionStates.State state = store.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.firstPendingAt()).isNull();
    }

    @Test
    void release_byAStranger_throwsLeaseLost() {
        store.acquire(SUB, "owner-a", NOW, EXPIRES);
        long seen = store.read(SUB).orElseThrow().arrivalSeq();

        assertThatThrownBy(() -> store.release(new Lease(SUB, "stranger", EXPIRES), Optional.empty(), seen))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining(SUB);
        assertThat(store.read(SUB).orElseThrow().leaseOwner()).isEqualTo("owner-a");
    }

    @Test
    void release_ofAnOldOwnerAfterSomeoneElseTookOver_throwsLeaseLost() {
        store.acquire(SUB, "owner-a", NOW, EXPIRES);
        Lease lease = new Lease(SUB, "owner-a", EXPIRES);
        long seen = store.read(SUB).orElseThrow().arrivalSeq();
        store.release(lease, Optional.empty(), seen);
        store.acquire(SUB, "owner-b", NOW.plusSeconds(1), EXPIRES);

        assertThatThrownBy(() -> store.release(lease, Optional.empty(), seen))
                .isInstanceOf(LeaseLostException.class);
        assertThat(store.read(SUB).orElseThrow().leaseOwner()).isEqualTo("owner-b");
    }

    @Test
    void release_clearingFirstPendingAfterAnArrival_returnsFalseAndKeepsTheLease() {
        // GIVEN the holder read the arrival sequence, then an arrival was noted
        store.acquire(SUB, "owner-a", NOW, EXPIRES);
        Lease lease = new Lease(SUB, "owner-a", EXPIRES);
        SubscriptionStates.State seen = store.read(SUB).orElseThrow();
        store.noteArrivals(Set.of(SUB), NOW.plusSeconds(1));

        // WHEN it releases saying nothing remains
        boolean released = store.release(lease, Optional.empty(), seen.arrivalSeq());

        // THEN the condition failed: the lease is still held and the first-pending time kept
        assertThat(released).isFalse();
        SubscriptionStates.State after = store.read(SUB).orElseThrow();
        assertThat(after.leaseOwner()).isEqualTo("owner-a");
        assertThat(after.firstPendingAt()).isEqualTo(seen.firstPendingAt());
        assertThat(after.arrivalSeq()).isEqualTo(seen.arrivalSeq() + 1);

        // AND with the fresh sequence it succeeds
        assertThat(store.release(lease, Optional.empty(), after.arrivalSeq())).isTrue();
        assertThat(store.read(SUB).orElseThrow().leaseOwner()).isNull();
    }

    @Test
    void release_keepingARemainingEntry_ignoresTheArrivalSequence() {
        store.acquire(SUB, "owner-a", NOW, EXPIRES);
        Lease lease = new Lease(SUB, "owner-a", EXPIRES);
        long seen = store.read(SUB).orElseThrow().arrivalSeq();
        store.noteArrivals(Set.of(SUB), NOW.plusSeconds(1));
        Instant oldest = NOW.plusSeconds(1);

        assertThat(store.release(lease, Optional.of(oldest), seen)).isTrue();
        SubscriptionStates.State after = store.read(SUB).orElseThrow();
        assertThat(after.leaseOwner()).isNull();
        assertThat(after.firstPendingAt()).isEqualTo(oldest);
    }
}
