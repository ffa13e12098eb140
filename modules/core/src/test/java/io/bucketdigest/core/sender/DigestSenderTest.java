package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sender's state machine on the in-memory store: records, history notes, lease, SES failures, send rate. */
class DigestSenderTest {

    private static final String SUB = Subscription.DEFAULT_ID;

    @Test
    void handle_dueDigest_mailsOnceAndLeavesACompleteRecordAndHistoryNotes() {
        DigestWorld world = new DigestWorld();
        Instant firstEvent = world.clock.instant();
        world.upload(DigestWorld.keys(1, 3));
        Instant lastEvent = world.clock.instant();
        world.remove("obj/00001");
        world.clock.advance(Duration.ofSeconds(60));

        List<SendOutcome> outcomes = world.deliverVisible(world.sender());

        SendOutcome.Sent sent = (SendOutcome.Sent) outcomes.stream()
                .filter(SendOutcome.Sent.class::isInstance).findFirst().orElseThrow();
        assertThat(sent.entries()).isEqualTo(4);
        assertThat(sent.resentAfterCrash()).isFalse();
        assertThat(sent.subject()).isEqualTo("2 objects created, 1 created and removed in my-bucket");
        DigestRecord record = world.store.record(sent.digestId());
        assertThat(record.status()).isEqualTo(DigestRecord.Status.COMPLETE);
        assertThat(record.subscriptionId()).isEqualTo(SUB);
        assertThat(record.entryCount()).isEqualTo(4);
        assertThat(record.sesMessageId()).isEqualTo(sent.sesMessageId()).isEqualTo("ses-1");
        assertThat(record.firstEventTime()).isEqualTo(firstEvent);
        assertThat(record.lastEventTime()).isEqualTo(lastEvent);
        assertThat(record.subject()).isEqualTo(sent.subject());
        assertThat(record.sentAt()).isEqualTo(world.clock.instant());

        FakeMailer.Accepted mail = world.mailer.accepted().get(0);
        assertThat(mail.mail().from()).isEqualTo(DigestWorld.SENDER);
        assertThat(mail.mail().to()).containsExactly("ops@example.com");
        assertThat(mail.digestId()).isEqualTo(sent.digestId().value());
        assertThat(mail.parts().header("Subject")).isEqualTo(sent.subject());
        assertThat(mail.parts().text()).contains("obj/00001").contains("created then removed");
        assertThat(mail.parts().html()).contains("<html").contains("obj/00003");
        for (ObjectEvent event : world.store.recordedEvents()) {
            assertThat(world.store.noteFor(event.id(), SUB)).contains(sent.digestId());
        }
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_excludedEventsCountedMeanwhile_areKeptForTheNextDigest() {
        DigestWorld world = new DigestWorld();
        world.subscribe(new Subscription(SUB, List.of("ops@example.com"), null, List.of(), Set.of(), null)
                .withExclusions(List.of("*.tmp")));
        world.upload("obj/00001.tmp", "obj/00002.tmp");
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        StepListener excludedMeanwhile = step -> {
            if (step == SendStep.SES_ACCEPTED) {
                world.upload("obj/00003.tmp");
            }
        };

        world.deliverVisible(world.sender(excludedMeanwhile));

        assertThat(world.mailer.accepted()).singleElement().satisfies(m -> assertThat(m.parts().text())
                .contains("2 events matched your exclusions (*.tmp) and are not listed; they stay in the history"));
        assertThat(world.store.read(SUB).orElseThrow().excludedCount()).isEqualTo(1);
        world.upload(DigestWorld.keys(10, 1));
        world.clock.advance(Duration.ofSeconds(60));
        world.runUntilIdle(world.sender());
        assertThat(world.mailer.accepted()).hasSize(2);
        assertThat(world.mailer.accepted().get(1).parts().text())
                .contains("1 event matched your exclusions (*.tmp) and is not listed; it stays in the history");
        assertThat(world.store.read(SUB).orElseThrow().excludedCount()).isZero();
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_onlyExcludedEvents_sendNothing() {
        DigestWorld world = new DigestWorld();
        world.subscribe(new Subscription(SUB, List.of("ops@example.com"), null, List.of(), Set.of(), null)
                .withExclusions(List.of("*.tmp")));
        world.upload("obj/00001.tmp");
        world.clock.advance(Duration.ofHours(2));

        world.runUntilIdle(world.sender());

        assertThat(world.mailer.accepted()).isEmpty();
        assertThat(world.store.read(SUB).orElseThrow().excludedCount()).isEqualTo(1);
        assertThat(world.store.read(SUB).orElseThrow().firstPendingAt()).isNull();
    }

    @Test
    void handle_eventsArriveWhileSending_theyWaitForTheNextDigestAndAreSignalled() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 5));
        world.clock.advance(Duration.ofSeconds(60));
        StepListener uploadMeanwhile = step -> {
            if (step == SendStep.SES_ACCEPTED) {
                world.upload(DigestWorld.keys(100, 2));
            }
        };

        world.deliverVisible(world.sender(uploadMeanwhile));

