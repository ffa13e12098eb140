package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The release after a digest clears the first-pending time only if no arrival was noted since the sender read the
 * state ("ingest writes entries first, then notes the arrival"). These tests run an ingest invocation between the
 * sender's pending query and its release, including one whose clock reading is older than the last noted arrival (it
 * took its time before a slow transaction, while another invocation noted a later arrival).
 */
class ReleaseRaceTest {

    private static final String SUB = Subscription.DEFAULT_ID;

    @Test
    void release_arrivalNotedBetweenQueryAndRelease_isDigestedNext() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender(step -> {
            if (step == SendStep.COMPLETED) {
                world.store.afterNextOldestQuery(sub -> lateIngest(world, "obj/00900", world.clock.instant()));
            }
        }));

        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        assertThat(world.store.claimedEvents()).hasSize(2);
    }

    @Test
    void release_arrivalWithOlderTimestampNotedBetweenQueryAndRelease_isNotStranded() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        Instant slowInvocationNow = world.clock.instant().plusSeconds(20);
        world.clock.advance(Duration.ofSeconds(30));
        world.upload(DigestWorld.keys(10, 2));
        world.clock.advance(Duration.ofSeconds(60));

        world.deliverVisible(world.sender(step -> {
            if (step == SendStep.COMPLETED) {
                world.store.afterNextOldestQuery(sub -> lateIngest(world, "obj/00900", slowInvocationNow));
            }
        }));
        for (int i = 0; i < 6; i++) {
            world.runUntilIdle(world.sender());
            world.clock.advance(Duration.ofMinutes(5));
            world.sweep().sweep();
        }

        Guarantees.assertHeld(world);
        assertThat(world.store.claimedEvents()).hasSize(2);
        assertThat(world.store.claimedEvents().values()).last().satisfies(
                events -> assertThat(events).extracting(ObjectEvent::key).containsExactly("obj/00900"));
    }

    @Test
    void release_arrivalWithSameTimestampAsLastArrival_isNotStranded() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        Instant sameNow = world.clock.instant();
        world.clock.advance(Duration.ofSeconds(60));

        world.deliverVisible(world.sender(step -> {
            if (step == SendStep.COMPLETED) {
                world.store.afterNextOldestQuery(sub -> lateIngest(world, "obj/00901", sameNow));
            }
        }));
        for (int i = 0; i < 6; i++) {
            world.runUntilIdle(world.sender());
            world.clock.advance(Duration.ofMinutes(5));
            world.sweep().sweep();
        }

        Guarantees.assertHeld(world);
        assertThat(world.store.claimedEvents()).hasSize(2);
    }

    @Test
    void release_signalsDroppedAsBusyDuringAMaxDelayDigest_leftoversGoOutAQuietPeriodLaterNotAtTheSweep() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        world.upload("obj/00001");
        world.clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        world.upload("obj/00002");
        world.clock.advance(Duration.ofSeconds(1));
        DigestSender other = world.sender();
        List<SendOutcome> othersOutcomes = new java.util.ArrayList<>();
        Runnable uploadAndDeliverElsewhere = () -> {
            world.upload(DigestWorld.keys(world.store.recordedEvents().size() + 1, 1));
            world.queue.receiveVisible().forEach(m -> othersOutcomes.add(other.handle(m.signal())));
        };
        StepListener steps = step -> {
            if (step == SendStep.SES_ACCEPTED && othersOutcomes.isEmpty()) {
                uploadAndDeliverElsewhere.run();
                world.store.afterNextOldestQuery(sub -> {
                    world.clock.advance(Duration.ofSeconds(2));
                    uploadAndDeliverElsewhere.run();
                });
            }
        };

        world.deliverVisible(world.sender(steps));
        assertThat(othersOutcomes).as("past the max delay, arrivals signal at once and meet the lease")
                .containsExactly(new SendOutcome.Busy(), new SendOutcome.Busy());
        Instant lastArrival = world.clock.instant();
        world.runUntilIdle(world.sender());

        assertThat(world.store.records()).hasSize(2);
        assertThat(world.store.records().get(1).createdAt()).as("a quiet period after the last arrival")
                .isBetween(lastArrival.plusSeconds(60), lastArrival.plusSeconds(62));
        Guarantees.assertHeld(world);
    }

    @Test
    void release_arrivalsNotedBeforeEveryReleaseAttempt_releasesAnywayAndSignalsOnceMore() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        java.util.concurrent.atomic.AtomicInteger races = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Consumer<String> noteAnArrival = new java.util.function.Consumer<>() {
            @Override
            public void accept(String sub) {
                world.clock.advance(Duration.ofMillis(1));
                world.store.noteArrivals(Set.of(sub), world.clock.instant());
                if (races.incrementAndGet() < 3) {
                    world.store.afterNextOldestQuery(this);
                }
            }
        };
        StepListener steps = step -> {
            if (step == SendStep.COMPLETED) {
                world.store.afterNextOldestQuery(noteAnArrival);
            }
        };
        int signalsBefore = world.queue.sent().size();

        world.deliverVisible(world.sender(steps));

        assertThat(races).hasValue(3);
        assertThat(world.store.read(SUB).orElseThrow().leaseOwner()).isNull();
        assertThat(world.queue.sent()).hasSize(signalsBefore + 1);
        world.runUntilIdle(world.sender());
        Guarantees.assertHeld(world);
    }

    /**
     * What IngestService does for one new event, with the clock reading {@code now} it took before its transaction:
     * record the event with its pending entry, note the arrival, then signal with the quiet period.
     */
    private static void lateIngest(DigestWorld world, String key, Instant now) {
        ObjectEvent event = ObjectEvent.builder(DigestWorld.BUCKET, key, "ObjectCreated:Put", now)
                .region("us-east-1").eTag("e").size(1L).build();
        world.store.record(List.of(new EventHistory.Recording(event, List.of(SUB), "late")), now);
        world.store.noteArrivals(Set.of(SUB), now);
        world.queue.send(List.of(new DigestSignals.Signal(SUB, now, Duration.ofSeconds(60))));
    }
}
