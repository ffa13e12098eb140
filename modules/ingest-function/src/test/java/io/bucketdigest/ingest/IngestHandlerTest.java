package io.bucketdigest.ingest;

import io.bucketdigest.emulator.InProcessContext;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.IngestService;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.port.DigestSignals.Signal;
import io.bucketdigest.core.port.RejectedMessages.Rejection;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class IngestHandlerTest {

    private static final String SNS_PUT = "059f36b4-87a3-44ab-83d2-661975830a7d";
    private static final String RAW_DELETE = "2e1424d4-f796-459a-8184-9c92662be6da";
    private static final String TEST_EVENT = "6c5cc4e3-62b1-4a0f-9b7c-0d5e4b37a1f2";
    private static final String MALFORMED = "8a1d3c47-5e2b-4f6a-b9c8-1d2e3f4a5b6c";
    private static final String MOTO_PUT = "b7e2f1a0-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
    private static final Subscription DEFAULT = new Subscription(
            Subscription.DEFAULT_ID, List.of("ops@example.com"), null, List.of(), Set.of(), null);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    private final FakePorts.History history = new FakePorts.History();
    private final FakePorts.Signals signals = new FakePorts.Signals();
    private final FakePorts.Rejections rejections = new FakePorts.Rejections();
    private final List<IngestReport> reports = new ArrayList<>();
    private final IngestHandler handler = handler();

    private IngestHandler handler() {
        SubscriptionCatalog catalog = new SubscriptionCatalog(
                new FakePorts.Subscriptions(), Optional.of(DEFAULT), Duration.ofMinutes(1), clock);
        IngestService service = new IngestService(new S3MessageNormalizer(), catalog, history, new FakePorts.Ledger(),
                signals, rejections, DigestTiming.DEFAULTS, clock);
        return new IngestHandler(service, reports::add, () -> { });
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    @ParameterizedTest
    @Event(value = "sqs/mixed-batch.json", type = SQSEvent.class)
    void handleRequest_mixedBatch_reportsNoFailureAndHandlesEveryMessage(SQSEvent event) {
        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(history.stored.values()).extracting(ObjectEvent::key).containsExactlyInAnyOrder(
                "photos/2026/red flower+%/x€.jpg", "photos/2026/old photo.jpg", "nested/dir/my file+1.txt");
        assertThat(rejections.parked).containsExactly(new Rejection(MALFORMED,
                event.getRecords().get(3).getBody(), "SNS envelope without Message"));
        assertThat(signals.sent).extracting(Signal::subscriptionId).containsExactly("default");
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).newEvents()).isEqualTo(3);
    }

    @Test
    void handleRequest_historyWriteFailsForOneMessagesEvent_reportsExactlyThatMessageId() {
        // GIVEN
        SQSEvent event = EventLoader.loadSQSEvent("sqs/mixed-batch.json");
        history.failing = e -> e.key().equals("photos/2026/old photo.jpg");

        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(failedIds(response)).containsExactly(RAW_DELETE);
        assertThat(history.stored).hasSize(2);
    }

    @Test
    void handleRequest_historyUnavailable_reportsEveryMessageCarryingEventsButNotTheTestEventOrTheMalformedOne() {
        // GIVEN
        SQSEvent event = EventLoader.loadSQSEvent("sqs/mixed-batch.json");
        history.unavailable = true;

        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(failedIds(response)).containsExactly(SNS_PUT, RAW_DELETE, MOTO_PUT);
        assertThat(failedIds(response)).doesNotContain(TEST_EVENT, MALFORMED);
        assertThat(rejections.parked).extracting(Rejection::messageId).containsExactly(MALFORMED);
    }

    @ParameterizedTest
    @Event(value = "sqs/duplicate-deliveries.json", type = SQSEvent.class)
    void handleRequest_sameS3RecordInTwoMessages_recordsOneEventAndAcknowledgesBoth(SQSEvent event) {
        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(history.stored).hasSize(1);
        assertThat(reports.get(0).newEvents()).isEqualTo(1);
        assertThat(reports.get(0).duplicateEvents()).isEqualTo(1);
    }

    @Test
    void handleRequest_redeliveredMessageOfARecordedEvent_signalsAgainButFirstDeliveriesOfDuplicatesDoNot() {
        // GIVEN the event was recorded and signalled
        handler.handleRequest(EventLoader.loadSQSEvent("sqs/duplicate-deliveries.json"), InProcessContext.of("bucket-digest-ingest", "req-1"));
        assertThat(signals.sent).hasSize(1);

        // WHEN SQS redelivers a message of it (ApproximateReceiveCount 2)
        SQSBatchResponse response =
                handler.handleRequest(EventLoader.loadSQSEvent("sqs/redelivered.json"), InProcessContext.of("bucket-digest-ingest", "req-2"));

        // THEN
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(signals.sent).hasSize(2);
        assertThat(history.stored).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "sqs/every-event-type.json", type = SQSEvent.class)
    void handleRequest_oneMessagePerS3EventType_recordsThemAllWithEveryKind(SQSEvent event) {
        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(event.getRecords()).hasSize(21);
        assertThat(history.stored).hasSize(21);
        Set<EventKind> kinds = history.stored.values().stream().map(ObjectEvent::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventKind.class)));
        assertThat(kinds).containsExactlyInAnyOrder(EventKind.values());
    }

    @Test
    void handleRequest_noRecords_returnsAnEmptyResponse() {
        // GIVEN
        SQSEvent empty = new SQSEvent();
        SQSEvent none = new SQSEvent();
        none.setRecords(List.of());

        // WHEN / THEN
        assertThat(handler.handleRequest(empty, InProcessContext.of("bucket-digest-ingest", "req-1")).getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(none, InProcessContext.of("bucket-digest-ingest", "req-2")).getBatchItemFailures()).isEmpty();
        assertThat(history.stored).isEmpty();
    }

    @Test
    void handleRequest_logs_areJsonLinesWithMessageAndEventIdsAndNoEmailAddresses() throws IOException {
        // GIVEN
        SQSEvent event = EventLoader.loadSQSEvent("sqs/mixed-batch.json");

        // WHEN
        StdoutCapture.Captured<SQSBatchResponse> captured =
                StdoutCapture.during(() -> handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-42")));

        // THEN
        List<JsonNode> logs = new ArrayList<>();
        for (String line : captured.lines()) {
            logs.add(JSON.readTree(line));
        }
        assertThat(logs).isNotEmpty();
        assertThat(captured.lines()).noneMatch(line -> line.contains("@example.com"));
        assertThat(logs).allSatisfy(log -> {
            assertThat(log.path("service").asText()).isEqualTo("bucket-digest-test");
            assertThat(log.path("function_request_id").asText()).isEqualTo("req-42");
        });
        String recordedId = history.stored.values().stream()
                .filter(e -> e.key().equals("photos/2026/red flower+%/x€.jpg")).findFirst().orElseThrow().id().value();
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.path("message").asText()).isEqualTo("event recorded");
            assertThat(log.path("messageId").asText()).isEqualTo(SNS_PUT);
            assertThat(log.path("eventId").asText()).isEqualTo(recordedId);
        });
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.path("level").asText()).isEqualTo("WARN");
            assertThat(log.path("messageId").asText()).isEqualTo(MALFORMED);
            assertThat(log.path("reason").asText()).isEqualTo("SNS envelope without Message");
        });
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.path("message").asText()).isEqualTo("s3:TestEvent acknowledged");
            assertThat(log.path("messageId").asText()).isEqualTo(TEST_EVENT);
        });
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.path("message").asText()).isEqualTo("ingest batch done");
            assertThat(log.path("messages").asInt()).isEqualTo(5);
            assertThat(log.path("newEvents").asInt()).isEqualTo(3);
            assertThat(log.path("retries").asInt()).isZero();
        });
    }
}
