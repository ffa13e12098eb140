package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The safety net: subscriptions pending for longer than max delay plus one minute of grace get a signal. */
class DigestSweepTest {

    private static final Instant NOW = DigestWorld.T0.plus(Duration.ofHours(1));

    private static DigestWorld worldAtNow() {
        DigestWorld world = new DigestWorld();
        world.subscribe(subscription("recent"));
        world.subscribe(subscription("idle"));
        world.subscribe(new Subscription("short", List.of("s@example.com"), null, List.of(), Set.of(),
                new DigestTiming(null, Duration.ofMinutes(5), null)));
        world.clock.set(NOW);
        return world;
    }

    private static Subscription subscription(String id) {
        return new Subscription(id, List.of(id + "@example.com"), null, List.of(), Set.of(), null);
    }

    @Test
    void sweep_pendingLongerThanMaxDelayPlusGrace_signalsOnlyThose() {
        DigestWorld world = worldAtNow();
        Instant lastArrival = NOW.minusSeconds(30);
        world.store.givenArrivals(Subscription.DEFAULT_ID, NOW.minus(Duration.ofMinutes(16)), lastArrival);
        world.store.givenArrivals("recent", NOW.minus(Duration.ofMinutes(16)).plusMillis(1), NOW);
        world.store.givenArrivals("idle", null, NOW.minus(Duration.ofHours(5)));
        world.store.givenArrivals("short", NOW.minus(Duration.ofMinutes(6)), NOW.minus(Duration.ofMinutes(6)));

        List<String> signalled = world.sweep().sweep();

        assertThat(signalled).containsExactlyInAnyOrder(Subscription.DEFAULT_ID, "short");
        assertThat(world.queue.sent()).contains(
                new DigestSignals.Signal(Subscription.DEFAULT_ID, lastArrival, Duration.ZERO),
                new DigestSignals.Signal("short", NOW.minus(Duration.ofMinutes(6)), Duration.ZERO));
    }

    @Test
    void sweep_nothingOverdue_sendsNoSignal() {
        DigestWorld world = worldAtNow();
        world.store.givenArrivals(Subscription.DEFAULT_ID, NOW.minus(Duration.ofMinutes(10)), NOW);

        assertThat(world.sweep().sweep()).isEmpty();
        assertThat(world.queue.sent()).isEmpty();
    }

    @Test
    void sweep_digestSignalLost_digestStillGoesOut() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 8));
        world.queue.clear();
        world.clock.advance(Duration.ofMinutes(15));
        assertThat(world.sweep().sweep()).as("within the grace minute").isEmpty();
        world.clock.advance(Duration.ofMinutes(1));

        assertThat(world.sweep().sweep()).containsExactly(Subscription.DEFAULT_ID);
        world.runUntilIdle(world.sender());

        assertThat(world.mailer.accepted()).hasSize(1);
        Guarantees.assertHeld(world);
    }

    @Test
    void sweep_sentDigestsLeaveNothingToSweep() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 8));
        world.runUntilIdle(world.sender());
        world.clock.advance(Duration.ofHours(2));

        assertThat(world.sweep().sweep()).isEmpty();
    }
}
