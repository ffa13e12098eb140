package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions change under the sender: deleted with work pending (discard it, abandon a digest in flight with its
 * entries noted), created after the catalog cache was filled (found in the store), or given new recipients while a
 * digest is being sent (the re-send goes where the digest was claimed for).
 */
class SubscriptionChangesTest {

    private static final String TEAM = "team";
    /** The digest queue's longest delay: signals asking for more arrive after this. */
    private static final Duration SQS_MAX_DELAY = Duration.ofMinutes(15);
    private static final Subscription TEAM_SUBSCRIPTION =
            new Subscription(TEAM, List.of("old@example.com"), null, List.of(), Set.of(), null);

    private static DigestWorld teamOnly() {
        return new DigestWorld().unsubscribe(Subscription.DEFAULT_ID).subscribe(TEAM_SUBSCRIPTION);
    }

    @Test
    void handle_deletedSubscriptionWithPendingEntries_discardsThemAndMailsNothing() {
        // GIVEN three pending entries, then the subscription is deleted
        DigestWorld world = teamOnly();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        world.unsubscribe(TEAM);

        // WHEN
        SendOutcome outcome = world.sender().handle(new DigestSignal(TEAM, world.clock.instant()));

        // THEN
        assertThat(outcome).isEqualTo(new SendOutcome.SubscriptionDeleted(TEAM, 3));
        assertThat(world.store.pendingEntries(TEAM)).isEmpty();
        SubscriptionStates.State state = world.store.read(TEAM).orElseThrow();
        assertThat(state.firstPendingAt()).isNull();
        assertThat(state.leaseOwner()).isNull();
        assertThat(state.active()).isEmpty();
        assertThat(world.mailer.calls()).isZero();
        assertThat(world.store.records()).isEmpty();

        // AND a later signal finds nothing of it left
        assertThat(world.sender().handle(new DigestSignal(TEAM, world.clock.instant())))
                .isEqualTo(new SendOutcome.UnknownSubscription(TEAM));
    }

    @Test
    void handle_deletedSubscriptionWhoseLeaseADeadHolderKeeps_comesBackAfterTheLeaseAndDiscardsTheEntries() {
        // GIVEN pending entries whose lease a crashed sender holds, and the subscription deleted meanwhile: the sweep
        // no longer looks at it, and the holder's own signal may be gone (a duplicate delivery acknowledged as Busy)
        DigestWorld world = teamOnly();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        world.store.acquire(TEAM, "crashed", world.clock.instant(), world.clock.instant().plus(DigestWorld.LEASE));
        world.unsubscribe(TEAM);
        world.queue.receiveVisible();

        // WHEN the removal's signal meets the lease
        SendOutcome first = world.sender().handle(new DigestSignal(TEAM, world.clock.instant()));

        // THEN it is Busy, and a signal comes back: first at SQS's longest delay, still busy, then after the lease
        assertThat(first).isEqualTo(new SendOutcome.Busy());
        assertThat(world.queue.inFlight()).singleElement().satisfies(message -> assertThat(message.visibleAt())
                .isEqualTo(world.clock.instant().plus(SQS_MAX_DELAY)));
        world.clock.advance(SQS_MAX_DELAY);
        assertThat(world.deliverVisible(world.sender())).containsExactly(new SendOutcome.Busy());
        world.clock.advance(DigestWorld.LEASE.minus(SQS_MAX_DELAY).plusSeconds(1));
        assertThat(world.deliverVisible(world.sender()))
                .containsExactly(new SendOutcome.SubscriptionDeleted(TEAM, 2));
        assertThat(world.store.pendingEntries(TEAM)).isEmpty();
        assertThat(world.mailer.calls()).isZero();
    }

    @Test
    void handle_deletedSubscriptionWithAnUncertainDigest_abandonsItAndNotesItsEntries() {
        // GIVEN a digest of three entries whose sender died in the SES window, two later entries, then deletion
        DigestWorld world = teamOnly();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> world.sender(CrashAt.step(SendStep.SES_ACCEPTED))
                .handle(new DigestSignal(TEAM, world.clock.instant()))).isInstanceOf(Crash.class);
        DigestId uncertain = world.store.records().get(0).id();
        world.upload(DigestWorld.keys(10, 2));
        world.unsubscribe(TEAM);
        world.clock.advance(DigestWorld.LEASE.plusSeconds(1));

        // WHEN
        SendOutcome outcome = world.sender().handle(new DigestSignal(TEAM, world.clock.instant()));

