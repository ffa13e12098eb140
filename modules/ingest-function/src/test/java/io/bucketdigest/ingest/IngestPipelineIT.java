package io.bucketdigest.ingest;

import io.bucketdigest.emulator.InProcessContext;
import io.bucketdigest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The real ingest handler, wired by IngestWiring from an environment that points at moto_server, on what S3 -> SNS ->
 * SQS delivers for real uploads.
 */
class IngestPipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TRICKY_KEYS = List.of(
            "reports/2026 Q4/summary (final).pdf",
            "a+b=c&d.txt",
            "plus+and space %2B literal.txt",
            "ünïcødé/日本語/файл.txt",
            "emoji 😀.png",
            "nested/deep/path/to/object.json",
            "100% done.txt");

    private static MotoServer moto;
    private static AwsTestClients aws;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));

    @BeforeAll
    static void start() {
        // AwsClients uses the default credentials chain outside Lambda; moto accepts any credentials.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        moto = SharedMoto.get();
        aws = new AwsTestClients(moto.endpoint());
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    private IngestHandler handler(Stack stack) {
        IngestConfig config = IngestConfig.fromEnvironment(stack.environment(moto.endpoint().toString()));
        return IngestHandler.from(new IngestWiring(config, clock), IngestMetrics.none());
    }

    private List<Map<String, AttributeValue>> items(Stack stack, String type) {
        return HistoryTableFixture.itemsOfType(aws.dynamoDb(), stack.table, type);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        return item.get(name).s();
    }

    @ParameterizedTest(name = "raw message delivery: {0}")
    @ValueSource(booleans = {false, true})
    void handleRequest_uploadsDeliveredThroughSnsAndSqs_recordsEachEventOnceWithItsDecodedKey(boolean raw)
            throws Exception {
        // GIVEN objects with tricky keys uploaded, one deleted: 1 s3:TestEvent + 7 created + 1 removed
        Stack stack = new Stack(aws, raw);
        TRICKY_KEYS.forEach(key -> stack.upload(key, "content of " + key));
        stack.delete("100% done.txt");
        List<Message> messages = stack.receive(stack.ingestQueueUrl, 9);
        assertThat(messages).hasSize(9);
        assertThat(messages).anyMatch(m -> m.body().contains("s3:TestEvent"));
        if (!raw) {
            assertThat(messages).allMatch(m -> m.body().contains("\"TopicArn\""));
        }

        // WHEN
        SQSBatchResponse response = handler(stack).handleRequest(stack.sqsEvent(messages), InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(response.getBatchItemFailures()).isEmpty();
        List<Map<String, AttributeValue>> events = items(stack, "EVENT");
        assertThat(events).hasSize(8);
        assertThat(events).filteredOn(e -> s(e, "kind").equals("CREATED")).extracting(e -> s(e, "objectKey"))
                .containsExactlyInAnyOrderElementsOf(TRICKY_KEYS);
        assertThat(events).filteredOn(e -> s(e, "kind").equals("REMOVED")).extracting(e -> s(e, "objectKey"))
                .containsExactly("100% done.txt");
        assertThat(events).allSatisfy(e ->
                assertThat(s(e, "pk")).isEqualTo("OBJ#" + stack.bucket + "#" + s(e, "objectKey")));
        List<Map<String, AttributeValue>> pending = items(stack, "PENDING");
        assertThat(pending).hasSize(8);
        assertThat(pending).extracting(p -> s(p, "subscriptionId")).containsOnly("default");
        assertThat(pending).extracting(p -> s(p, "eventId"))
                .containsExactlyInAnyOrderElementsOf(events.stream().map(e -> s(e, "eventId")).toList());
        List<Message> signals = stack.receive(stack.digestQueueUrl, 1);
        assertThat(signals).hasSize(1);
        JsonNode signal = JSON.readTree(signals.get(0).body());
        assertThat(signal.get("subscriptionId").asText()).isEqualTo("default");
        assertThat(stack.visibleMessages(stack.deadLetterQueueUrl)).isZero();
    }

    @Test
    void handleRequest_sameBatchThreeTimes_leavesOneHistoryItemPerEventAndChangesNothingRecorded() {
        // GIVEN
        Stack stack = new Stack(aws, false);
        List.of("one.txt", "two/2.txt", "three 3.txt").forEach(key -> stack.upload(key, key));
        List<Message> messages = stack.receive(stack.ingestQueueUrl, 4);
        assertThat(messages).hasSize(4);
        SQSEvent first = stack.sqsEvent(messages);
        IngestHandler handler = handler(stack);
        SQSBatchResponse firstResponse = handler.handleRequest(first, InProcessContext.of("bucket-digest-ingest", "req-1"));
        List<Map<String, AttributeValue>> eventsBefore = items(stack, "EVENT");
        List<Map<String, AttributeValue>> pendingBefore = items(stack, "PENDING");

        // WHEN SQS delivers the same batch twice more, minutes later
        clock.advance(Duration.ofMinutes(7));
        SQSBatchResponse second = handler.handleRequest(Stack.redelivery(first, 2), InProcessContext.of("bucket-digest-ingest", "req-2"));
        clock.advance(Duration.ofMinutes(7));
        SQSBatchResponse third = handler.handleRequest(Stack.redelivery(first, 3), InProcessContext.of("bucket-digest-ingest", "req-3"));

        // THEN
        assertThat(firstResponse.getBatchItemFailures()).isEmpty();
        assertThat(second.getBatchItemFailures()).isEmpty();
        assertThat(third.getBatchItemFailures()).isEmpty();
        assertThat(eventsBefore).hasSize(3);
        assertThat(items(stack, "EVENT")).containsExactlyInAnyOrderElementsOf(eventsBefore);
        assertThat(items(stack, "PENDING")).containsExactlyInAnyOrderElementsOf(pendingBefore).hasSize(3);
        assertThat(stack.receive(stack.digestQueueUrl, 3)).hasSize(3);
    }

    @Test
    void handleRequest_malformedMessages_areParkedOnTheDeadLetterQueueWithReasonAndNotReported() {
        // GIVEN three malformed bodies on the ingest queue beside one real upload
        Stack stack = new Stack(aws, false);
        stack.upload("good.txt", "good");
        Map<String, String> bodies = Map.of(
                "not json", "message body is not JSON",
                "{\"Type\":\"Notification\",\"MessageId\":\"x\",\"TopicArn\":\"" + stack.topicArn + "\"}",
                "SNS envelope without Message",
                "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-29T10:00:00.000Z\","
                        + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"bad%ZZkey\"}}}]}",
                "Records[0] has a badly URL-encoded key 'bad%ZZkey'");
        Map<String, String> reasonById = new HashMap<>();
        bodies.forEach((body, reason) -> reasonById.put(
                aws.sqs().sendMessage(b -> b.queueUrl(stack.ingestQueueUrl).messageBody(body)).messageId(), reason));
        List<Message> messages = stack.receive(stack.ingestQueueUrl, 5);
        assertThat(messages).hasSize(5);

        // WHEN
        SQSBatchResponse response = handler(stack).handleRequest(stack.sqsEvent(messages), InProcessContext.of("bucket-digest-ingest", "req-1"));

        // THEN
        assertThat(response.getBatchItemFailures()).isEmpty();
        List<Message> parked = stack.receive(stack.deadLetterQueueUrl, 3);
        assertThat(parked).hasSize(3);
        Map<String, String> parkedReasons = new HashMap<>();
        for (Message message : parked) {
            String source = message.messageAttributes().get(SqsRejectedMessages.SOURCE_MESSAGE_ATTRIBUTE).stringValue();
            parkedReasons.put(source, message.messageAttributes().get(SqsRejectedMessages.REASON_ATTRIBUTE)
                    .stringValue());
            assertThat(bodies).containsKey(message.body());
        }
        assertThat(parkedReasons).isEqualTo(reasonById);
        assertThat(items(stack, "EVENT")).extracting(e -> s(e, "objectKey")).containsExactly("good.txt");
    }
}
