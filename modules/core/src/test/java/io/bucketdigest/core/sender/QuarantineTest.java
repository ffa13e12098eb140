package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A digest that fails for a reason that is neither transient nor an SES refusal (here: the mailer throws an
 * IllegalStateException for any digest listing a poisoned key, as a render error would) is retried twice, each time
 * releasing the lease, and quarantined on the third attempt: its entries are parked, the subscription flows on, and an
 * operator retries or abandons it through {@link QuarantinedDigests}.
 */
class QuarantineTest {

    private static final String SUB = Subscription.DEFAULT_ID;
    private static final String POISON = "obj/00666";

    @Test
    void handle_digestFailsNonTransientlyThreeTimes_retriedTwiceThenQuarantinedAndTheSubscriptionFlowsOn() {
        // GIVEN a due digest of two entries, one of which the mailer can never send
        DigestWorld world = new DigestWorld();
        world.mailer.poison(POISON);
        world.upload("obj/00001", POISON);
        world.clock.advance(Duration.ofSeconds(60));
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());

        // WHEN the first attempt fails: the exception propagates (the message is retried) and the lease is free
        assertThatThrownBy(() -> sender.handle(signal))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("scripted");
        DigestId id = world.store.records().get(0).id();
        assertThat(state(world).leaseOwner()).as("lease released after the first failure").isNull();
        assertThat(state(world).active()).contains(id);
        assertThat(world.store.record(id).failedAttempts()).isEqualTo(1);

        // AND the second attempt, at the same instant, takes the lease at once (not Busy for 16 minutes)
        assertThatThrownBy(() -> sender.handle(signal))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("scripted");
        assertThat(state(world).leaseOwner()).as("lease released after the second failure").isNull();
        assertThat(world.store.record(id).failedAttempts()).isEqualTo(2);
        assertThat(world.store.record(id).status()).isEqualTo(DigestRecord.Status.SENDING);

        // AND the third attempt quarantines it
        SendOutcome third = sender.handle(signal);

        // THEN
        String reason = "IllegalStateException: scripted: cannot build a digest that lists " + POISON;
        assertThat(third).isEqualTo(new SendOutcome.Quarantined(id, reason));
        DigestRecord record = world.store.record(id);
        assertThat(record.status()).isEqualTo(DigestRecord.Status.QUARANTINED);
        assertThat(record.failureReason()).isEqualTo(reason);
        assertThat(record.failedAttempts()).isEqualTo(DigestRecord.QUARANTINE_AFTER);
        assertThat(state(world).active()).as("active digest cleared").isEmpty();
        assertThat(state(world).leaseOwner()).isNull();
        assertThat(state(world).firstPendingAt()).as("nothing left pending").isNull();
        assertThat(world.store.parked(id)).extracting(e -> e.event().key())
                .containsExactlyInAnyOrder("obj/00001", POISON);
        assertThat(world.store.pendingEntries(SUB)).as("parked entries are gone from pending").isEmpty();
        assertThat(world.mailer.accepted()).isEmpty();

