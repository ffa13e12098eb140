package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Once SES accepted a mail, every failure to record SENT makes the next holder send it again. So markSent is retried in
 * place (5 attempts, backoff 100 ms doubling) before the message goes back to the queue; and when it does, the re-send
 * is flagged, durably on the record, as a possible duplicate.
 */
class SendRecordingTest {

    private static final String SUB = Subscription.DEFAULT_ID;
    private static final List<Duration> BACKOFFS =
            List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));

    @ParameterizedTest(name = "markSent fails {0} time(s)")
    @ValueSource(ints = {1, 2, 3, 4})
    void handle_markSentFailsTransientlyFewerThanFiveTimes_sentOnceWithoutAResend(int failures) {
        // GIVEN
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        world.store.failNext("markSent", failures);

        // WHEN
        SendOutcome outcome = world.sender().handle(new DigestSignal(SUB, world.clock.instant()));

        // THEN
        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        SendOutcome.Sent sent = (SendOutcome.Sent) outcome;
        assertThat(sent.resentAfterCrash()).isFalse();
        assertThat(world.mailer.calls()).as("SES called once").isEqualTo(1);
        assertThat(world.mailer.accepted()).hasSize(1);
        assertThat(world.sleeps).as("backoff between the attempts").isEqualTo(BACKOFFS.subList(0, failures));
        DigestRecord record = world.store.record(sent.digestId());
        assertThat(record.status()).isEqualTo(DigestRecord.Status.COMPLETE);
        assertThat(record.sesMessageId()).isEqualTo("ses-1");
        assertThat(record.possibleDuplicate()).isFalse();
        world.runUntilIdle(world.sender());
        assertThat(world.mailer.accepted()).hasSize(1);
        Guarantees.assertHeld(world);
    }

    @Test
    void handle_markSentFailsFiveTimes_nextAttemptResendsFlaggedAndTheRecordSaysPossibleDuplicate() {
        // GIVEN SES accepts, but SENT cannot be recorded through all five attempts
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        world.store.failNext("markSent", 5);
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());

        // WHEN
        assertThatThrownBy(() -> sender.handle(signal)).isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("markSent");

        // THEN the record still says SENDING with the send started: the next holder must re-send
        assertThat(world.sleeps).isEqualTo(BACKOFFS);
        DigestId id = world.store.records().get(0).id();
        DigestRecord afterFirst = world.store.record(id);
        assertThat(afterFirst.status()).isEqualTo(DigestRecord.Status.SENDING);
        assertThat(afterFirst.sendStartedAt()).isNotNull();
        assertThat(afterFirst.possibleDuplicate()).isFalse();
        assertThat(world.mailer.accepted()).hasSize(1);

        // AND the next attempt re-sends the same digest, flagged
        SendOutcome second = sender.handle(signal);
        assertThat(second).isInstanceOf(SendOutcome.Sent.class);
        SendOutcome.Sent sent = (SendOutcome.Sent) second;
        assertThat(sent.digestId()).isEqualTo(id);
        assertThat(sent.resentAfterCrash()).isTrue();
        assertThat(world.mailer.accepted()).hasSize(2).extracting(FakeMailer.Accepted::digestId)
                .containsOnly(id.value());
        DigestRecord record = world.store.record(id);
        assertThat(record.status()).isEqualTo(DigestRecord.Status.COMPLETE);
        assertThat(record.possibleDuplicate()).as("durable evidence of the possible duplicate").isTrue();
    }

    @Test
    void handle_crashAfterTheFlaggedResendWasRecorded_recoveryReportsThePossibleDuplicate() {
        // GIVEN markSent failed five times, and the flagged re-send dies right after SES accepted and SENT was recorded
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 4));
        world.clock.advance(Duration.ofSeconds(60));
        world.store.failNext("markSent", 5);
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());
        assertThatThrownBy(() -> world.sender().handle(signal)).isInstanceOf(TransientFailureException.class);
        DigestId id = world.store.records().get(0).id();
        assertThatThrownBy(() -> world.sender(CrashAt.step(SendStep.SENT_RECORDED)).handle(signal))
                .isInstanceOf(Crash.class);
        assertThat(world.store.record(id).status()).isEqualTo(DigestRecord.Status.SENT);
        world.clock.advance(DigestWorld.LEASE.plusSeconds(1));

        // WHEN a third attempt finds the SENT record
        SendOutcome third = world.sender().handle(new DigestSignal(SUB, world.clock.instant()));

        // THEN it only finishes the cleanup, and says the recipients may have the digest twice
        assertThat(third).isEqualTo(new SendOutcome.Recovered(id, 4, true));
        assertThat(world.mailer.accepted()).hasSize(2);
        assertThat(world.store.record(id).status()).isEqualTo(DigestRecord.Status.COMPLETE);
        assertThat(world.store.pendingEntries(SUB)).isEmpty();
    }
}
