package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random runs mixing everything at once: uploads (new keys, the same keys again, removals), duplicate S3
 * deliveries, clock jumps, crashes at random steps, a second sender interleaved at a random step, SES refusing and
 * throttling, dead-letter replays and sweeps, over three subscriptions with different timing. Afterwards the world is
 * driven to idle without faults and the guarantees must hold. A failing seed replays exactly.
 */
class RandomizedScenarioTest {

    static Stream<Long> seeds() {
        return IntStream.rangeClosed(1, 150).mapToObj(i -> 7919L * i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomRun_guaranteesHold(long seed) {
        Random random = new Random(seed);
        DigestWorld world = new DigestWorld(new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(15), 40));
        world.subscribe(new Subscription("fives", List.of("f@example.com"), null, List.of("obj/0005"), Set.of(),
                new DigestTiming(Duration.ofSeconds(5), Duration.ofMinutes(2), 7)));
        world.subscribe(new Subscription("removals", List.of("r@example.com", "s@example.com"),
                DigestWorld.BUCKET, List.of(), Set.of(EventKind.REMOVED), null));
        List<String> interleavedOutcomes = new ArrayList<>();

        for (int action = 0; action < 60; action++) {
            int dice = random.nextInt(100);
            if (dice < 30) {
                int count = 1 + random.nextInt(25);
                int from = random.nextInt(120);
                if (random.nextInt(4) == 0) {
                    world.remove(DigestWorld.keys(from, Math.min(count, 5)));
                } else {
                    world.upload(DigestWorld.keys(from, count));
                }
            } else if (dice < 35) {
                world.redeliverLastUpload();
            } else if (dice < 55) {
                world.clock.advance(Duration.ofMillis(random.nextInt(4) == 0
                        ? random.nextInt(40 * 60_000) : random.nextInt(90_000)));
            } else if (dice < 70) {
                StepListener steps = random.nextInt(3) == 0
                        ? CrashAt.step(SendStep.values()[random.nextInt(SendStep.values().length)])
                        : StepListener.NONE;
                world.deliverVisible(world.sender(steps));
            } else if (dice < 78) {
                List<FakeSignalQueue.Message> visible = world.queue.receiveVisible();
                if (!visible.isEmpty()) {
                    FakeSignalQueue.Message message = visible.get(0);
                    SendStep at = SendStep.values()[random.nextInt(SendStep.values().length)];
                    DigestSender other = world.sender();
                    StepListener interleave = step -> {
                        if (step == at) {
                            interleavedOutcomes.add(other.handle(message.signal()).getClass().getSimpleName());
                        }
                    };
                    world.deliver(world.sender(interleave), message);
                    visible.subList(1, visible.size()).forEach(m -> world.deliver(world.sender(), m));
                }
            } else if (dice < 82) {
                world.sweep().sweep();
            } else if (dice < 86) {
                world.mailer.unverify(DigestWorld.SENDER);
            } else if (dice < 92) {
                world.mailer.verify(DigestWorld.SENDER);
                world.replayDeadLetters();
            } else if (dice < 95) {
                world.mailer.failTransientlyTimes(1 + random.nextInt(2));
            } else {
                world.clock.advance(DigestWorld.VISIBILITY_TIMEOUT);
            }
        }

        world.mailer.verify(DigestWorld.SENDER);
        world.mailer.failTransientlyTimes(0);
        for (int round = 0; round < 10 && (world.store.pendingCount() > 0 || !world.deadLetters.isEmpty()
                || !world.queue.inFlight().isEmpty()); round++) {
            world.replayDeadLetters();
            world.runUntilIdle(world.sender());
            world.clock.advance(Duration.ofMinutes(20));
            world.sweep().sweep();
            world.runUntilIdle(world.sender());
        }

        assertThat(interleavedOutcomes).as("a second sender during a send never gets past the lease")
                .allMatch(name -> name.equals("Busy"));
        Guarantees.assertHeld(world);
    }
}
