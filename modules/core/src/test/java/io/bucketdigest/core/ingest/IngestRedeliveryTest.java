package io.bucketdigest.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.normalize.S3Records;
import io.bucketdigest.core.port.DigestSignals.Signal;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Schedule;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import io.bucketdigest.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Regression (simulator seeds 30 and 206, issue 10): a redelivered message must signal the subscriptions its events
 * were first recorded for. Before, it signalled the subscriptions matching now, so an entry written for a subscription
 * changed or deleted in between got no arrival note and no signal: stranded.
 */
class IngestRedeliveryTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Subscription PHOTOS = new Subscription("photos", List.of("photo-team@example.com"),
            "photos-prod", List.of("photos/"), Set.of(EventKind.CREATED), null);

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryEventHistory history = new InMemoryEventHistory();
    private final InMemoryArrivalLedger arrivals = new InMemoryArrivalLedger();
    private final RecordingDigestSignals signals = new RecordingDigestSignals();
    private static final Subscription PIPELINES = new Subscription("pipelines", List.of("data@example.com"),
            "lake", List.of(), Set.of(), null).withExclusions(List.of("**/_temporary/**", "*.tmp", "_SUCCESS"));

    /** Daily at 09:00 UTC: NOW (10:00) is just past a slot, so the next is 23 hours away. */
    private static final Subscription NIGHTLY = new Subscription("nightly", List.of("night@example.com"), "archive",
            List.of(), Set.of(), new DigestTiming(null, null, null, Schedule.parse("daily 09:00")))
            .withExclusions(List.of("*.tmp"));

    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore(PHOTOS, PIPELINES, NIGHTLY);
    private final IngestService service = new IngestService(new S3MessageNormalizer(),
            new SubscriptionCatalog(store, Optional.empty(), Duration.ofSeconds(60), clock), history, arrivals,
            signals, new RecordingRejectedMessages(), DigestTiming.DEFAULTS, clock);

    @Test
    void ingest_redeliveryAfterTheSubscriptionStoppedMatching_signalsTheSubscriptionItWasRecordedFor() {
        // GIVEN the first delivery recorded the event for "photos", then its signal failed and the message came back
        String body = S3Records.record().bucket("photos-prod").key("photos/cat.jpg").toMessage();
        service.ingest(List.of(new IncomingMessage("m-1", body, 1)));
        int signalsBefore = signals.all().size();
        int notesBefore = arrivals.calls().size();
        // ...after "photos" was changed to watch another prefix, and the cache was refreshed
        store.save(new Subscription("photos", List.of("photo-team@example.com"), "photos-prod", List.of("videos/"),
                Set.of(EventKind.CREATED), null));
        clock.advance(Duration.ofMinutes(2));

        // WHEN
        IngestReport report = service.ingest(List.of(new IncomingMessage("m-1", body, 2)));

        // THEN the entry written for "photos" gets its arrival noted and its signal
        assertThat(report.outcomes()).singleElement().isInstanceOf(MessageOutcome.Recorded.class);
        assertThat(signals.all().subList(signalsBefore, signals.all().size())).extracting(Signal::subscriptionId)
                .containsExactly("photos");
        assertThat(arrivals.calls().subList(notesBefore, arrivals.calls().size())).containsExactly(Set.of("photos"));
    }

    @Test
    void ingest_scheduledSubscription_andItsRedelivery_signalTowardTheSlot_keepingTheFirstPendingTime() {
        // GIVEN a first delivery for a subscription on a daily schedule
        String body = S3Records.record().bucket("archive").key("2026/11/29/a.csv").toMessage();
        String excluded = S3Records.record().bucket("archive").key("2026/11/29/a.tmp").toMessage();
        service.ingest(List.of(new IncomingMessage("m-1", body, 1), new IncomingMessage("m-2", excluded, 1)));
        Instant firstPending = arrivals.state("nightly").firstPendingAt();
        clock.advance(Duration.ofMinutes(5));

        // WHEN the same messages come back (S3 and SQS deliver at least once)
        IngestReport report = service.ingest(List.of(new IncomingMessage("m-1", body, 2),
                new IncomingMessage("m-2", excluded, 2)));

        // THEN both signals wait as long as the queue allows (the slot is 23 h away), the redelivery neither moves
        // the first-pending time (which decides the slot) nor counts the excluded event again
        assertThat(report.outcomes()).allMatch(o -> o instanceof MessageOutcome.Recorded);
        assertThat(signals.all()).extracting(Signal::subscriptionId).containsExactly("nightly", "nightly");
        assertThat(signals.all()).extracting(Signal::delay).containsOnly(Duration.ofSeconds(900));
        assertThat(arrivals.state("nightly").firstPendingAt()).isEqualTo(firstPending);
        assertThat(arrivals.excludedCount("nightly")).isEqualTo(1);
        assertThat(history.stored().values()).filteredOn(s -> !s.pendingFor().isEmpty()).singleElement()
                .satisfies(s -> assertThat(s.pendingFor()).containsExactly("nightly"));
    }

    private static String lake(String key) {
        return S3Records.record().bucket("lake").key(key).toMessage();
    }

    @Test
    void ingest_excludedEvents_areRecordedWithoutPendingEntries_andCountedOnce() {
        // GIVEN a batch whose events all match "pipelines" but for its exclusions, except one
        List<IncomingMessage> batch = List.of(
                new IncomingMessage("m-1", lake("out/_temporary/0/part-1"), 1),
                new IncomingMessage("m-2", lake("out/day=1/_SUCCESS"), 1),
                new IncomingMessage("m-3", lake("out/day=1/x.tmp"), 1),
                new IncomingMessage("m-4", lake("out/day=1/part-1.parquet"), 1));

        // WHEN
        IngestReport report = service.ingest(batch);

        // THEN every event is in the history, only the data file is pending, and the three others are counted
        assertThat(report.retryMessageIds()).isEmpty();
        assertThat(history.stored()).hasSize(4);
        assertThat(history.stored().values()).filteredOn(s -> !s.pendingFor().isEmpty())
                .extracting(s -> s.event().key()).containsExactly("out/day=1/part-1.parquet");
        assertThat(arrivals.excludedCount("pipelines")).isEqualTo(3);
        assertThat(arrivals.calls()).containsExactly(Set.of("pipelines"));
        assertThat(signals.all()).extracting(Signal::subscriptionId).containsExactly("pipelines");
    }

    @Test
    void ingest_batchWithOnlyExcludedEvents_countsThemWithoutNotingAnArrivalOrSignalling() {
        // WHEN
        IngestReport report = service.ingest(List.of(new IncomingMessage("m-1", lake("out/a.tmp"), 1),
                new IncomingMessage("m-2", lake("out/_SUCCESS"), 1)));

        // THEN the state update carries the count only: no pending period starts, and no digest is signalled
        assertThat(report.outcomes()).allMatch(o -> o instanceof MessageOutcome.Recorded);
        assertThat(arrivals.excludedCount("pipelines")).isEqualTo(2);
        assertThat(arrivals.calls()).containsExactly(Set.of());
        assertThat(arrivals.state("pipelines")).isNull();
        assertThat(signals.all()).isEmpty();
    }

    @Test
    void ingest_redeliveryOfABatchWithExcludedEvents_doesNotCountThemAgain() {
        // GIVEN the first delivery recorded and counted them, then came back (e.g. a signal failure elsewhere)
        List<IncomingMessage> batch = List.of(new IncomingMessage("m-1", lake("out/a.tmp"), 1),
                new IncomingMessage("m-2", lake("out/b.parquet"), 1));
        service.ingest(batch);

        // WHEN
        IngestReport report = service.ingest(List.of(new IncomingMessage("m-1", lake("out/a.tmp"), 2),
                new IncomingMessage("m-2", lake("out/b.parquet"), 2)));

        // THEN the events are duplicates: the count is what the first delivery added, and the entry signals again
        assertThat(report.outcomes()).allMatch(o -> o instanceof MessageOutcome.Recorded);
        assertThat(arrivals.excludedCount("pipelines")).isEqualTo(1);
        assertThat(signals.all()).extracting(Signal::subscriptionId).containsExactly("pipelines", "pipelines");
    }

    @Test
    void ingest_stateUpdateFailsThenRedelivered_losesTheCountButNeverTheEntry() {
        // GIVEN the state update fails after the history recorded both events
        arrivals.failNextCalls(1);
        List<IncomingMessage> batch = List.of(new IncomingMessage("m-1", lake("out/a.tmp"), 1),
                new IncomingMessage("m-2", lake("out/b.parquet"), 1));
        IngestReport first = service.ingest(batch);

        // WHEN the message with the entry comes back (the one with only an excluded event was acknowledged)
        IngestReport second = service.ingest(List.of(new IncomingMessage("m-2", lake("out/b.parquet"), 2)));

        // THEN the count is at most once: this one is lost (informational), the entry gets its arrival and signal
        assertThat(first.retryMessageIds()).containsExactly("m-2");
        assertThat(second.retryMessageIds()).isEmpty();
        assertThat(arrivals.excludedCount("pipelines")).isZero();
        assertThat(arrivals.state("pipelines")).isNotNull();
        assertThat(signals.all()).extracting(Signal::subscriptionId).containsExactly("pipelines");
        assertThat(history.stored().keySet()).extracting(EventId::value).hasSize(2);
    }

    @Test
    void ingest_eventExcludedByOneSubscription_isStillPendingForAnotherThatMatchesIt() {
        // GIVEN "all" matches every event in the lake and excludes nothing
        store.save(new Subscription("all", List.of("ops@example.com"), "lake", List.of(), Set.of(), null));
        clock.advance(Duration.ofMinutes(2));

        // WHEN
        service.ingest(List.of(new IncomingMessage("m-1", lake("out/a.tmp"), 1)));

        // THEN
        assertThat(history.stored().values()).singleElement()
                .satisfies(s -> assertThat(s.pendingFor()).containsExactly("all"));
        assertThat(arrivals.excludedCount("pipelines")).isEqualTo(1);
        assertThat(arrivals.excludedCount("all")).isZero();
        assertThat(signals.all()).extracting(Signal::subscriptionId).containsExactly("all");
    }
}