        // AND a later event of the same subscription goes out in a new digest, without the parked entries
        world.upload("obj/00002");
        world.clock.advance(Duration.ofSeconds(60));
        SendOutcome later = sender.handle(new DigestSignal(SUB, world.clock.instant()));
        assertThat(later).isInstanceOf(SendOutcome.Sent.class);
        SendOutcome.Sent sent = (SendOutcome.Sent) later;
        assertThat(sent.digestId()).isNotEqualTo(id);
        assertThat(world.mailer.accepted()).singleElement()
                .satisfies(m -> assertThat(m.keys()).containsExactly("obj/00002"));
    }

    @Test
    void retry_quarantinedDigest_entriesGoOutOnceInANewDigest() {
        // GIVEN a quarantined digest, and a later digest that went out meanwhile
        DigestWorld world = new DigestWorld();
        DigestId quarantined = quarantine(world, "obj/00001", POISON);
        world.upload("obj/00002");
        world.clock.advance(Duration.ofSeconds(60));
        assertThat(world.sender().handle(new DigestSignal(SUB, world.clock.instant())))
                .isInstanceOf(SendOutcome.Sent.class);
        world.mailer.cure();
        int signalsBefore = world.queue.sent().size();

        // WHEN the operator retries it
        QuarantinedDigests operator = operator(world);
        QuarantinedDigests.Decision decision = operator.retry(quarantined, "renderer fixed");

        // THEN its entries are pending again, the record says RETRIED, and the subscription is signalled
        assertThat(decision).isEqualTo(
                new QuarantinedDigests.Decision(quarantined, SUB, DigestRecord.Status.RETRIED, 2));
        assertThat(world.store.record(quarantined).status()).isEqualTo(DigestRecord.Status.RETRIED);
        assertThat(world.store.parked(quarantined)).isEmpty();
        assertThat(world.store.pendingEntries(SUB)).extracting(e -> e.event().key())
                .containsExactlyInAnyOrder("obj/00001", POISON);
        assertThat(world.queue.sent()).hasSize(signalsBefore + 1).last()
                .satisfies(s -> assertThat(s.subscriptionId()).isEqualTo(SUB))
                .satisfies(s -> assertThat(s.delay()).isEqualTo(Duration.ZERO));

        // AND the next signals send them in a new digest: every key mailed exactly once overall
        world.runUntilIdle(world.sender());
        Map<String, Long> mailedKeys = world.mailer.accepted().stream().flatMap(m -> m.keys().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(mailedKeys).isEqualTo(Map.of("obj/00001", 1L, POISON, 1L, "obj/00002", 1L));
        assertThat(world.mailer.accepted()).hasSize(2);
        DigestId resent = new DigestId(world.mailer.accepted().get(1).digestId());
        assertThat(resent).isNotEqualTo(quarantined);
        assertThat(world.store.record(resent).status()).isEqualTo(DigestRecord.Status.COMPLETE);
        for (ObjectEvent event : eventsWithKeys(world, "obj/00001", POISON)) {
            assertThat(world.store.noteFor(event.id(), SUB)).as("history names the digest that reported it")
                    .contains(resent);
        }
        assertThat(world.store.records()).extracting(DigestRecord::status).containsExactly(
                DigestRecord.Status.RETRIED, DigestRecord.Status.COMPLETE, DigestRecord.Status.COMPLETE);
        assertThat(world.store.pendingEntries(SUB)).isEmpty();
        assertThat(state(world).leaseOwner()).isNull();
        assertThat(state(world).active()).isEmpty();
        assertThat(state(world).firstPendingAt()).isNull();
    }

    @Test
    void abandon_quarantinedDigest_dropsItsEntriesAndRefusesASecondDecision() {
        // GIVEN a quarantined digest
        DigestWorld world = new DigestWorld();
        DigestId quarantined = quarantine(world, "obj/00001", POISON);
        world.mailer.cure();
        QuarantinedDigests operator = operator(world);

        // WHEN the operator abandons it
        QuarantinedDigests.Decision decision = operator.abandon(quarantined, "not worth sending");

        // THEN its entries are dropped: not parked, not pending, never mailed; the history keeps its notes
        assertThat(decision).isEqualTo(
                new QuarantinedDigests.Decision(quarantined, SUB, DigestRecord.Status.ABANDONED, 2));
        DigestRecord record = world.store.record(quarantined);
        assertThat(record.status()).isEqualTo(DigestRecord.Status.ABANDONED);
        assertThat(record.failureReason()).isEqualTo("not worth sending");
        assertThat(world.store.parked(quarantined)).isEmpty();
        assertThat(world.store.pendingEntries(SUB)).isEmpty();
        for (ObjectEvent event : eventsWithKeys(world, "obj/00001", POISON)) {
            assertThat(world.store.noteFor(event.id(), SUB)).contains(quarantined);
        }
        world.runUntilIdle(world.sender());
        assertThat(world.mailer.accepted()).as("no digest ever reports abandoned entries").isEmpty();

        // AND a second decision, either way, is refused naming the status it found
        assertThatThrownBy(() -> operator.abandon(quarantined, "again"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(quarantined.value())
                .hasMessageContaining("is ABANDONED, not QUARANTINED");
        assertThatThrownBy(() -> operator.retry(quarantined, "changed my mind"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is ABANDONED, not QUARANTINED");
        assertThat(world.store.pendingEntries(SUB)).isEmpty();
    }

    @Test
    void retry_digestThatIsNotQuarantined_isRefusedNamingItsStatus() {
        // GIVEN a digest that went out normally
        DigestWorld world = new DigestWorld();
        world.upload("obj/00001");
        world.clock.advance(Duration.ofSeconds(60));
        SendOutcome.Sent sent = (SendOutcome.Sent) world.sender().handle(new DigestSignal(SUB, world.clock.instant()));
        int signalsBefore = world.queue.sent().size();

        // WHEN / THEN
        assertThatThrownBy(() -> operator(world).retry(sent.digestId(), "why not"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(sent.digestId().value())
                .hasMessageContaining("is COMPLETE, not QUARANTINED");
        assertThatThrownBy(() -> operator(world).abandon(new DigestId("d-20260302T100000Z-0000abcd"), "typo"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no digest");
        assertThat(world.store.record(sent.digestId()).status()).isEqualTo(DigestRecord.Status.COMPLETE);
        assertThat(world.queue.sent()).as("nothing signalled").hasSize(signalsBefore);
    }

    @Test
    void process_digestFailingNonTransiently_isRetriedTwiceThenParkedOnTheDeadLetterQueueWithItsReason() {
        // GIVEN
        DigestWorld world = new DigestWorld();
        world.mailer.poison(POISON);
        world.upload(POISON);
        world.clock.advance(Duration.ofSeconds(60));
        List<RejectedMessages.Rejection> rejected = new ArrayList<>();
        DigestBatch batch = new DigestBatch(world.sender(), rejected::addAll);
        DigestBatch.Message message =
                new DigestBatch.Message("m-1", DigestSignalCodec.encode(SUB, world.clock.instant()));

        // WHEN the same message comes back three times
        List<DigestBatch.Result> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.addAll(batch.process(List.of(message), () -> Duration.ofMinutes(15)));
        }

        // THEN
        assertThat(results.subList(0, 2)).allSatisfy(r -> {
            assertThat(r).isInstanceOf(DigestBatch.Retry.class);
            assertThat(((DigestBatch.Retry) r).reason()).contains("IllegalStateException");
        });
        assertThat(results.get(2)).isInstanceOf(DigestBatch.Handled.class);
        DigestBatch.Handled handled = (DigestBatch.Handled) results.get(2);
        assertThat(handled.outcome()).isInstanceOf(SendOutcome.Quarantined.class);
        assertThat(handled.retried()).isFalse();
        String reason = ((SendOutcome.Quarantined) handled.outcome()).reason();
        assertThat(rejected).containsExactly(new RejectedMessages.Rejection("m-1", message.body(), reason));
    }

    /** Uploads {@code keys} (with {@link #POISON} among them) and fails their digest three times. */
    private static DigestId quarantine(DigestWorld world, String... keys) {
        world.mailer.poison(POISON);
        world.upload(keys);
        world.clock.advance(Duration.ofSeconds(60));
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());
        for (int i = 0; i < DigestRecord.QUARANTINE_AFTER - 1; i++) {
            assertThatThrownBy(() -> sender.handle(signal)).isInstanceOf(IllegalStateException.class);
        }
        SendOutcome outcome = sender.handle(signal);
        assertThat(outcome).isInstanceOf(SendOutcome.Quarantined.class);
        DigestId id = ((SendOutcome.Quarantined) outcome).digestId();
        assertThat(world.store.parked(id)).extracting(PendingEntry::subscriptionId).hasSize(keys.length);
        return id;
    }

    private static QuarantinedDigests operator(DigestWorld world) {
        DigestSignals signals = world.queue;
        return new QuarantinedDigests(world.store, world.store, world.store, signals, world.clock);
    }

    private static SubscriptionStates.State state(DigestWorld world) {
        return world.store.read(SUB).orElseThrow();
    }

    private static List<ObjectEvent> eventsWithKeys(DigestWorld world, String... keys) {
        List<String> wanted = List.of(keys);
        List<ObjectEvent> events = world.store.recordedEvents().stream().filter(e -> wanted.contains(e.key())).toList();
        assertThat(events).hasSize(keys.length);
        return events;
    }

    /**
     * Regression (found by this test suite): a digest SES had accepted was counted and quarantined like any other when
     * its cleanup kept failing, and the operator's retry then mailed its entries a second time, unflagged.
     */
    @Test
    void cleanupOfAMailedDigestFailingAgainAndAgain_isRetriedNeverQuarantined_andNothingIsMailedTwice() {
        // GIVEN a digest SES accepted and SENT recorded, whose cleanup then fails non-transiently, again and again
        DigestWorld world = new DigestWorld();
        world.upload("obj/00001", "obj/00002");
        world.clock.advance(Duration.ofSeconds(60));
        world.store.failAfter("remove", 0, DigestRecord.QUARANTINE_AFTER + 2,
                () -> new IllegalStateException("scripted: a bug in the pending removal"));
        DigestSender sender = world.sender();
        DigestSignal signal = new DigestSignal(SUB, world.clock.instant());

        // WHEN it is tried past the quarantine threshold
        for (int i = 0; i < DigestRecord.QUARANTINE_AFTER + 2; i++) {
            assertThatThrownBy(() -> sender.handle(signal)).isInstanceOf(IllegalStateException.class);
        }

        // THEN it was never quarantined, and once the cleanup goes through it completes without another mail
        DigestRecord record = world.store.records().get(0);
        assertThat(record.status()).isEqualTo(DigestRecord.Status.SENT);
        assertThat(record.failedAttempts()).isZero();
        SendOutcome recovered = sender.handle(signal);
        assertThat(recovered).isInstanceOf(SendOutcome.Recovered.class);
        assertThat(world.store.record(record.id()).status()).isEqualTo(DigestRecord.Status.COMPLETE);
        assertThat(world.mailer.accepted()).hasSize(1);
        assertThatThrownBy(() -> operator(world).retry(record.id(), "no"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("COMPLETE");
    }
}
