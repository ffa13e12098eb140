package io.bucketdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.aws.dynamodb.DynamoDbMailEvents;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.testing.SharedMoto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SES events of a digest mail reach its record: the documented SES event JSON is published to an SNS topic (moto does
 * not publish SES events itself), delivered raw to the mail-event queue as the template subscribes it, received, and
 * handled by the mail-event handler over the real DynamoDB adapter. A redelivered event is stored once.
 */
class MailEventsIT {

    private static final DigestId DIGEST = new DigestId("d-20261130T091500Z-00112233445566778899");

    private static MotoServer moto;
    private static AwsTestClients aws;

    @BeforeAll
    static void startMoto() {
        moto = SharedMoto.get();
        aws = new AwsTestClients(moto.endpoint());
    }

    @AfterAll
    static void closeClients() {
        aws.close();
    }

    @Test
    void bounceAndComplaint_publishedToTheTopic_areRecordedAgainstTheDigest_once() {
        String table = "mail-events-" + UUID.randomUUID();
        HistoryTableFixture.create(aws.dynamoDb(), table);
        String topicArn = aws.sns().createTopic(b -> b.name("mail-events-" + UUID.randomUUID())).topicArn();
        String queueUrl = aws.sqs().createQueue(b -> b.queueName("mail-events-" + UUID.randomUUID())).queueUrl();
        String queueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        Clock clock = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
        DynamoDbMailEvents events = new DynamoDbMailEvents(aws.dynamoDb(), table, Duration.ofDays(90), clock);
        MailEventHandler handler = new MailEventHandler(events);

        for (String fixture : List.of("bounce.json", "complaint.json", "delivery.json", "bounce.json")) {
            aws.sns().publish(b -> b.topicArn(topicArn).message(fixture(fixture)));
        }
        List<Message> received = receiveAll(queueUrl, 4);
        SQSBatchResponse response = handler.handleRequest(sqsEvent(received), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(events.forDigest(DIGEST)).extracting(MailEvent::type, MailEvent::recipient).containsExactly(
                org.assertj.core.groups.Tuple.tuple(MailEvent.Type.BOUNCE, "gone@example.com"),
                org.assertj.core.groups.Tuple.tuple(MailEvent.Type.DELIVERY, "ops@example.com"),
                org.assertj.core.groups.Tuple.tuple(MailEvent.Type.COMPLAINT, "ops@example.com"));
        assertThat(events.forDigest(DIGEST).get(0).detail()).isEqualTo("Permanent/General: smtp; 550 5.1.1 user unknown");
        assertThat(HistoryTableFixture.itemsOfType(aws.dynamoDb(), table, "MAIL_EVENT")).hasSize(3)
                .allSatisfy(item -> assertThat(item.get("expiresAt").n())
                        .isEqualTo(Long.toString(clock.instant().plus(Duration.ofDays(90)).getEpochSecond())));
    }

    @Test
    void aMessageThatIsNotAnSesEvent_isABatchItemFailure_andTheOthersAreRecorded() {
        String table = "mail-events-" + UUID.randomUUID();
        HistoryTableFixture.create(aws.dynamoDb(), table);
        DynamoDbMailEvents events = new DynamoDbMailEvents(aws.dynamoDb(), table, Duration.ofDays(90),
                Clock.systemUTC());
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("m-1", "{\"Records\": []}"), message("m-2", fixture("complaint.json"))));

        SQSBatchResponse response = new MailEventHandler(events).handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1");
        assertThat(events.forDigest(DIGEST)).extracting(MailEvent::type).containsExactly(MailEvent.Type.COMPLAINT);
    }

    private static List<Message> receiveAll(String queueUrl, int expected) {
        List<Message> messages = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && messages.size() < expected; attempt++) {
            messages.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        assertThat(messages).as("messages delivered by SNS to the queue").hasSize(expected);
        return messages;
    }

    private static SQSEvent sqsEvent(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> message(m.messageId(), m.body())).toList());
        return event;
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setBody(body);
        return message;
    }

    private static String fixture(String name) {
        try (InputStream in = MailEventsIT.class.getResourceAsStream("/ses-events/" + name)) {
            assertThat(in).as("fixture ses-events/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
