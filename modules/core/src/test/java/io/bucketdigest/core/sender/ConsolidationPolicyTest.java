package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * When a digest goes out: after the quiet period (default 60 s) without a new matching event, or when the oldest
 * pending event has waited the maximum delay (default 15 min), whichever is first; at most max entries (default
 * 10,000) per digest. Time comes from a {@link MutableClock}; the digest queue's delays from {@link FakeSignalQueue}.
 */
class ConsolidationPolicyTest {

    private static final String SUB = Subscription.DEFAULT_ID;

    @Test
    void handle_quietPeriodDefaults_digestGoesOutSixtySecondsAfterTheLastArrival() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        Instant arrival = world.clock.instant();
        world.upload(DigestWorld.keys(1, 4));

        assertThat(world.queue.inFlight()).singleElement()
                .satisfies(m -> assertThat(m.visibleAt()).isEqualTo(arrival.plusSeconds(60)));
        world.clock.advance(Duration.ofSeconds(59));
        assertThat(world.deliverVisible(world.sender())).isEmpty();
        world.clock.advance(Duration.ofSeconds(1));
        List<SendOutcome> outcomes = world.deliverVisible(world.sender());

        assertThat(outcomes).singleElement().isInstanceOf(SendOutcome.Sent.class);
        assertThat(world.store.records()).singleElement()
                .satisfies(r -> assertThat(r.createdAt()).isEqualTo(arrival.plusSeconds(60)));
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_signalBeforeDue_reschedulesWithTheRemainingDelay() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        Instant arrival = world.clock.instant();
        world.upload(DigestWorld.keys(1, 2));
        world.queue.clear();
        world.clock.advance(Duration.ofMillis(20_300));

        SendOutcome outcome = world.sender().handle(new DigestSignal(SUB, arrival));

        assertThat(outcome).isEqualTo(new SendOutcome.NotDue(Duration.ofMillis(39_700)));
        assertThat(world.queue.sent()).last().isEqualTo(new DigestSignals.Signal(SUB, arrival,
                Duration.ofMillis(39_700)));
        assertThat(world.queue.inFlight()).singleElement().satisfies(m -> assertThat(m.visibleAt())
                .as("SQS delays are whole seconds, rounded up").isEqualTo(arrival.plusMillis(60_300)));
        assertThat(world.mailer.calls()).isZero();
        assertThat(world.store.read(SUB).orElseThrow().leaseOwner()).as("no lease taken to say 'not yet'").isNull();

