package io.bucketdigest.ingest;

import io.bucketdigest.emulator.InProcessContext;
import io.bucketdigest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.aws.dynamodb.DynamoDbArrivalLedger;
import io.bucketdigest.aws.dynamodb.DynamoDbEventHistory;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.sqs.SqsDigestSignals;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.core.ingest.IngestService;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.RequestCounter;
import io.bucketdigest.testing.RequestFaults;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The real handler and adapters over SDK clients that count requests and can fail chosen ones: the ingest
 * function's object graph as IngestWiring builds it, with instrumented clients in place of AwsClients.
 */
class IngestFailureAndCostIT {

    private static final Subscription DEFAULT = new Subscription(
            Subscription.DEFAULT_ID, List.of("ops@example.com"), null, List.of(), Set.of(), null);

    private static final RequestCounter COUNTER = new RequestCounter();
    private static final RequestFaults FAULTS = new RequestFaults();
    private static AwsTestClients plain;
    private static AwsTestClients instrumented;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    @BeforeAll
    static void start() {
        plain = new AwsTestClients(SharedMoto.get().endpoint());
        instrumented = new AwsTestClients(SharedMoto.get().endpoint(), COUNTER, FAULTS);
    }

    @AfterAll
    static void stop() {
        plain.close();
        instrumented.close();
    }

    @BeforeEach
    void clear() {
        FAULTS.clear();
        COUNTER.reset();
    }

    private IngestHandler handler(Stack stack) {
        String table = stack.table;
        SubscriptionCatalog catalog = new SubscriptionCatalog(
                new DynamoDbSubscriptionStore(instrumented.dynamoDb(), table), Optional.of(DEFAULT),
                Duration.ofSeconds(60), clock);
        IngestService service = new IngestService(
                new S3MessageNormalizer(),
                catalog,
                new DynamoDbEventHistory(instrumented.dynamoDb(), table, Duration.ofDays(90)),
                new DynamoDbArrivalLedger(instrumented.dynamoDb(), table),
                new SqsDigestSignals(instrumented.sqs(), stack.digestQueueUrl),
                new SqsRejectedMessages(instrumented.sqs(), stack.deadLetterQueueUrl),
                new DigestTiming(Duration.ZERO, Duration.ofMinutes(15), 10_000),
                clock);
        return new IngestHandler(service, IngestMetrics.none(), () -> { });
    }

