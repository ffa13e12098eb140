package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every exit of the sender after it took the lease releases it (a lost lease aside): a failure in the middle sends the
 * message back to the queue, and the next attempt must not find the subscription Busy for the rest of the 16-minute
 * lease. The first-pending time is kept, so the sweep still sees the work.
 */
class LeaseReleaseTest {

    private static final String SUB = Subscription.DEFAULT_ID;

    @ParameterizedTest(name = "{0} fails once")
    @ValueSource(strings = {"oldest", "reportedBefore", "markSendStarted"})
    void handle_transientStoreFailureMidway_leaseFreeAndTheNextSignalAtTheSameInstantSends(String operation) {
        // GIVEN a due digest and a store request that fails once
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        Instant firstPending = state(world).firstPendingAt();
        world.store.failNext(operation, 1);
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());

        // WHEN
        assertThatThrownBy(() -> sender.handle(signal)).isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("scripted: " + operation);

        // THEN the lease is free at once and the pending work is still marked
        assertThat(state(world).leaseOwner()).as("lease right after the failure").isNull();
        assertThat(state(world).firstPendingAt()).isEqualTo(firstPending);
        assertThat(world.store.pendingEntries(SUB)).hasSize(3);

        // AND a later signal at the same clock time succeeds
        SendOutcome retried = sender.handle(signal);
        assertThat(retried).isInstanceOf(SendOutcome.Sent.class);
        assertThat(((SendOutcome.Sent) retried).entries()).isEqualTo(3);
        assertThat(world.mailer.accepted()).hasSize(1);
        assertThat(state(world).leaseOwner()).isNull();
        assertThat(state(world).firstPendingAt()).isNull();
    }

    @Test
    void handle_sesThrottlesOnce_leaseFreeAndTheImmediateRetrySendsFlagged() {
        // GIVEN
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        world.mailer.failTransientlyTimes(1);
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());

        // WHEN
        assertThatThrownBy(() -> sender.handle(signal)).isInstanceOf(TransientFailureException.class);

        // THEN
        assertThat(state(world).leaseOwner()).isNull();
        SendOutcome retried = sender.handle(signal);
        assertThat(retried).isInstanceOf(SendOutcome.Sent.class);
        assertThat(world.mailer.accepted()).hasSize(1);
    }

    @Test
    void handle_nonTransientFailureBeforeAnyDigestWasClaimed_leaseFreeAndTheFailurePropagates() {
        // GIVEN the pending query breaks with an unexpected error: there is no digest to count it against
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        world.store.failAfter("oldest", 0, 1, () -> new IllegalStateException("scripted: corrupt pending item"));
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());

        // WHEN
        assertThatThrownBy(() -> sender.handle(signal)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt pending item");

        // THEN
        assertThat(state(world).leaseOwner()).isNull();
        assertThat(world.store.records()).isEmpty();
        assertThat(sender.handle(signal)).isInstanceOf(SendOutcome.Sent.class);
    }

    private static SubscriptionStates.State state(DigestWorld world) {
        return world.store.read(SUB).orElseThrow();
    }
}
