package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crashes the sender at every {@link SendStep} and re-runs it, then checks the guarantees ({@link Guarantees}): every
 * event in exactly one digest per matching subscription, no later digest repeating one, and a duplicate mail only in
 * the documented window, flagged. The crashed message comes back after the queue's visibility timeout, which is longer
 * than the lease, as in template.yaml.
 */
class FaultInjectionTest {

    /** Steps after which SES has accepted the mail. */
    private static final Set<SendStep> AFTER_SES = EnumSet.range(SendStep.SES_ACCEPTED, SendStep.COMPLETED);

    /**
     * The excluded count is not an entry: every mail of the digest shows it, and it is subtracted right after the send
     * is recorded, so a crash at any step leaves it reset once. (Only a crash between SES accepting the mail and that
     * subtraction, where no step is reported, would leave it for the next digest to show again.)
     */
    @ParameterizedTest(name = "crash at {0}")
    @EnumSource(SendStep.class)
    void handle_crashAtStepWithExcludedEvents_entriesExactlyOnce_countShownAndResetOnce(SendStep step) {
        DigestWorld world = new DigestWorld();
        world.subscribe(new Subscription(Subscription.DEFAULT_ID, List.of("ops@example.com"), null, List.of(),
                Set.of(), null).withExclusions(List.of("*.tmp", "**/_temporary/**")));
        world.upload(DigestWorld.keys(1, 25));
        world.upload("obj/00001.tmp", "obj/00002.tmp", "obj/_temporary/0/a", "obj/_temporary/0/b", "x/y.tmp");
        world.clock.advance(Duration.ofSeconds(60));

        world.deliverVisible(world.sender(CrashAt.step(step)));
        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        assertThat(world.store.claimedEvents()).as("one digest for the burst").hasSize(1);
        assertThat(world.mailer.accepted()).isNotEmpty().allSatisfy(mail -> assertThat(mail.parts().text())
                .contains("5 events matched your exclusions (*.tmp, **/_temporary/**) and are not listed"));
        assertThat(world.store.read(Subscription.DEFAULT_ID).orElseThrow().excludedCount())
                .as("count left after a crash at " + step).isZero();
    }

    /**
     * A daily schedule with max entries and exclusions: a crash at any step of the first part delays nothing beyond the
     * crash's own recovery, and the burst still goes out in numbered parts, each entry in exactly one of them, none
     * before the slot.
     */
    @ParameterizedTest(name = "crash at {0}")
    @EnumSource(SendStep.class)
    void handle_crashAtStepOnADailySchedule_partsGoOutAtTheSlot_entriesExactlyOnce(SendStep step) {
        DigestWorld world = new DigestWorld();
        world.subscribe(ScheduleAndPartsTest.daily(10).withExclusions(List.of("*.tmp")));
        world.upload(DigestWorld.keys(1, 25));
        world.upload("obj/a.tmp", "obj/b.tmp");
        world.clock.set(ScheduleAndPartsTest.NEXT_BERLIN_NINE);

        world.deliverVisible(world.sender(CrashAt.step(step)));
        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        List<DigestRecord> records = world.store.claimedEvents().keySet().stream().map(world.store::record).toList();
        assertThat(records).extracting(DigestRecord::entryCount).containsExactly(10, 10, 5);
        assertThat(records).extracting(r -> r.part().number()).containsExactly(1, 2, 3);
        assertThat(records).allSatisfy(r -> assertThat(r.createdAt()).isAfterOrEqualTo(
                ScheduleAndPartsTest.NEXT_BERLIN_NINE));
        assertThat(world.mailer.accepted().get(0).parts().text())
                .contains("2 events matched your exclusions (*.tmp) and are not listed");
        assertThat(world.store.read(Subscription.DEFAULT_ID).orElseThrow().excludedCount()).isZero();
    }