        assertThat(world.mailer.accepted()).singleElement()
                .satisfies(m -> assertThat(m.keys()).containsExactlyInAnyOrder(DigestWorld.keys(1, 5)));
        assertThat(world.store.pendingEntries(SUB)).hasSize(2);
        SubscriptionStates.State state = world.store.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.firstPendingAt()).isEqualTo(world.store.pendingEntries(SUB).get(0).ingestedAt());

        world.runUntilIdle(world.sender());
        assertThat(world.mailer.accepted()).hasSize(2);
        assertThat(world.mailer.accepted().get(1).keys()).containsExactlyInAnyOrder(DigestWorld.keys(100, 2));
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_sesRefusesPermanently_recordFailedSignalParkedAndReplaySendsTheSameDigest() {
        DigestWorld world = new DigestWorld();
        world.mailer.unverify(DigestWorld.SENDER);
        world.upload(DigestWorld.keys(1, 4));
        world.clock.advance(Duration.ofSeconds(60));

        List<SendOutcome> outcomes = world.deliverVisible(world.sender());

        SendOutcome.PermanentFailure failure = (SendOutcome.PermanentFailure) outcomes.get(0);
        assertThat(failure.reason()).contains("not verified");
        DigestRecord record = world.store.record(failure.digestId());
        assertThat(record.status()).isEqualTo(DigestRecord.Status.FAILED);
        assertThat(record.failureReason()).isEqualTo(failure.reason());
        assertThat(record.sendStartedAt()).as("a known failure is not the ambiguous window").isNull();
        SubscriptionStates.State state = world.store.read(SUB).orElseThrow();
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.active()).contains(failure.digestId());
        assertThat(state.firstPendingAt()).isNotNull();
        assertThat(world.store.pendingEntries(SUB)).hasSize(4);
        assertThat(world.deadLetters).hasSize(1);

        world.upload(DigestWorld.keys(50, 1));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender());
        assertThat(world.deadLetters).as("still refused; parked again").hasSize(2);
        assertThat(world.store.records()).as("no second digest while one is failed").hasSize(1);

        world.mailer.verify(DigestWorld.SENDER);
        world.deadLetters.clear();
        world.deadLetters.add(new DigestSignal(SUB, DigestWorld.T0));
        world.replayDeadLetters();
        world.runUntilIdle(world.sender());

        assertThat(world.mailer.accepted()).extracting(FakeMailer.Accepted::digestId)
                .startsWith(failure.digestId().value()).hasSize(2);
        assertThat(world.mailer.accepted().get(0).keys()).containsExactlyInAnyOrder(DigestWorld.keys(1, 4));
        assertThat(world.sent().get(0).resentAfterCrash()).isFalse();
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_sesThrottledBeyondRetries_messageRetriedAndResendFlaggedAsPossiblyDuplicate() {
        DigestWorld world = new DigestWorld();
        world.mailer.failTransientlyTimes(1);
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));

        world.deliverVisible(world.sender());
        assertThat(world.transientFailures).hasSize(1);
        assertThat(world.mailer.accepted()).isEmpty();

        world.runUntilIdle(world.sender());

        assertThat(world.mailer.accepted()).hasSize(1);
        assertThat(world.sent()).singleElement().satisfies(s -> assertThat(s.resentAfterCrash())
                .as("the record cannot tell a throttled call from one SES accepted").isTrue());
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_threeRecipientsAndABucketOfTwoPerSecond_waitsHalfASecondBeforeSending() {
        DigestWorld world = new DigestWorld();
        world.withSendRate(new TokenBucket(2, 2, world.clock));
        world.unsubscribe(SUB).subscribe(new Subscription("team", List.of("a@example.com", "b@example.com",
                "c@example.com"), null, List.of(), Set.of(), null));
        world.upload(DigestWorld.keys(1, 1));
        world.clock.advance(Duration.ofSeconds(60));

        world.deliverVisible(world.sender());

        assertThat(world.sleeps).as("3 tokens from a full bucket of 2 at 2/s").containsExactly(Duration.ofMillis(500));
        assertThat(world.mailer.accepted()).hasSize(1);
    }

    @Test
    void handle_oneRecipientAndAFullBucket_sendsWithoutWaiting() {
        DigestWorld world = new DigestWorld();
        world.withSendRate(new TokenBucket(2, 2, world.clock));
        world.upload(DigestWorld.keys(1, 1));
        world.clock.advance(Duration.ofSeconds(60));

        world.deliverVisible(world.sender());

        assertThat(world.sleeps).isEmpty();
        assertThat(world.mailer.accepted()).hasSize(1);
    }

    @Test
    void handle_leaseHeldByALiveSender_isBusyAndTouchesNothing() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        Instant now = world.clock.instant();
        world.store.acquire(SUB, "someone-else", now, now.plus(DigestWorld.LEASE));
        int signals = world.queue.sent().size();

        SendOutcome outcome = world.sender().handle(new DigestSignal(SUB, now));

        assertThat(outcome).isEqualTo(new SendOutcome.Busy());
        assertThat(world.store.records()).isEmpty();
        assertThat(world.queue.sent()).hasSize(signals);
        assertThat(world.store.read(SUB).orElseThrow().leaseOwner()).isEqualTo("someone-else");
    }

    @Test
    void handle_leaseOfADeadSenderExpired_isTakenOver() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        Instant now = world.clock.instant();
        world.store.acquire(SUB, "dead", now, now.plus(DigestWorld.LEASE));
        world.clock.advance(DigestWorld.LEASE.plusMillis(1));

        SendOutcome outcome = world.sender().handle(new DigestSignal(SUB, now));

        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_crashedDigestWithSesIdRecorded_onlyFinishesTheCleanup() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        world.deliverVisible(world.sender(CrashAt.step(SendStep.SENT_RECORDED)));
        DigestId id = world.store.records().get(0).id();
        assertThat(world.store.record(id).status()).isEqualTo(DigestRecord.Status.SENT);
        world.clock.advance(DigestWorld.VISIBILITY_TIMEOUT);

        List<SendOutcome> outcomes = world.deliverVisible(world.sender());

        assertThat(outcomes).containsExactly(new SendOutcome.Recovered(id, 3));
        assertThat(world.mailer.accepted()).hasSize(1);
        Guarantees.assertHeld(world);
    }
}
