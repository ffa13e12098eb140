package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.subscription.Subscription;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The guarantees, checked on what the fake SES received once the world is idle:
 *
 * <ol>
 *   <li>every mail is a digest the store claimed, and lists exactly the objects of the events that digest claimed;
 *   <li>every recorded event appears in exactly one digest of each subscription it matches: none lost, none repeated
 *       in another (later) digest;
 *   <li>the only duplicate mail is the same digest id sent again after a crash between SES accepting it and the SENT
 *       record (the documented window), and the run that re-sent it flagged it ({@code Sent.resentAfterCrash}),
 *       unless that run itself crashed after SES accepted (a double fault: the next run only finishes the cleanup);
 *   <li>nothing is left over: no pending entry, every record COMPLETE, no lease, no active digest, no first-pending
 *       time; every event's history names the digest that reported it; no unexpected exception.
 * </ol>
 */
final class Guarantees {

    private Guarantees() {}

    static void assertHeld(DigestWorld world) {
        assertThat(world.failures).as("unexpected exceptions in the sender").isEmpty();
        Map<DigestId, List<ObjectEvent>> claimed = world.store.claimedEvents();
        List<FakeMailer.Accepted> mails = world.mailer.accepted();

        Map<DigestId, Integer> mailsPerDigest = new LinkedHashMap<>();
        for (FakeMailer.Accepted mail : mails) {
            DigestId id = new DigestId(mail.digestId());
            assertThat(claimed).as("mail %s names a digest the store claimed", id).containsKey(id);
            Set<String> claimedKeys = claimed.get(id).stream().map(ObjectEvent::key).collect(Collectors.toSet());
            assertThat(mail.keys()).as("objects listed in mail of digest %s", id).isEqualTo(claimedKeys);
            mailsPerDigest.merge(id, 1, Integer::sum);
        }
        assertThat(mailsPerDigest.keySet()).as("every claimed digest was mailed")
                .containsExactlyInAnyOrderElementsOf(claimed.keySet());

        long crashesInWindow = world.crashes.stream().filter(c -> c.step == SendStep.SES_ACCEPTED).count();
        for (Map.Entry<DigestId, Integer> entry : mailsPerDigest.entrySet()) {
            int extra = entry.getValue() - 1;
            assertThat((long) extra)
                    .as("extra mails of digest %s: only after a crash between SES accepting and SENT", entry.getKey())
                    .isLessThanOrEqualTo(crashesInWindow);
            if (extra > 0) {
                boolean flagged = world.sent().stream()
                        .anyMatch(s -> s.digestId().equals(entry.getKey()) && s.resentAfterCrash());
                boolean finishedByARunThatCrashedAfterSes = world.crashes.stream()
                        .anyMatch(c -> c.step.compareTo(SendStep.SES_ACCEPTED) > 0);
                assertThat(flagged || finishedByARunThatCrashedAfterSes)
                        .as("the re-send of digest %s is flagged by the run that made it", entry.getKey()).isTrue();
            }
        }

        for (Subscription subscription : world.catalog().all()) {
            Map<EventId, Integer> occurrences = new HashMap<>();
            for (Map.Entry<DigestId, List<ObjectEvent>> digest : claimed.entrySet()) {
                DigestRecord record = world.store.record(digest.getKey());
                if (record.subscriptionId().equals(subscription.id())) {
                    digest.getValue().forEach(e -> occurrences.merge(e.id(), 1, Integer::sum));
                }
            }
            Set<EventId> expected = world.store.recordedEvents().stream()
                    .filter(e -> world.catalog().matching(e).contains(subscription.id()))
                    .map(ObjectEvent::id).collect(Collectors.toSet());
            assertThat(occurrences.keySet()).as("events reported to subscription %s", subscription.id())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(occurrences).as("each event in exactly one digest of %s", subscription.id())
                    .allSatisfy((id, count) -> assertThat(count).as("digests reporting event %s", id).isOne());

            for (Map.Entry<DigestId, List<ObjectEvent>> digest : claimed.entrySet()) {
                if (world.store.record(digest.getKey()).subscriptionId().equals(subscription.id())) {
                    for (ObjectEvent event : digest.getValue()) {
                        assertThat(world.store.noteFor(event.id(), subscription.id()))
                                .as("history note of event %s", event.id()).contains(digest.getKey());
                    }
                }
            }
            assertIdle(world, subscription.id());
        }
    }

    static void assertIdle(DigestWorld world, String subscriptionId) {
        assertThat(world.store.pendingEntries(subscriptionId)).as("pending entries of %s", subscriptionId).isEmpty();
        assertThat(world.store.records()).as("digest records").allSatisfy(
                r -> assertThat(r.status()).as("status of %s", r.id()).isEqualTo(DigestRecord.Status.COMPLETE));
        Optional<SubscriptionStates.State> state = world.store.read(subscriptionId);
        state.ifPresent(s -> {
            assertThat(s.leaseOwner()).as("lease of %s", subscriptionId).isNull();
            assertThat(s.active()).as("active digest of %s", subscriptionId).isEmpty();
            assertThat(s.firstPendingAt()).as("first pending time of %s", subscriptionId).isNull();
        });
    }
}
