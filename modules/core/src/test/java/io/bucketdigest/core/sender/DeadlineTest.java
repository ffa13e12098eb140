package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Near the function's deadline nothing new is started: DigestBatch defers every message once less than
 * {@link DigestBatch#START_RESERVE} is left, and the sender refuses a send-rate wait that would leave less than 30 s
 * for the SES call and its recording, before anything marks the send as started.
 */
class DeadlineTest {

    private static final String TEAM = "team";
    private static final List<String> THREE = List.of("a@example.com", "b@example.com", "c@example.com");

    @Test
    void process_lessThanTheStartReserveLeft_defersEveryMessageAndCallsNothing() {
        // GIVEN a due digest, a well-formed and a malformed message, and 89 s left
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        List<RejectedMessages.Rejection> rejected = new ArrayList<>();
        DigestBatch batch = new DigestBatch(world.sender(step -> {
            throw new AssertionError("the sender ran: " + step);
        }), rejected::addAll);
        int signals = world.queue.sent().size();
        Deadline nearlyOut = () -> DigestBatch.START_RESERVE.minusSeconds(1);
        List<DigestBatch.Result> seen = new ArrayList<>();

        // WHEN
        List<DigestBatch.Result> results = batch.process(List.of(
                new DigestBatch.Message("m-1", DigestSignalCodec.encode(Subscription.DEFAULT_ID,
                        world.clock.instant())),
                new DigestBatch.Message("m-2", "not json at all")), nearlyOut, seen::add);

        // THEN
        assertThat(results).containsExactly(new DigestBatch.Deferred("m-1"), new DigestBatch.Deferred("m-2"));
        assertThat(results).allSatisfy(r -> assertThat(r.retried()).isTrue());
        assertThat(seen).isEqualTo(results);
        assertThat(rejected).as("not even decoded, so not parked").isEmpty();
        assertThat(world.mailer.calls()).isZero();
        assertThat(world.store.records()).isEmpty();
        assertThat(world.store.read(Subscription.DEFAULT_ID).orElseThrow().leaseOwner()).isNull();
        assertThat(world.queue.sent()).hasSize(signals);
    }

    @Test
    void process_exactlyTheStartReserveLeft_handlesTheMessage() {
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        DigestBatch batch = new DigestBatch(world.sender(), rejections -> { });

        List<DigestBatch.Result> results = batch.process(List.of(new DigestBatch.Message("m-1",
                DigestSignalCodec.encode(Subscription.DEFAULT_ID, world.clock.instant()))),
                () -> DigestBatch.START_RESERVE);

        assertThat(results).singleElement().isInstanceOf(DigestBatch.Handled.class);
        assertThat(world.mailer.accepted()).hasSize(1);
    }

    @Test
    void handle_rateWaitRunsIntoTheDeadline_failsTransientlyBeforeTheSendStartsAndReleasesTheLease() {
        // GIVEN three recipients and a bucket of 1 token at 1/s: a 2 s wait, with 31 s left (2 s + 30 s > 31 s)
        DigestWorld world = new DigestWorld();
        world.withSendRate(new TokenBucket(1, 1, world.clock));
        world.unsubscribe(Subscription.DEFAULT_ID)
                .subscribe(new Subscription(TEAM, THREE, null, List.of(), Set.of(), null));
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(TEAM, world.clock.instant());

        // WHEN
        assertThatThrownBy(() -> sender.handle(signal, () -> Duration.ofSeconds(31)))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("wait of 2000 ms");

        // THEN nothing was marked as started or mailed, nobody slept, and the lease is free
        DigestRecord record = world.store.records().get(0);
        assertThat(record.status()).isEqualTo(DigestRecord.Status.SENDING);
        assertThat(record.sendStartedAt()).as("markSendStarted not reached").isNull();
        assertThat(record.possibleDuplicate()).isFalse();
        assertThat(world.mailer.calls()).isZero();
        assertThat(world.sleeps).isEmpty();
        assertThat(world.store.read(TEAM).orElseThrow().leaseOwner()).isNull();

        // AND the retry with time to spare sends it, not flagged as a possible duplicate
        SendOutcome retried = sender.handle(signal, Deadline.NONE);
        assertThat(retried).isInstanceOf(SendOutcome.Sent.class);
        assertThat(((SendOutcome.Sent) retried).resentAfterCrash()).isFalse();
        assertThat(((SendOutcome.Sent) retried).digestId()).isEqualTo(record.id());
        assertThat(world.mailer.accepted()).hasSize(1);
    }

    @Test
    void handle_rateWaitPlusReserveFitsTheDeadline_waitsAndSends() {
        // GIVEN the same 2 s wait with 32 s left (2 s + 30 s = 32 s)
        DigestWorld world = new DigestWorld();
        world.withSendRate(new TokenBucket(1, 1, world.clock));
        world.unsubscribe(Subscription.DEFAULT_ID)
                .subscribe(new Subscription(TEAM, THREE, null, List.of(), Set.of(), null));
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));

        SendOutcome outcome = world.sender().handle(new DigestSignal(TEAM, world.clock.instant()),
                () -> Duration.ofSeconds(32));

        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        assertThat(world.sleeps).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void process_rateWaitTooLongForTheRemainingTime_messageIsRetriedAndNothingMailed() {
        // GIVEN 91 s left (above the start reserve) and a 100 s rate wait (3 tokens, 1 every 50 s)
        DigestWorld world = new DigestWorld();
        world.withSendRate(new TokenBucket(0.02, 1, world.clock));
        world.unsubscribe(Subscription.DEFAULT_ID)
                .subscribe(new Subscription(TEAM, THREE, null, List.of(), Set.of(), null));
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        DigestBatch batch = new DigestBatch(world.sender(), rejections -> { });

        List<DigestBatch.Result> results = batch.process(List.of(new DigestBatch.Message("m-1",
                DigestSignalCodec.encode(TEAM, world.clock.instant()))), () -> Duration.ofSeconds(91));

        assertThat(results).singleElement().isInstanceOf(DigestBatch.Retry.class)
                .satisfies(r -> assertThat(((DigestBatch.Retry) r).reason()).contains("deadline"));
        assertThat(world.mailer.calls()).isZero();
        assertThat(world.sleeps).isEmpty();
        assertThat(world.store.records()).singleElement()
                .satisfies(r -> assertThat(r.sendStartedAt()).isNull());
        assertThat(world.store.read(TEAM).orElseThrow().leaseOwner()).isNull();
    }
}
