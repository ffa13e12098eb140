package io.bucketdigest.aws.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.port.DigestSignals.Signal;
import io.bucketdigest.core.port.RejectedMessages.Rejection;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.testing.SharedMoto;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

class SqsAdaptersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-29T10:00:00.123Z");
    private static final CapturedRequests REQUESTS = new CapturedRequests();
    private static AwsTestClients clients;

    private SqsClient sqs;
    private String queueUrl;

    @BeforeAll
    static void startClients() {
        clients = new AwsTestClients(SharedMoto.get().endpoint(), REQUESTS);
    }

    @AfterAll
    static void closeClients() {
        clients.close();
    }

    @BeforeEach
    void createQueue() {
        sqs = clients.sqs();
        queueUrl = sqs.createQueue(b -> b.queueName("q-" + UUID.randomUUID())).queueUrl();
        REQUESTS.clear();
    }

    private List<Message> drain(int expected) {
        List<Message> messages = new ArrayList<>();
        for (int round = 0; round < 20 && messages.size() < expected; round++) {
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages());
        }
        return messages;
    }

    @Test
    void send_signals_becomeDigestQueueMessagesWithTheSubscriptionAndRoundedUpDelay() throws Exception {
        // GIVEN
        SqsDigestSignals signals = new SqsDigestSignals(sqs, queueUrl);

        // WHEN
        signals.send(List.of(
                new Signal("default", AT, Duration.ZERO),
                new Signal("photos", AT, Duration.ofMillis(29_001)),
                new Signal("slow", AT, Duration.ofHours(1))));

        // THEN
        List<SendMessageBatchRequestEntry> entries = REQUESTS.of(SendMessageBatchRequest.class).get(0).entries();
        assertThat(entries).extracting(SendMessageBatchRequestEntry::delaySeconds).containsExactly(0, 30, 900);
        List<Message> messages = drain(1);
        assertThat(messages).hasSize(1);
        JsonNode body = JSON.readTree(messages.get(0).body());
        assertThat(body.get("subscriptionId").asText()).isEqualTo("default");
        assertThat(body.get("signalledAt").asText()).isEqualTo("2026-11-29T10:00:00.123000Z");
    }

    @Test
    void reject_messages_areParkedWithBodyUnchangedAndReasonAndSourceIdAttributes() {
        // GIVEN
        SqsRejectedMessages rejected = new SqsRejectedMessages(sqs, queueUrl);
        String body = "{\"Type\":\"Notification\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\"}";

        // WHEN
        rejected.reject(List.of(
                new Rejection("m-1", body, "SNS envelope without Message"),
                new Rejection("m-2", "", "empty message body")));

        // THEN
        List<Message> messages = drain(2);
        assertThat(messages).hasSize(2);
        Message first = messages.stream().filter(m -> m.body().equals(body)).findFirst().orElseThrow();
        assertThat(first.messageAttributes().get("bucket-digest-failure-reason").stringValue())
                .isEqualTo("SNS envelope without Message");
        assertThat(first.messageAttributes().get("bucket-digest-source-message-id").stringValue()).isEqualTo("m-1");
        Message second = messages.stream().filter(m -> !m.body().equals(body)).findFirst().orElseThrow();
        assertThat(second.body()).isEqualTo("(empty body)");
        assertThat(second.messageAttributes().get("bucket-digest-source-message-id").stringValue()).isEqualTo("m-2");
    }

    @Test
    void reject_twelveMessages_areSentInBatchesOfTenAndLongReasonsAreTruncated() {
        // GIVEN
        SqsRejectedMessages rejected = new SqsRejectedMessages(sqs, queueUrl);
        List<Rejection> rejections = IntStream.range(0, 12)
                .mapToObj(i -> new Rejection("m-" + i, "not json " + i, "x".repeat(1500))).toList();

        // WHEN
        rejected.reject(rejections);

        // THEN
        List<SendMessageBatchRequest> batches = REQUESTS.of(SendMessageBatchRequest.class);
        assertThat(batches).extracting(b -> b.entries().size()).containsExactly(10, 2);
        List<Message> messages = drain(12);
        assertThat(messages).hasSize(12);
        assertThat(messages).allSatisfy(m -> assertThat(
                m.messageAttributes().get("bucket-digest-failure-reason").stringValue()).hasSize(1000));
    }

    @Test
    void send_queueMissing_isATransientFailure() {
        // GIVEN
        String missing = queueUrl.substring(0, queueUrl.lastIndexOf('/') + 1) + "no-such-queue";
        SqsDigestSignals signals = new SqsDigestSignals(sqs, missing);

        // WHEN / THEN
        assertThatThrownBy(() -> signals.send(List.of(new Signal("default", AT, Duration.ZERO))))
                .isInstanceOf(TransientFailureException.class)
                .hasMessageContaining("no-such-queue");
    }
}
