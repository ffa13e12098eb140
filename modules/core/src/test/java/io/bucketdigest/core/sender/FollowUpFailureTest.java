package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A digest went out, then the release or the query before it failed. The outcome (a mail was sent) must still be
 * reported, the message retried so leftovers get their digest, and the lease freed on the way out.
 */
class FollowUpFailureTest {

    private static final String SUB = Subscription.DEFAULT_ID;
    private static final Deadline PLENTY = () -> Duration.ofMinutes(15);

    @ParameterizedTest(name = "{0} fails after {1} successful call(s)")
    @CsvSource({"release, 0", "oldest, 1"})
    void process_sentThenFollowUpFails_handledWithTheSentOutcomeAndRetriedAndTheLeaseIsFree(
            String operation, int succeeding) {
        // GIVEN a due digest, and the release after it (or the pending query before the release) failing once
        DigestWorld world = new DigestWorld();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        world.store.failAfter(operation, succeeding, 1,
                () -> new TransientFailureException("scripted: " + operation + " failed"));
        List<RejectedMessages.Rejection> rejected = new ArrayList<>();
        DigestBatch batch = new DigestBatch(world.sender(), rejected::addAll);
        String body = DigestSignalCodec.encode(SUB, world.clock.instant());
        List<DigestBatch.Result> seen = new ArrayList<>();

        // WHEN
        List<DigestBatch.Result> results =
                batch.process(List.of(new DigestBatch.Message("m-1", body)), PLENTY, seen::add);

        // THEN
        assertThat(results).singleElement().isInstanceOf(DigestBatch.Handled.class);
        DigestBatch.Handled handled = (DigestBatch.Handled) results.get(0);
        assertThat(handled.outcome()).isInstanceOf(SendOutcome.Sent.class);
        assertThat(((SendOutcome.Sent) handled.outcome()).entries()).isEqualTo(3);
        assertThat(handled.retryReason()).isNotNull().contains("scripted: " + operation);
        assertThat(handled.retried()).isTrue();
        assertThat(seen).containsExactly(handled);
        assertThat(rejected).isEmpty();
        assertThat(world.store.read(SUB).orElseThrow().leaseOwner()).as("lease after the failed follow-up").isNull();
        assertThat(world.mailer.accepted()).hasSize(1);

        // AND the retried message finds nothing more to send
        List<DigestBatch.Result> again = batch.process(List.of(new DigestBatch.Message("m-1", body)), PLENTY);
        assertThat(again).singleElement().isInstanceOf(DigestBatch.Handled.class)
                .satisfies(r -> assertThat(((DigestBatch.Handled) r).outcome())
                        .isEqualTo(new SendOutcome.NothingPending()))
                .satisfies(r -> assertThat(r.retried()).isFalse());
        assertThat(world.mailer.accepted()).hasSize(1);
        Guarantees.assertIdle(world, SUB);
    }

    @Test
    void process_followUpFailsOnTheFirstMessage_callbackSeesItsResultBeforeTheNextMessageStarts() {
        // GIVEN two subscriptions with due digests; the first one's release fails
        DigestWorld world = new DigestWorld();
        world.subscribe(new Subscription("team", List.of("team@example.com"), null, List.of(), Set.of(), null));
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        world.store.failNext("release", 1);
        List<DigestBatch.Result> seen = new ArrayList<>();
        AtomicReference<List<DigestBatch.Result>> seenWhenSecondStarted = new AtomicReference<>();
        StepListener secondStarts = step -> {
            if (step == SendStep.LEASE_ACQUIRED && seenWhenSecondStarted.get() == null && !seen.isEmpty()) {
                seenWhenSecondStarted.set(List.copyOf(seen));
            }
        };
        DigestBatch batch = new DigestBatch(world.sender(secondStarts), rejections -> { });
        List<DigestBatch.Message> messages = List.of(
                new DigestBatch.Message("m-1", DigestSignalCodec.encode(SUB, world.clock.instant())),
                new DigestBatch.Message("m-2", DigestSignalCodec.encode("team", world.clock.instant())));

        // WHEN
        List<DigestBatch.Result> results = batch.process(messages, PLENTY, seen::add);

        // THEN the first result was reported before the second message took its lease
        assertThat(results).hasSize(2);
        assertThat(seenWhenSecondStarted.get()).containsExactly(results.get(0));
        assertThat(results.get(0)).isInstanceOf(DigestBatch.Handled.class)
                .satisfies(r -> assertThat(r.retried()).isTrue());
        assertThat(((DigestBatch.Handled) results.get(0)).outcome()).isInstanceOf(SendOutcome.Sent.class);
        assertThat(results.get(1)).isInstanceOf(DigestBatch.Handled.class)
                .satisfies(r -> assertThat(r.retried()).isFalse());
        assertThat(seen).isEqualTo(results);
        assertThat(world.mailer.accepted()).hasSize(2);
    }
}
