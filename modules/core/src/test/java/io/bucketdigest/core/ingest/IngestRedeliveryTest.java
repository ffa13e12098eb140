package io.bucketdigest.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.normalize.S3Records;
import io.bucketdigest.core.port.DigestSignals.Signal;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
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
    private final InMemorySubscriptionStore store = new InMemorySubscriptionStore(PHOTOS);
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
}