        world.runUntilIdle(world.sender());
        assertThat(world.mailer.accepted()).hasSize(1);
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_signalOlderThanTheLastArrival_isDroppedAsSuperseded() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        Instant first = world.clock.instant();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(30));
        world.upload(DigestWorld.keys(10, 3));
        int signalsBefore = world.queue.sent().size();
        world.clock.advance(Duration.ofSeconds(30));

        List<SendOutcome> atFirstSignal = world.deliverVisible(world.sender());

        assertThat(atFirstSignal).containsExactly(new SendOutcome.Superseded());
        assertThat(world.queue.sent()).as("a superseded signal is not re-queued").hasSize(signalsBefore);
        assertThat(world.mailer.calls()).isZero();

        world.clock.advance(Duration.ofSeconds(30));
        assertThat(world.deliverVisible(world.sender())).singleElement().isInstanceOf(SendOutcome.Sent.class);
        assertThat(world.store.records()).singleElement().satisfies(r -> {
            assertThat(r.entryCount()).isEqualTo(6);
            assertThat(r.createdAt()).isEqualTo(first.plusSeconds(90));
        });
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_continuousBurstNeverQuiet_maxDelayFiresAndEveryDigestIsOnTime() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        Instant start = world.clock.instant();
        DigestSender sender = world.sender();
        for (int tick = 0; tick <= 40; tick++) {
            world.clock.set(start.plusSeconds(30L * tick));
            world.deliverVisible(sender);
            world.upload(DigestWorld.keys(tick, 1));
        }
        world.runUntilIdle(sender);

        List<DigestRecord> records = world.store.records();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).createdAt()).as("the first digest goes out at the max delay, mid-burst")
                .isEqualTo(start.plus(Duration.ofMinutes(15)));
        assertThat(records.get(0).entryCount()).as("events at 0 s, 30 s, ... 870 s").isEqualTo(30);
        assertThat(records.get(1).createdAt()).as("the rest after the burst fell quiet")
                .isEqualTo(start.plusSeconds(1200 + 60));
        assertThat(records.get(1).entryCount()).isEqualTo(11);
        for (DigestRecord record : records) {
            List<ObjectEvent> events = world.store.claimedEvents().get(record.id());
            Instant oldest = events.stream().map(ObjectEvent::eventTime).min(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(oldest, record.createdAt())).as("wait of the oldest event in %s", record.id())
                    .isLessThanOrEqualTo(Duration.ofMinutes(15));
        }
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_moreThanMaxEntriesPending_oldestTenThousandFirstThenTheRestImmediately() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        world.upload(DigestWorld.keys(0, 10_000));
        world.clock.advance(Duration.ofMillis(5));
        world.upload(DigestWorld.keys(10_000, 7));
        world.clock.advance(Duration.ofSeconds(61));

        world.runUntilIdle(world.sender());

        List<DigestRecord> records = world.store.records();
        assertThat(records).extracting(DigestRecord::entryCount).containsExactly(10_000, 7);
        assertThat(world.store.claimedEvents().get(records.get(1).id())).extracting(ObjectEvent::key)
                .containsExactlyInAnyOrder(DigestWorld.keys(10_000, 7));
        assertThat(records.get(1).createdAt()).as("the rest does not wait for another quiet period")
                .isEqualTo(records.get(0).createdAt());
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_subscriptionOverridesMaxEntries_splitsOldestFirst() {
        DigestWorld world = new DigestWorld();
        world.unsubscribe(SUB).subscribe(new Subscription("small", List.of("a@example.com"), null, List.of(),
                Set.of(), new DigestTiming(Duration.ofSeconds(10), null, 3)));
        for (int i = 0; i < 7; i++) {
            world.upload(DigestWorld.keys(i, 1));
        }
        List<String> pendingOrder = world.store.pendingEntries("small").stream()
                .map(PendingEntry::event).map(ObjectEvent::key).toList();
        world.clock.advance(Duration.ofSeconds(10));

        world.runUntilIdle(world.sender());

        List<DigestRecord> records = world.store.records();
        assertThat(records).extracting(DigestRecord::entryCount).containsExactly(3, 3, 1);
        assertThat(records.stream().flatMap(r -> world.store.claimedEvents().get(r.id()).stream())
                .map(ObjectEvent::key).toList()).as("arrival order across digests").isEqualTo(pendingOrder);
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_subscriptionOverridesQuietPeriod_usesItsOwnTiming() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        world.subscribe(new Subscription("fast", List.of("a@example.com"), null, List.of(), Set.of(),
                new DigestTiming(Duration.ofSeconds(5), null, null)));
        Instant arrival = world.clock.instant();
        world.upload(DigestWorld.keys(1, 2));

        world.clock.advance(Duration.ofSeconds(5));
        assertThat(world.deliverVisible(world.sender())).singleElement().isInstanceOf(SendOutcome.Sent.class);
        assertThat(world.store.records()).singleElement()
                .satisfies(r -> assertThat(r.subscriptionId()).isEqualTo("fast"));
        world.clock.advance(Duration.ofSeconds(55));
        world.deliverVisible(world.sender());

        assertThat(world.store.records()).extracting(DigestRecord::subscriptionId).containsExactly("fast", SUB);
        assertThat(world.store.records().get(1).createdAt()).isEqualTo(arrival.plusSeconds(60));
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_batchesNotedInTheSameMicrosecond_stillOneDigestAndNothingStranded() {
        DigestWorld world = new DigestWorld().withBatchSpacing(Duration.ZERO);
        world.upload(DigestWorld.keys(1, 35));

        world.runUntilIdle(world.sender());

        assertThat(world.store.records()).singleElement().satisfies(r -> assertThat(r.entryCount()).isEqualTo(35));
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_secondBurstAfterQuietPeriod_secondDigestHasOnlyTheNewEvents() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(0, 200));
        world.clock.advance(Duration.ofSeconds(60));
        world.runUntilIdle(world.sender());
        world.clock.advance(Duration.ofMinutes(5));
        world.upload(DigestWorld.keys(500, 50));
        world.runUntilIdle(world.sender());

        assertThat(world.mailer.accepted()).hasSize(2);
        assertThat(world.mailer.accepted().get(1).keys()).containsExactlyInAnyOrder(DigestWorld.keys(500, 50));
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_duplicateS3DeliveriesAndRedeliveredSignals_countOnceAndSendNothingNew() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 12));
        world.redeliverLastUpload();
        world.clock.advance(Duration.ofSeconds(60));
        world.runUntilIdle(world.sender());
        DigestSignal old = new DigestSignal(SUB, DigestWorld.T0);

        SendOutcome again = world.sender().handle(old);

        assertThat(again).isEqualTo(new SendOutcome.NothingPending());
        assertThat(world.mailer.accepted()).hasSize(1);
        assertThat(world.store.recordedEvents()).hasSize(12);
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_unknownSubscriptionOrNoState_sendsNothing() {
        DigestWorld world = new DigestWorld();

        assertThat(world.sender().handle(new DigestSignal("nobody", DigestWorld.T0)))
                .isEqualTo(new SendOutcome.UnknownSubscription("nobody"));
        assertThat(world.sender().handle(new DigestSignal(SUB, DigestWorld.T0)))
                .isEqualTo(new SendOutcome.NothingPending());
        assertThat(world.queue.sent()).isEmpty();
    }
}