        // THEN the digest is abandoned (not re-sent), the later entries discarded, its own entries noted and removed
        assertThat(outcome).isEqualTo(new SendOutcome.SubscriptionDeleted(TEAM, 2));
        DigestRecord record = world.store.record(uncertain);
        assertThat(record.status()).isEqualTo(DigestRecord.Status.ABANDONED);
        assertThat(record.failureReason()).isEqualTo("subscription deleted");
        assertThat(world.mailer.accepted()).as("only the uncertain send").hasSize(1);
        for (ObjectEvent event : world.store.claimedEvents().get(uncertain)) {
            assertThat(world.store.noteFor(event.id(), TEAM)).as("note of %s", event.key()).contains(uncertain);
        }
        assertThat(world.store.pendingEntries(TEAM)).isEmpty();
        SubscriptionStates.State state = world.store.read(TEAM).orElseThrow();
        assertThat(state.active()).isEmpty();
        assertThat(state.firstPendingAt()).isNull();
        assertThat(state.leaseOwner()).isNull();
    }

    @Test
    void handle_abandonCutShortThenSubscriptionRecreated_theAbandonedDigestsEntriesAreNotReportedAgain() {
        // GIVEN an uncertain digest of a deleted subscription, abandoned, but its entries' removal failed
        DigestWorld world = teamOnly();
        world.upload(DigestWorld.keys(1, 3));
        world.clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> world.sender(CrashAt.step(SendStep.SES_ACCEPTED))
                .handle(new DigestSignal(TEAM, world.clock.instant()))).isInstanceOf(Crash.class);
        DigestId uncertain = world.store.records().get(0).id();
        world.unsubscribe(TEAM);
        world.clock.advance(DigestWorld.LEASE.plusSeconds(1));
        world.store.failNext("remove", 1);
        assertThatThrownBy(() -> world.sender().handle(new DigestSignal(TEAM, world.clock.instant())))
                .isInstanceOf(TransientFailureException.class);
        assertThat(world.store.record(uncertain).status()).isEqualTo(DigestRecord.Status.ABANDONED);
        assertThat(world.store.pendingEntries(TEAM)).as("left behind by the failed removal").hasSize(3);

        // WHEN the subscription is re-created with the same id and a new object arrives
        world.subscribe(TEAM_SUBSCRIPTION);
        world.upload("obj/00100");
        world.queue.clear();
        world.clock.advance(Duration.ofSeconds(60));
        SendOutcome outcome = world.sender().handle(new DigestSignal(TEAM, world.clock.instant()));

        // THEN its digest lists only the new object
        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        assertThat(((SendOutcome.Sent) outcome).entries()).isEqualTo(1);
        assertThat(world.mailer.accepted()).hasSize(2).last()
                .satisfies(m -> assertThat(m.keys()).containsExactly("obj/00100"));
        assertThat(world.store.pendingEntries(TEAM)).isEmpty();
    }

    @Test
    void handle_subscriptionCreatedAfterTheCatalogCacheWasFilled_isFoundAndSent() {
        // GIVEN a sender whose catalog cached the subscriptions before "team" existed
        DigestWorld world = new DigestWorld();
        SubscriptionCatalog cached = world.cachingCatalog(Duration.ofHours(1));
        assertThat(cached.find(TEAM)).isEmpty();
        world.subscribe(TEAM_SUBSCRIPTION);
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        assertThat(cached.find(TEAM)).as("the cache still predates it").isEmpty();

        // WHEN its first signal arrives
        SendOutcome outcome = world.sender(cached, StepListener.NONE)
                .handle(new DigestSignal(TEAM, world.clock.instant()));

        // THEN
        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        assertThat(((SendOutcome.Sent) outcome).entries()).isEqualTo(2);
        assertThat(world.mailer.accepted()).singleElement()
                .satisfies(m -> assertThat(m.mail().to()).containsExactly("old@example.com"));
    }

    @Test
    void handle_recipientsChangedWhileADigestIsSending_resendGoesToTheRecipientsFixedAtClaim() {
        // GIVEN a digest claimed for old@example.com whose sender died after SES accepted it
        DigestWorld world = teamOnly();
        world.upload(DigestWorld.keys(1, 2));
        world.clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> world.sender(CrashAt.step(SendStep.SES_ACCEPTED))
                .handle(new DigestSignal(TEAM, world.clock.instant()))).isInstanceOf(Crash.class);
        DigestId id = world.store.records().get(0).id();
        assertThat(world.store.record(id).recipients()).containsExactly("old@example.com");

        // WHEN the subscription now names new@example.com and the digest is re-sent
        world.subscribe(new Subscription(TEAM, List.of("new@example.com"), null, List.of(), Set.of(), null));
        world.clock.advance(DigestWorld.LEASE.plusSeconds(1));
        SendOutcome outcome = world.sender().handle(new DigestSignal(TEAM, world.clock.instant()));

        // THEN the re-send goes to the recipients fixed at claim
        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        assertThat(((SendOutcome.Sent) outcome).resentAfterCrash()).isTrue();
        assertThat(world.mailer.accepted()).hasSize(2)
                .allSatisfy(m -> assertThat(m.mail().to()).containsExactly("old@example.com"))
                .allSatisfy(m -> assertThat(m.parts().header("To")).contains("old@example.com")
                        .doesNotContain("new@example.com"));

        // AND the next digest goes to the new recipients
        world.upload("obj/00100");
        world.clock.advance(Duration.ofSeconds(60));
        assertThat(world.sender().handle(new DigestSignal(TEAM, world.clock.instant())))
                .isInstanceOf(SendOutcome.Sent.class);
        assertThat(world.mailer.accepted()).last()
                .satisfies(m -> assertThat(m.mail().to()).containsExactly("new@example.com"));
    }
}
