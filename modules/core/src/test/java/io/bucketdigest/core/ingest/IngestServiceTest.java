package io.bucketdigest.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.normalize.Fixtures;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.normalize.S3Records;
import io.bucketdigest.core.port.DigestSignals.Signal;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.RejectedMessages.Rejection;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import io.bucketdigest.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final DigestTiming DEFAULT_TIMING =
            new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(15), 10_000);

    private static final Subscription DEFAULT = new Subscription(
            Subscription.DEFAULT_ID, List.of("ops@example.com"), null, List.of(), Set.of(), null);
    private static final Subscription PHOTOS = new Subscription(
            "photos", List.of("photo-team@example.com"), "photos-prod", List.of("photos/"), Set.of(EventKind.CREATED),
            new DigestTiming(Duration.ofSeconds(30), Duration.ofMinutes(5), null));

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryEventHistory history = new InMemoryEventHistory();
    private final InMemoryArrivalLedger arrivals = new InMemoryArrivalLedger();
    private final RecordingDigestSignals signals = new RecordingDigestSignals();
    private final RecordingRejectedMessages rejected = new RecordingRejectedMessages();
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore(PHOTOS);
    private final S3MessageNormalizer normalizer = new S3MessageNormalizer();

    private IngestService service(Optional<Subscription> defaultSubscription) {
        SubscriptionCatalog catalog = new SubscriptionCatalog(store, defaultSubscription, Duration.ofSeconds(60), clock);
        return new IngestService(normalizer, catalog, history, arrivals, signals, rejected, DEFAULT_TIMING, clock);
    }

    private final IngestService service = service(Optional.of(DEFAULT));

    private static IncomingMessage message(String id, String body) {
        return new IncomingMessage(id, body, 1);
    }

    private static IncomingMessage redelivered(String id, String body, int receiveCount) {
        return new IncomingMessage(id, body, receiveCount);
    }

    private static String put(String key) {
        return S3Records.record().key(key).toMessage();
    }

    private EventId idOf(String body) {
        return ((NormalizedMessage.Events) normalizer.normalize(body)).events().get(0).id();
    }

    @Nested
    class Outcomes {

        @Test
        void ingest_messageWithNewEvent_isRecordedWithPendingEntriesForEveryMatchingSubscription() {
            // GIVEN
            String body = put("photos/cat.jpg");

            // WHEN
            IngestReport report = service.ingest(List.of(message("m-1", body)));

            // THEN
            EventId id = idOf(body);
            assertThat(report.outcomes()).containsExactly(new MessageOutcome.Recorded("m-1", List.of(id), List.of()));
            assertThat(history.stored()).containsOnlyKeys(id);
            InMemoryEventHistory.Stored stored = history.stored().get(id);
            assertThat(stored.pendingFor()).containsExactlyInAnyOrder("default", "photos");
            assertThat(stored.messageId()).isEqualTo("m-1");
            assertThat(stored.ingestedAt()).isEqualTo(NOW);
            assertThat(stored.event().key()).isEqualTo("photos/cat.jpg");
            assertThat(report.retryMessageIds()).isEmpty();
        }

        @Test
        void ingest_s3TestEvent_isAcknowledgedWithoutAnyWrite() {
            // GIVEN
            String body = Fixtures.read("sns/test-event.json");

            // WHEN
            IngestReport report = service.ingest(List.of(message("m-test", body)));

            // THEN
            assertThat(report.outcomes())
                    .containsExactly(new MessageOutcome.TestEventAcknowledged("m-test", "photos-prod"));
            assertThat(history.calls()).isEmpty();
            assertThat(signals.batches()).isEmpty();
            assertThat(rejected.parked()).isEmpty();
            assertThat(report.retryMessageIds()).isEmpty();
        }

        @Test
        void ingest_malformedMessage_isRejectedAndParkedWithItsBodyAndReason() {
            // GIVEN
            String body = Fixtures.read("malformed/sns-without-message.json");

            // WHEN
            IngestReport report = service.ingest(List.of(message("m-bad", body)));

            // THEN
            assertThat(report.outcomes())
                    .containsExactly(new MessageOutcome.Rejected("m-bad", "SNS envelope without Message"));
            assertThat(rejected.parked())
                    .containsExactly(new Rejection("m-bad", body, "SNS envelope without Message"));
            assertThat(report.retryMessageIds()).isEmpty();
            assertThat(history.calls()).isEmpty();
        }

        @Test
        void ingest_deadLetterQueueUnreachable_retriesTheRejectedMessageNamingBothReasons() {
            // GIVEN
            rejected.failNextCalls(1);
            String body = "not json";

            // WHEN
            IngestReport report = service.ingest(List.of(message("m-bad", body)));

            // THEN
            assertThat(report.retryMessageIds()).containsExactly("m-bad");
            MessageOutcome.Retry retry = (MessageOutcome.Retry) report.outcomes().get(0);
            assertThat(retry.reason())
                    .contains("could not park rejected message (message body is not JSON)")
                    .contains("dead-letter queue unavailable");
        }

        @Test
        void ingest_mixedBatch_reportsOneOutcomePerMessageInMessageOrder() {
            // GIVEN
            List<IncomingMessage> batch = List.of(
                    message("m-1", put("a.txt")),
                    message("m-test", Fixtures.read("s3/test-event.json")),
                    message("m-bad", Fixtures.read("malformed/record-without-key.json")),
                    message("m-2", Fixtures.read("s3/two-records.json")));

            // WHEN
            IngestReport report = service.ingest(batch);

            // THEN
            assertThat(report.outcomes()).extracting(MessageOutcome::messageId)
                    .containsExactly("m-1", "m-test", "m-bad", "m-2");
            assertThat(report.outcomes()).extracting(o -> o.getClass().getSimpleName())
                    .containsExactly("Recorded", "TestEventAcknowledged", "Rejected", "Recorded");
            assertThat(report.newEvents()).isEqualTo(3);
            assertThat(report.duplicateEvents()).isZero();
            assertThat(report.count(MessageOutcome.Rejected.class)).isEqualTo(1);
            assertThat(report.retryMessageIds()).isEmpty();
        }

        @Test
        void ingest_emptyBatch_doesNothing() {
            // WHEN
            IngestReport report = service.ingest(List.of());

            // THEN
            assertThat(report.outcomes()).isEmpty();
            assertThat(history.calls()).isEmpty();
            assertThat(arrivals.calls()).isEmpty();
            assertThat(signals.batches()).isEmpty();
        }

        @Test
        void ingest_eventMatchingNoSubscription_isRecordedWithoutPendingEntriesOrSignal() {
            // GIVEN no default subscription, and an event outside the stored subscription's bucket
            IngestService withoutDefault = service(Optional.empty());
            String body = S3Records.record().bucket("logs-prod").key("photos/x.jpg").toMessage();

            // WHEN
            IngestReport report = withoutDefault.ingest(List.of(message("m-1", body)));

            // THEN
            assertThat(report.newEvents()).isEqualTo(1);
            assertThat(history.stored().get(idOf(body)).pendingFor()).isEmpty();
            assertThat(arrivals.calls()).isEmpty();
            assertThat(signals.batches()).isEmpty();
        }
    }

    @Nested
    class Duplicates {

        @Test
        void ingest_sameEventInTwoMessagesOfOneBatch_isRecordedOnceAndCountedOnceAsNew() {
            // GIVEN the same S3 record in an SNS envelope and again in a second SNS delivery
            String first = Fixtures.read("sns/object-created-put.json");
            String second = Fixtures.read("sns/object-created-put-redelivered.json");
            EventId id = idOf(first);

            // WHEN
            IngestReport report = service.ingest(List.of(message("m-1", first), message("m-2", second)));

            // THEN
            assertThat(history.calls()).hasSize(1);
            assertThat(history.calls().get(0)).extracting(r -> r.event().id()).containsExactly(id);
            assertThat(report.outcomes()).containsExactly(
                    new MessageOutcome.Recorded("m-1", List.of(id), List.of()),
                    new MessageOutcome.Recorded("m-2", List.of(), List.of(id)));
            assertThat(report.newEvents()).isEqualTo(1);
            assertThat(report.duplicateEvents()).isEqualTo(1);
            assertThat(history.stored()).hasSize(1);
        }

        @Test
        void ingest_sameRecordTwiceInOneMessage_isOneNewEventAndOneDuplicate() {
            // GIVEN
            S3Records.Record record = S3Records.record().key("twice.txt");
            String body = S3Records.message(record, record);
            EventId id = idOf(S3Records.message(record));

            // WHEN
            IngestReport report = service.ingest(List.of(message("m-1", body)));

            // THEN
            assertThat(report.outcomes()).containsExactly(new MessageOutcome.Recorded("m-1", List.of(id), List.of(id)));
            assertThat(history.stored()).hasSize(1);
        }

        @Test
        void ingest_eventRecordedInAnEarlierBatch_isDuplicateAndSignalledAgain() {
            // GIVEN
            String body = put("photos/cat.jpg");
            service.ingest(List.of(message("m-1", body)));
            InMemoryEventHistory.Stored before = history.stored().get(idOf(body));
            clock.advance(Duration.ofMinutes(1));

            // WHEN the same S3 record arrives again in another SQS message
            IngestReport report = service.ingest(List.of(message("m-2", body)));

            // THEN
            assertThat(report.outcomes())
                    .containsExactly(new MessageOutcome.Recorded("m-2", List.of(), List.of(idOf(body))));
            assertThat(history.stored().get(idOf(body))).isEqualTo(before);
            // The first delivery may have failed to signal after SQS handed its message to two invocations at once.
            assertThat(signals.batches()).hasSize(2);
        }

        @Test
        void ingest_redeliveredMessageWhoseEventsAreRecorded_signalsAgain() {
            // GIVEN a first attempt recorded the events but its digest signal failed
            String body = put("photos/cat.jpg");
            signals.failNextCalls(1);
            IngestReport first = service.ingest(List.of(message("m-1", body)));
            assertThat(first.retryMessageIds()).containsExactly("m-1");
            clock.advance(Duration.ofSeconds(40));

            // WHEN SQS redelivers the message
            IngestReport second = service.ingest(List.of(redelivered("m-1", body, 2)));

            // THEN nothing new is recorded, and the signal goes out this time
            assertThat(second.outcomes())
                    .containsExactly(new MessageOutcome.Recorded("m-1", List.of(), List.of(idOf(body))));
            assertThat(history.stored()).hasSize(1);
            assertThat(signals.all()).extracting(Signal::subscriptionId).containsExactly("default", "photos");
            assertThat(signals.all()).extracting(Signal::signalledAt).containsOnly(NOW.plusSeconds(40));
        }
    }

    @Nested
    class Retries {

        @Test
        void ingest_historyUnavailable_retriesEveryEventMessageButAcksTestEventsAndParksRejections() {
            // GIVEN
            history.failNextCalls(1);
            List<IncomingMessage> batch = List.of(
                    message("m-1", put("a.txt")),
                    message("m-test", Fixtures.read("s3/test-event.json")),
                    message("m-2", put("b.txt")),
                    message("m-bad", "{}"));

            // WHEN
            IngestReport report = service.ingest(batch);

            // THEN
            assertThat(report.retryMessageIds()).containsExactly("m-1", "m-2");
            assertThat(report.outcomes().get(1)).isInstanceOf(MessageOutcome.TestEventAcknowledged.class);
            assertThat(report.outcomes().get(3)).isInstanceOf(MessageOutcome.Rejected.class);
            assertThat(rejected.parked()).extracting(Rejection::messageId).containsExactly("m-bad");
            assertThat(signals.batches()).isEmpty();
        }

        @Test
        void ingest_oneEventFailsToRecord_retriesOnlyTheMessagesCarryingIt() {
            // GIVEN b.txt's write fails; m-3 carries b.txt too (another delivery of the same record)
            String a = put("a.txt");
            String b = put("b.txt");
            String c = put("c.txt");
            history.failEvent(idOf(b));

            // WHEN
            IngestReport report = service.ingest(List.of(
                    message("m-1", a), message("m-2", b), message("m-3", S3Records.message(
                            S3Records.record().key("c.txt"), S3Records.record().key("b.txt")))));

            // THEN
            assertThat(report.retryMessageIds()).containsExactly("m-2", "m-3");
            assertThat(report.outcomes().get(0))
                    .isEqualTo(new MessageOutcome.Recorded("m-1", List.of(idOf(a)), List.of()));
            assertThat(history.stored()).containsOnlyKeys(idOf(a), idOf(c));
            assertThat(report.outcomes().get(1)).isEqualTo(new MessageOutcome.Retry("m-2", "event history write failed"));
        }

        @Test
        void ingest_retryAfterTransientFailure_recordsTheEventExactlyOnce() {
            // GIVEN
            String body = put("a.txt");
            history.failNextCalls(1);
            IngestReport first = service.ingest(List.of(message("m-1", body)));
            clock.advance(Duration.ofSeconds(30));

            // WHEN SQS redelivers after the visibility timeout
            IngestReport second = service.ingest(List.of(redelivered("m-1", body, 2)));

            // THEN
            assertThat(first.outcomes())
                    .containsExactly(new MessageOutcome.Retry("m-1", "scripted: event history unavailable"));
            assertThat(second.outcomes())
                    .containsExactly(new MessageOutcome.Recorded("m-1", List.of(idOf(body)), List.of()));
            assertThat(history.stored()).hasSize(1);
            assertThat(history.stored().get(idOf(body)).ingestedAt()).isEqualTo(NOW.plusSeconds(30));
        }

        @Test
        void ingest_digestSignalFails_retriesOnlyMessagesThatTouchedASubscription() {
            // GIVEN no default subscription: only photos-prod/photos/ is subscribed
            IngestService withoutDefault = service(Optional.empty());
            signals.failNextCalls(1);
            String subscribed = put("photos/cat.jpg");
            String unsubscribed = S3Records.record().bucket("logs-prod").key("x.log").toMessage();

            // WHEN
            IngestReport report = withoutDefault.ingest(List.of(message("m-1", subscribed), message("m-2", unsubscribed)));

            // THEN the events stay recorded; only m-1 comes back, to signal again
            assertThat(report.retryMessageIds()).containsExactly("m-1");
            assertThat(((MessageOutcome.Retry) report.outcomes().get(0)).reason())
                    .startsWith("digest signal failed: ");
            assertThat(report.outcomes().get(1)).isInstanceOf(MessageOutcome.Recorded.class);
            assertThat(history.stored()).hasSize(2);
        }

        @Test
        void ingest_arrivalLedgerFails_retriesMessagesThatTouchedASubscription() {
            // GIVEN
            arrivals.failNextCalls(1);

            // WHEN
            IngestReport report = service.ingest(List.of(message("m-1", put("a.txt"))));

            // THEN
            assertThat(report.retryMessageIds()).containsExactly("m-1");
            assertThat(signals.batches()).isEmpty();
        }

        @Test
        void ingest_subscriptionStoreUnavailable_retriesEventMessagesAndStillHandlesTheOthers() {
            // GIVEN
            store.failNextCalls(1);
            List<IncomingMessage> batch = List.of(
                    message("m-1", put("a.txt")),
                    message("m-test", Fixtures.read("s3/test-event.json")),
                    message("m-bad", "not json"));

            // WHEN
            IngestReport report = service.ingest(batch);

            // THEN
            assertThat(report.retryMessageIds()).containsExactly("m-1");
            assertThat(report.outcomes().get(1)).isInstanceOf(MessageOutcome.TestEventAcknowledged.class);
            assertThat(report.outcomes().get(2)).isInstanceOf(MessageOutcome.Rejected.class);
            assertThat(rejected.parked()).hasSize(1);
            assertThat(history.calls()).isEmpty();
        }
    }

    @Nested
    class Signals {

        @Test
        void ingest_manyEventsForTwoSubscriptions_signalsOncePerTouchedSubscription() {
            // GIVEN ten messages: all match the default subscription, four also match photos
            List<IncomingMessage> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = i < 4 ? "photos/p" + i + ".jpg" : "docs/d" + i + ".txt";
                batch.add(message("m-" + i, put(key)));
            }

            // WHEN
            service.ingest(batch);

            // THEN
            assertThat(arrivals.calls()).containsExactly(Set.of("default", "photos"));
            assertThat(signals.batches()).hasSize(1);
            assertThat(signals.all()).extracting(Signal::subscriptionId).containsExactly("default", "photos");
            long photosPending = history.stored().values().stream()
                    .filter(s -> s.pendingFor().contains("photos")).count();
            assertThat(photosPending).isEqualTo(4);
        }

        @Test
        void ingest_nothingPendingBefore_delaysEachSignalByItsQuietPeriod() {
            // WHEN
            service.ingest(List.of(message("m-1", put("photos/cat.jpg"))));

            // THEN
            assertThat(signals.all()).containsExactly(
                    new Signal("default", NOW, Duration.ofSeconds(60)),
                    new Signal("photos", NOW, Duration.ofSeconds(30)));
        }

        @Test
        void ingest_entriesPendingAlmostMaxDelay_shortensTheDelayToTheMaxDelayDeadline() {
            // GIVEN default has had entries pending for 14 min 30 s (max delay 15 min, quiet 60 s)
            arrivals.givenState("default", NOW.minus(Duration.ofSeconds(870)), NOW.minusSeconds(5));

            // WHEN
            service.ingest(List.of(message("m-1", put("docs/a.txt"))));

            // THEN delay = min(quiet, firstPending + maxDelay - now) = min(60 s, 30 s)
            assertThat(signals.all()).containsExactly(new Signal("default", NOW, Duration.ofSeconds(30)));
        }

        @Test
        void ingest_entriesPendingLongerThanMaxDelay_signalsWithoutDelay() {
            // GIVEN
            arrivals.givenState("default", NOW.minus(Duration.ofMinutes(20)), NOW.minusSeconds(5));

            // WHEN
            service.ingest(List.of(message("m-1", put("docs/a.txt"))));

            // THEN
            assertThat(signals.all()).containsExactly(new Signal("default", NOW, Duration.ZERO));
        }

        @Test
        void ingest_entriesPendingBriefly_keepsTheFullQuietPeriod() {
            // GIVEN pending for 2 min: the max-delay deadline (13 min away) is later than the quiet period
            arrivals.givenState("default", NOW.minus(Duration.ofMinutes(2)), NOW.minusSeconds(10));

            // WHEN
            service.ingest(List.of(message("m-1", put("docs/a.txt"))));

            // THEN
            assertThat(signals.all()).containsExactly(new Signal("default", NOW, Duration.ofSeconds(60)));
            assertThat(arrivals.state("default").firstPendingAt()).isEqualTo(NOW.minus(Duration.ofMinutes(2)));
            assertThat(arrivals.state("default").lastArrivalAt()).isEqualTo(NOW);
        }

        @Test
        void ingest_ledgerAlreadyHoldsALaterArrival_signalCarriesTheLedgersArrivalTime() {
            // GIVEN a concurrent batch with a faster clock noted an arrival 2 s from now
            arrivals.givenState("default", NOW.minusSeconds(10), NOW.plusSeconds(2));

            // WHEN
            service.ingest(List.of(message("m-1", put("docs/a.txt"))));

            // THEN the ledger moved past its value, and the signal names that time and waits a quiet period from it
            Instant noted = NOW.plusSeconds(2).plusNanos(1_000);
            assertThat(arrivals.state("default").lastArrivalAt()).isEqualTo(noted);
            assertThat(signals.all()).containsExactly(
                    new Signal("default", noted, Duration.between(NOW, noted.plusSeconds(60))));
        }

        @Test
        void ingest_onlyDuplicatesOnFirstDelivery_stillNotesTheArrivalAndSignals() {
            // GIVEN (regression, simulator seed 28356: the same SQS message in two invocations; the one that recorded
            // the event failed to note its arrival, the other one deleted the message, and the entry was stranded)
            String body = put("docs/a.txt");
            service.ingest(List.of(message("m-1", body)));

            // WHEN
            service.ingest(List.of(message("m-1", body)));

            // THEN
            assertThat(signals.batches()).hasSize(2);
            assertThat(arrivals.calls()).hasSize(2);
        }
    }

    @Test
    void ingest_recordingsCarryTheSubscriptionsAndTheFirstMessageOfEachEvent() {
        // GIVEN
        String body = put("photos/cat.jpg");

        // WHEN
        service.ingest(List.of(message("m-1", body), message("m-2", body)));

        // THEN
        List<EventHistory.Recording> recordings = history.calls().get(0);
        assertThat(recordings).hasSize(1);
        assertThat(recordings.get(0).messageId()).isEqualTo("m-1");
        assertThat(recordings.get(0).subscriptionIds()).containsExactlyInAnyOrder("default", "photos");
    }
}