    /** Uploads the keys and receives their messages, leaving out the s3:TestEvent sent on configuration. */
    private static SQSEvent uploadAndReceive(Stack stack, List<String> keys, boolean testEventPending) {
        keys.forEach(key -> stack.upload(key, key));
        List<Message> messages = stack.receive(stack.ingestQueueUrl, keys.size() + (testEventPending ? 1 : 0));
        List<Message> objectEvents = messages.stream().filter(m -> !m.body().contains("s3:TestEvent")).toList();
        assertThat(objectEvents).hasSize(keys.size());
        return stack.sqsEvent(objectEvents);
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static List<Map<String, AttributeValue>> items(Stack stack, String type) {
        return HistoryTableFixture.itemsOfType(plain.dynamoDb(), stack.table, type);
    }

    @Test
    void handleRequest_dynamoDbFailsOnOneRecord_reportsExactlyThatMessageAndItsRedeliveryRecordsIt() {
        // GIVEN every history write of poison.txt fails with a DynamoDB service error
        Stack stack = new Stack(plain, false);
        SQSEvent event = uploadAndReceive(stack, List.of("a.txt", "b.txt", "poison.txt", "c.txt"), true);
        String poisonMessage = event.getRecords().stream().filter(r -> r.getBody().contains("poison.txt"))
                .findFirst().orElseThrow().getMessageId();
        FAULTS.failWhen(r -> r instanceof PutItemRequest p && p.item().containsKey("objectKey")
                        && "poison.txt".equals(p.item().get("objectKey").s()),
                () -> DynamoDbException.builder().statusCode(500).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InternalServerError").errorMessage("injected").build()).build());
        IngestHandler handler = handler(stack);

        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(failedIds(response)).containsExactly(poisonMessage);
        assertThat(items(stack, "EVENT")).extracting(i -> i.get("objectKey").s())
                .containsExactlyInAnyOrder("a.txt", "b.txt", "c.txt");

        // AND WHEN the failure is gone and SQS redelivers only that message
        FAULTS.clear();
        SQSEvent redelivery = Stack.redelivery(event, 2);
        redelivery.setRecords(redelivery.getRecords().stream()
                .filter(r -> r.getMessageId().equals(poisonMessage)).toList());
        SQSBatchResponse retried = handler.handleRequest(redelivery, InProcessContext.of("bucket-digest-ingest", "req-2"));

        // THEN
        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(items(stack, "EVENT")).hasSize(4);
        assertThat(items(stack, "PENDING")).hasSize(4);
    }

    @Test
    void handleRequest_tenMessageBatch_makesTheExpectedNumberOfRequests() {
        // GIVEN a stored subscription for photos/ besides the default one; 10 uploads, 4 under photos/
        Stack stack = new Stack(plain, true);
        new DynamoDbSubscriptionStore(plain.dynamoDb(), stack.table).save(new Subscription("photos",
                List.of("team@example.com"), stack.bucket, List.of("photos/"), Set.of(), null));
        List<String> keys = IntStream.range(0, 10)
                .mapToObj(i -> i < 4 ? "photos/p" + i + ".jpg" : "docs/d" + i + ".txt").toList();
        SQSEvent event = uploadAndReceive(stack, keys, true);
        IngestHandler handler = handler(stack);
        COUNTER.reset();

        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));
        Map<String, Long> firstBatch = COUNTER.counts();

        // THEN per batch: 1 Query (subscriptions, then cached), 1 conditional PutItem and 1 previous-version Query
        // per event (per object), 1 BatchWriteItem per 25 pending entries (14 here), 1 UpdateItem per touched
        // subscription, 1 SendMessageBatch per 10 signals
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(firstBatch).containsExactly(
                Map.entry("BatchWriteItem", 1L),
                Map.entry("PutItem", 10L),
                Map.entry("Query", 11L),
                Map.entry("SendMessageBatch", 1L),
                Map.entry("UpdateItem", 2L));
        assertThat(items(stack, "PENDING")).hasSize(14);

        // AND WHEN the next batch of 10 arrives within the subscription cache TTL
        SQSEvent next = uploadAndReceive(stack, keys.stream().map(k -> "next/" + k).toList(), false);
        clock.advance(Duration.ofSeconds(10));
        COUNTER.reset();
        handler.handleRequest(next, InProcessContext.of("bucket-digest-ingest", "req-2"));

        // THEN no subscription read; only the default subscription is touched (no key under photos/)
        assertThat(COUNTER.counts()).containsExactly(
                Map.entry("BatchWriteItem", 1L),
                Map.entry("PutItem", 10L),
                Map.entry("Query", 10L),
                Map.entry("SendMessageBatch", 1L),
                Map.entry("UpdateItem", 1L));

        // AND WHEN the first batch is redelivered
        clock.advance(Duration.ofMinutes(7));
        COUNTER.reset();
        handler.handleRequest(Stack.redelivery(event, 2), InProcessContext.of("bucket-digest-ingest", "req-3"));

        // THEN each event's conditional put fails, one BatchGetItem checks its pending entries, nothing is written,
        // and the subscriptions are signalled again (the subscription cache expired in those 7 minutes: 1 Query,
        // besides the 10 previous-version look-ups)
        assertThat(COUNTER.counts()).containsExactly(
                Map.entry("BatchGetItem", 1L),
                Map.entry("PutItem", 10L),
                Map.entry("Query", 11L),
                Map.entry("SendMessageBatch", 1L),
                Map.entry("UpdateItem", 2L));
        assertThat(COUNTER.failures("PutItem")).isEqualTo(10);
    }

    @Test
    void handleRequest_hundredMessageBatch_writesPendingEntriesInBatchesOf25() {
        // GIVEN 100 uploads (the template's BatchSize), default subscription only
        Stack stack = new Stack(plain, true);
        List<String> keys = IntStream.range(0, 100).mapToObj(i -> "bulk/part-" + i + ".csv").toList();
        SQSEvent event = uploadAndReceive(stack, keys, true);
        IngestHandler handler = handler(stack);
        COUNTER.reset();

        // WHEN
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN 206 requests for 100 events: 100 of them the previous-version look-ups
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(COUNTER.counts()).containsExactly(
                Map.entry("BatchWriteItem", 4L),
                Map.entry("PutItem", 100L),
                Map.entry("Query", 101L),
                Map.entry("SendMessageBatch", 1L),
                Map.entry("UpdateItem", 1L));
        assertThat(items(stack, "EVENT")).hasSize(100);
    }
}
