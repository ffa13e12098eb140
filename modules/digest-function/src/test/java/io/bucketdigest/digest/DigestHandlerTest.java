package io.bucketdigest.digest;

import io.bucketdigest.core.render.ListHeaders;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.emulator.InProcessContext;
import io.bucketdigest.mailreader.MimeParts;
import io.bucketdigest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.SubscriptionStore;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.DigestSweep;
import io.bucketdigest.core.sender.SenderSettings;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DigestHandler with SQS event fixtures: what is acknowledged, retried, or parked on the dead-letter queue. */
class DigestHandlerTest {

    private static final Instant SIGNALLED = Instant.parse("2026-03-02T10:00:00Z");

    private final MutableClock clock = new MutableClock(SIGNALLED.plusSeconds(61));
    private final StubDigestPorts ports = new StubDigestPorts();
    private final List<DigestMailer.Mail> mails = new ArrayList<>();
    private final List<RejectedMessages.Rejection> parked = new ArrayList<>();
    private final List<DigestSignals.Signal> signals = new ArrayList<>();
    private boolean sesRefuses;
    private boolean parkingFails;

    private SubscriptionCatalog catalog() {
        SubscriptionStore store = new SubscriptionStore() {
            private final List<Subscription> subscriptions = List.of(
                    subscription(Subscription.DEFAULT_ID), subscription("flaky"));

            @Override
            public List<Subscription> list() {
                return subscriptions;
            }

            @Override
            public Optional<Subscription> find(String id) {
                return subscriptions.stream().filter(s -> s.id().equals(id)).findFirst();
            }

            @Override
            public void save(Subscription subscription) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean remove(String id) {
                throw new UnsupportedOperationException();
            }
        };
        return new SubscriptionCatalog(store, Optional.empty(), Duration.ZERO, clock);
    }

    private DigestHandler handler() {
        SubscriptionCatalog catalog = catalog();
        DigestMailer mailer = mail -> {
            if (sesRefuses) {
                throw new DigestMailer.PermanentMailException("SES rejected the digest (Email address is not "
                        + "verified)", null);
            }
            mails.add(mail);
            return "ses-" + mails.size();
        };
        DigestSignals queue = signals::addAll;
        RejectedMessages deadLetters = rejections -> {
            if (parkingFails) {
                throw new TransientFailureException("scripted: dead-letter queue unavailable");
            }
            parked.addAll(rejections);
        };
        TokenBucket bucket = new TokenBucket(100, 100, clock);
        DigestSender sender = new DigestSender(catalog, ports, ports, ports, mailer, queue, () -> bucket,
                duration -> { }, new SenderSettings("digests@example.com", null, DigestTiming.DEFAULTS, 200,
                        DigestWiring.LEASE_DURATION, ListHeaders.NONE), clock, StepListener.NONE);
        return new DigestHandler(sender, deadLetters, DigestMetrics.none(), () -> { });
    }

    private DigestSweepHandler sweepHandler() {
        DigestSignals queue = signals::addAll;
        DigestSweep sweep = new DigestSweep(catalog(), ports, queue, DigestTiming.DEFAULTS, clock);
        return new DigestSweepHandler(sweep, () -> { });
    }