    @ParameterizedTest(name = "crash at {0}")
    @EnumSource(SendStep.class)
    void handle_crashAtStepThenRedelivery_eachEventInExactlyOneDigest(SendStep step) {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 25));
        world.clock.advance(Duration.ofSeconds(60));

        CrashAt crash = CrashAt.step(step);
        world.deliverVisible(world.sender(crash));
        assertThat(world.crashes).extracting(c -> c.step).containsExactly(step);

        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        assertThat(world.store.claimedEvents()).as("one digest for the burst").hasSize(1);
        DigestId id = world.store.claimedEvents().keySet().iterator().next();
        List<FakeMailer.Accepted> mails = world.mailer.accepted();
        if (step == SendStep.SES_ACCEPTED) {
            assertThat(mails).as("the ambiguous window: SES accepted, the sender died before recording it")
                    .hasSize(2).extracting(FakeMailer.Accepted::digestId).containsOnly(id.value());
        } else {
            assertThat(mails).hasSize(1);
        }
        boolean flagged = world.sent().stream().anyMatch(SendOutcome.Sent::resentAfterCrash);
        assertThat(flagged).as("re-send flagged after a crash at " + step)
                .isEqualTo(step == SendStep.SEND_STARTED || step == SendStep.SES_ACCEPTED);
        if (AFTER_SES.contains(step) && step != SendStep.SES_ACCEPTED && step != SendStep.COMPLETED) {
            assertThat(world.outcomes()).as("recovery only finishes the cleanup")
                    .anySatisfy(o -> assertThat(o).isEqualTo(new SendOutcome.Recovered(id, 25)));
        }
    }

    @ParameterizedTest(name = "crash at {0}")
    @EnumSource(SendStep.class)
    void handle_crashAtStepWhileEventsKeepArriving_laterEventsGoToALaterDigestOnly(SendStep step) {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 12));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender(CrashAt.step(step)));
        assertThat(world.crashes).hasSize(1);

        // New arrivals while the dead sender's lease still blocks everyone: their signals must not be lost.
        world.clock.advance(Duration.ofSeconds(30));
        world.upload(DigestWorld.keys(100, 7));
        world.clock.advance(Duration.ofMinutes(3));
        world.upload(DigestWorld.keys(200, 5));

        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        List<DigestRecord> records = world.store.records();
        int firstDigest = step == SendStep.LEASE_ACQUIRED ? 24 : 12;
        assertThat(records.get(0).entryCount()).as("the crashed digest keeps exactly the entries it claimed")
                .isEqualTo(firstDigest);
        assertThat(records.stream().mapToInt(DigestRecord::entryCount).sum()).isEqualTo(24);
    }

    @ParameterizedTest(name = "crash at {0}, message lost")
    @EnumSource(SendStep.class)
    void sweep_crashedDigestWhoseMessageWasLost_isFinishedBySweep(SendStep step) {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 9));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender(CrashAt.step(step)));
        world.queue.clear();

        world.clock.advance(Duration.ofMinutes(20));
        assertThat(world.sweep().sweep()).containsExactly(Subscription.DEFAULT_ID);
        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        assertThat(world.store.claimedEvents()).hasSize(1);
    }

    static Stream<Arguments> stepPairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (SendStep first : SendStep.values()) {
            for (SendStep second : SendStep.values()) {
                pairs.add(Arguments.of(first, second));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "crash at {0}, then at {1} while recovering")
    @MethodSource("stepPairs")
    void handle_crashAgainWhileRecovering_guaranteesStillHold(SendStep first, SendStep second) {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 15));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender(CrashAt.step(first)));
        world.upload(DigestWorld.keys(50, 3));

        world.clock.advance(DigestWorld.VISIBILITY_TIMEOUT);
        CrashAt again = CrashAt.step(second);
        world.deliverVisible(world.sender(again));

        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        assertThat(world.crashes).hasSizeBetween(1, 2);
    }

    @ParameterizedTest(name = "second sender runs at {0}")
    @EnumSource(SendStep.class)
    void handle_secondSenderInterleavedAtStep_isBusyAndOneDigestGoesOut(SendStep step) {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 20));
        world.clock.advance(Duration.ofSeconds(60));
        List<FakeSignalQueue.Message> visible = world.queue.receiveVisible();
        assertThat(visible).isNotEmpty();
        FakeSignalQueue.Message message = visible.get(visible.size() - 1);

        DigestSender second = world.sender();
        List<SendOutcome> secondOutcomes = new ArrayList<>();
        StepListener interleave = reached -> {
            if (reached == step) {
                secondOutcomes.add(second.handle(message.signal()));
            }
        };
        SendOutcome first = world.sender(interleave).handle(message.signal());

        assertThat(first).isInstanceOf(SendOutcome.Sent.class);
        assertThat(secondOutcomes).singleElement().isInstanceOf(SendOutcome.Busy.class);
        world.runUntilIdle(world.sender());
        Guarantees.assertHeld(world);
        assertThat(world.mailer.accepted()).hasSize(1);
    }

    @ParameterizedTest(name = "crash at {0} while re-sending a failed digest")
    @EnumSource(value = SendStep.class, names = {"RENDERED", "SEND_STARTED", "SES_ACCEPTED", "SENT_RECORDED"})
    void handle_crashWhileReplayingFailedDigest_duplicateIsFlagged(SendStep step) {
        DigestWorld world = new DigestWorld();
        world.mailer.unverify(DigestWorld.SENDER);
        world.upload(DigestWorld.keys(1, 6));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender());
        assertThat(world.deadLetters).hasSize(1);
        assertThat(world.store.records()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DigestRecord.Status.FAILED));

        world.mailer.verify(DigestWorld.SENDER);
        world.replayDeadLetters();
        world.deliverVisible(world.sender(CrashAt.step(step)));
        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        boolean flagged = world.sent().stream().anyMatch(SendOutcome.Sent::resentAfterCrash);
        assertThat(flagged).as("a re-send after a crash in the SES window is flagged, whatever the record's status")
                .isEqualTo(step == SendStep.SEND_STARTED || step == SendStep.SES_ACCEPTED);
    }

    @Test
    void handle_crashInSesWindowThenSesRefusesThenReplay_duplicateStillFlagged() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 4));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender(CrashAt.step(SendStep.SES_ACCEPTED)));
        world.mailer.unverify(DigestWorld.SENDER);
        world.clock.advance(DigestWorld.VISIBILITY_TIMEOUT);
        world.deliverVisible(world.sender());
        assertThat(world.deadLetters).hasSize(1);

        world.mailer.verify(DigestWorld.SENDER);
        world.replayDeadLetters();
        world.runUntilIdle(world.sender());

        assertThat(world.mailer.accepted()).hasSize(2);
        assertThat(world.sent()).singleElement().satisfies(s -> assertThat(s.resentAfterCrash()).isTrue());
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_crashesAtEveryStepInTurnAcrossThreeSubscriptions_guaranteesHold() {
        DigestWorld world = new DigestWorld();
        world.subscribe(new Subscription("photos", List.of("photos@example.com"), DigestWorld.BUCKET,
                List.of("obj/001"), Set.of(), null));
        world.subscribe(new Subscription("all-removals", List.of("audit@example.com"), null, List.of(),
                Set.of(io.bucketdigest.core.event.EventKind.REMOVED), null));
        int next = 1;
        for (SendStep step : SendStep.values()) {
            world.upload(DigestWorld.keys(next, 30));
            world.remove(DigestWorld.keys(next, 5));
            next += 30;
            world.clock.advance(Duration.ofSeconds(61));
            world.deliverVisible(world.sender(CrashAt.step(step)));
            world.clock.advance(Duration.ofMinutes(40));
            world.deliverVisible(world.sender());
        }
        world.runUntilIdle(world.sender());

        Guarantees.assertHeld(world);
        assertThat(world.crashes).hasSize(SendStep.values().length);
        assertThat(world.store.records()).extracting(DigestRecord::subscriptionId)
                .contains(Subscription.DEFAULT_ID, "photos", "all-removals");
    }
}