    private static Subscription subscription(String id) {
        return new Subscription(id, List.of(id + "@example.com"), null, List.of(), Set.of(), null);
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @Test
    void handleRequest_dueSignal_sendsOneDigestAndAcknowledges() {
        ports.givenPending(Subscription.DEFAULT_ID, 3, SIGNALLED);
        SQSEvent event = EventLoader.loadSQSEvent("events/digest-signal.json");

        SQSBatchResponse response = handler().handleRequest(event, InProcessContext.of("digest"));

        assertThat(failedIds(response)).isEmpty();
        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.to()).containsExactly("default@example.com");
            MimeParts parts = MimeParts.parse(mail.rawMessage());
            assertThat(parts.header(MimeMessageWriter.DIGEST_ID_HEADER)).isEqualTo(ports.records().get(0).id().value());
            assertThat(parts.text()).contains("reports/file-0.csv", "reports/file-2.csv");
        });
        assertThat(ports.records()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DigestRecord.Status.COMPLETE));
        assertThat(ports.pendingCount(Subscription.DEFAULT_ID)).isZero();
    }

    @Test
    void handleRequest_mixedBatch_retriesOnlyTheTransientFailureAndParksTheMalformed() {
        ports.givenPending(Subscription.DEFAULT_ID, 2, SIGNALLED);
        ports.givenUnreadable("flaky");
        SQSEvent event = EventLoader.loadSQSEvent("events/digest-signals-mixed.json");

        SQSBatchResponse response = handler().handleRequest(event, InProcessContext.of("digest"));

        assertThat(failedIds(response)).containsExactly("4d1c8a52-0015");
        assertThat(mails).hasSize(1);
        assertThat(parked).extracting(RejectedMessages.Rejection::messageId)
                .containsExactly("4d1c8a52-0011", "4d1c8a52-0012", "4d1c8a52-0013");
        assertThat(parked).extracting(RejectedMessages.Rejection::reason).containsExactly(
                "digest signal is not JSON", "digest signal has no subscriptionId",
                "digest signal has an unparseable signalledAt");
        assertThat(parked.get(0).body()).as("parked unchanged, for replay").isEqualTo("hello, not json");
    }

    @Test
    void handleRequest_sesRefusesPermanently_parksTheSignalWithTheReasonAndAcknowledges() {
        ports.givenPending(Subscription.DEFAULT_ID, 2, SIGNALLED);
        sesRefuses = true;
        SQSEvent event = EventLoader.loadSQSEvent("events/digest-signal.json");

        SQSBatchResponse response = handler().handleRequest(event, InProcessContext.of("digest"));

        assertThat(failedIds(response)).isEmpty();
        assertThat(parked).singleElement().satisfies(rejection -> {
            assertThat(rejection.messageId()).isEqualTo("4d1c8a52-0001");
            assertThat(rejection.body()).isEqualTo(event.getRecords().get(0).getBody());
            assertThat(rejection.reason()).contains("not verified");
        });
        assertThat(ports.records()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DigestRecord.Status.FAILED));
        assertThat(ports.pendingCount(Subscription.DEFAULT_ID)).as("nothing dropped").isEqualTo(2);
    }

    @Test
    void handleRequest_sesRefusesAndTheDeadLetterQueueFails_messageIsRetriedNotLost() {
        ports.givenPending(Subscription.DEFAULT_ID, 2, SIGNALLED);
        sesRefuses = true;
        parkingFails = true;

        SQSBatchResponse response = handler().handleRequest(EventLoader.loadSQSEvent("events/digest-signal.json"),
                InProcessContext.of("digest"));

        assertThat(failedIds(response)).containsExactly("4d1c8a52-0001");
    }

    @Test
    void handleRequest_malformedSignalAndTheDeadLetterQueueFails_messageIsRetried() {
        parkingFails = true;

        SQSBatchResponse response = handler().handleRequest(
                EventLoader.loadSQSEvent("events/digest-signals-mixed.json"), InProcessContext.of("digest"));

        assertThat(failedIds(response)).containsExactly("4d1c8a52-0011", "4d1c8a52-0012", "4d1c8a52-0013");
    }

    @Test
    void sweepHandler_eventBridgeScheduledEvent_signalsTheOverdueSubscription() {
        ports.givenPending(Subscription.DEFAULT_ID, 1, SIGNALLED);
        clock.advance(Duration.ofMinutes(20));
        ScheduledEvent scheduled = EventLoader.loadScheduledEvent("events/scheduled-sweep.json");

        sweepHandler().handleRequest(scheduled, InProcessContext.of("digest-sweep"));

        assertThat(scheduled.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.subscriptionId()).isEqualTo(Subscription.DEFAULT_ID);
            assertThat(signal.delay()).isZero();
        });
        assertThat(mails).as("the sweep only signals; the queue delivers").isEmpty();
    }

    @Test
    void sweepHandler_nothingOverdue_signalsNothing() {
        ports.givenPending(Subscription.DEFAULT_ID, 1, SIGNALLED);

        sweepHandler().handleRequest(EventLoader.loadScheduledEvent("events/scheduled-sweep.json"),
                InProcessContext.of("digest-sweep"));

        assertThat(signals).isEmpty();
    }

    @Test
    void handleRequest_eventWithoutRecords_isAnEmptyBatchAndSweepsNothing() {
        ports.givenPending(Subscription.DEFAULT_ID, 1, SIGNALLED);
        clock.advance(Duration.ofMinutes(20));

        SQSBatchResponse response = handler().handleRequest(new SQSEvent(), InProcessContext.of("digest"));

        assertThat(failedIds(response)).isEmpty();
        assertThat(signals).as("the sweep has its own handler").isEmpty();
        assertThat(mails).isEmpty();
    }
}
