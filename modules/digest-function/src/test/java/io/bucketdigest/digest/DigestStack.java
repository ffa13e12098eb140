package io.bucketdigest.digest;

import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.emulator.InProcessContext;
import io.bucketdigest.mailreader.MimeParts;
import io.bucketdigest.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.ingest.IngestConfig;
import io.bucketdigest.ingest.IngestHandler;
import io.bucketdigest.ingest.IngestWiring;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The digest pipeline on moto_server, provisioned with the SDK as template.yaml declares it (history table with gsi1,
 * digest queue with its DLQ, ingest DLQ, a verified SES sender), with the real ingest and digest handlers invoked
 * in-process the way the SQS event-source mapping invokes them: batches of at most 10, delete on success, a failed
 * item or a crashed invocation leaves the message on the queue.
 */
final class DigestStack {

    static final String SENDER = "digests@example.com";
    static final String RECIPIENT = "team@example.com";
    static final String BUCKET = "photo-archive";
    static final String TABLE = "bucket-digest-history";
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // DigestWiring and IngestWiring build their clients like Lambda does, from the default credential chain.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    /** One mail SES accepted, read back from moto's state. */
    record Mail(String messageId, List<String> destinations, String source, MimeParts parts) {
        String digestId() {
            return parts.header(MimeMessageWriter.DIGEST_ID_HEADER);
        }
    }

    final MotoServer moto;
    final AwsTestClients aws;
    final MutableClock clock = new MutableClock(START);
    final String digestQueueUrl;
    final String digestDlqUrl;
    final String ingestDlqUrl;
    private final Duration quietPeriod;
    private final IngestHandler ingest;
    private long sequence;
    /** The ids of every S3 event this stack generated, computed as the normalizer does. */
    final List<String> eventIds = new ArrayList<>();

    DigestStack(MotoServer moto, AwsTestClients aws, Duration quietPeriod) {
        this.moto = moto;
        this.aws = aws;
        this.quietPeriod = quietPeriod;
        moto.reset();
        HistoryTableFixture.create(aws.dynamoDb(), TABLE);
        digestDlqUrl = aws.sqs().createQueue(b -> b.queueName("bucket-digest-digest-dlq")).queueUrl();
        String dlqArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(digestDlqUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        digestQueueUrl = aws.sqs().createQueue(b -> b.queueName("bucket-digest-digest").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "60",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        ingestDlqUrl = aws.sqs().createQueue(b -> b.queueName("bucket-digest-ingest-dlq")).queueUrl();
        aws.ses().createEmailIdentity(b -> b.emailIdentity(SENDER));
        ingest = ingestHandler(clock);
    }

    Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("HISTORY_TABLE", TABLE);
        env.put("DIGEST_QUEUE_URL", digestQueueUrl);
        env.put("DIGEST_DLQ_URL", digestDlqUrl);
        env.put("INGEST_DLQ_URL", ingestDlqUrl);
        env.put("SENDER_ADDRESS", SENDER);
        env.put("DEFAULT_RECIPIENTS", RECIPIENT);
        env.put("QUIET_PERIOD_SECONDS", Long.toString(quietPeriod.toSeconds()));
        env.put("SES_MAX_SEND_RATE", "1000");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.putAll(overrides);
        return env;
    }

    DigestWiring digestWiring(Map<String, String> overrides, StepListener steps) {
        return new DigestWiring(DigestConfig.fromEnvironment(environment(overrides)), clock, DigestMetrics.none(),
                steps);
    }

    DigestHandler digestHandler() {
        return DigestHandler.from(digestWiring(Map.of(), StepListener.NONE));
    }

    // ---- ingest: S3 notifications through SNS, as the ingest queue delivers them ----

    /** One ObjectCreated:Put per key at the current clock time, delivered in batches of 10 SQS messages. */
    void upload(List<String> keys) {
        ingestWith(ingest, keys, "ObjectCreated:Put", clock.instant());
    }

    /** Runs {@code handler} (e.g. an ingest invocation with its own clock) on these objects, events at eventTime. */
    void ingestWith(IngestHandler handler, List<String> keys, String eventName, Instant eventTime) {
        List<SQSEvent.SQSMessage> batch = new ArrayList<>();
        for (String key : keys) {
            batch.add(sqsMessage(snsEnvelope(s3Notification(key, eventName, eventTime, object -> { }))));
            if (batch.size() == 10) {
                ingestBatch(handler, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            ingestBatch(handler, batch);
        }
    }

    IngestHandler ingestHandler(java.time.Clock ingestClock) {
        return IngestHandler.from(new IngestWiring(IngestConfig.fromEnvironment(environment(Map.of())), ingestClock),
                report -> { });
    }

    private void ingestBatch(IngestHandler handler, List<SQSEvent.SQSMessage> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        SQSBatchResponse response = handler.handleRequest(event, InProcessContext.of("ingest"));
        assertThat(response.getBatchItemFailures()).as("ingest batch failures").isEmpty();
        clock.advance(Duration.ofMillis(5));
    }

    /** One S3 event of the sample scenarios: its own event time (S3 delivery lags) and size. */
    record S3Event(String key, String eventName, Instant eventTime, Long size) {}

    /** Delivers these events, one per SQS message, in batches of 10, at the current clock time. */
    void ingestEvents(List<S3Event> events) {
        List<SQSEvent.SQSMessage> batch = new ArrayList<>();
        for (S3Event event : events) {
            batch.add(sqsMessage(snsEnvelope(s3Notification(event.key(), event.eventName(), event.eventTime(),
                    object -> {
                        if (event.size() != null) {
                            object.put("size", event.size());
                        } else {
                            object.remove("size");
                        }
                    }))));
            if (batch.size() == 10) {
                ingestBatch(ingest, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            ingestBatch(ingest, batch);
        }
    }

    String s3Notification(String key, String eventName, Instant eventTime, Consumer<ObjectNode> customizeObject) {
        long n = ++sequence;
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", eventTime.toString());
        record.put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "AWS:AIDAEXAMPLE");
        record.putObject("requestParameters").put("sourceIPAddress", "203.0.113.7");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "bucket-digest");
        s3.putObject("bucket").put("name", BUCKET).put("arn", "arn:aws:s3:::" + BUCKET);
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        object.put("sequencer", String.format(Locale.ROOT, "%016X", n));
        if (eventName.startsWith("ObjectCreated")) {
            object.put("size", 1024 * (1 + n % 300));
            object.put("eTag", String.format(Locale.ROOT, "%032x", n));
        }
        customizeObject.accept(object);
        eventIds.add(EventId.of("us-east-1", BUCKET, key, eventName, eventTime, null,
                object.path("sequencer").asText(null), object.path("eTag").asText(null),
                object.has("size") ? object.get("size").asLong() : null).value());
        ObjectNode message = JSON.createObjectNode();
        ArrayNode records = message.putArray("Records");
        records.add(record);
        return message.toString();
    }

    private static String snsEnvelope(String s3Message) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", UUID.randomUUID().toString());
        envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:bucket-digest-events");
        envelope.put("Subject", "Amazon S3 Notification");
        envelope.put("Message", s3Message);
        envelope.put("Timestamp", "2026-03-02T09:00:00.000Z");
        envelope.put("SignatureVersion", "1");
        return envelope.toString();
    }

    private static SQSEvent.SQSMessage sqsMessage(String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("rh-" + message.getMessageId());
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setEventSource("aws:sqs");
        message.setAwsRegion("us-east-1");
        return message;
    }

    static List<String> keys(String prefix, int from, int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            keys.add(String.format(Locale.ROOT, "%s%05d.bin", prefix, i));
        }
        return keys;
    }

    // ---- the digest queue, consumed like the event-source mapping does ----

    /** What a {@link #drain} did with the messages it received. */
    static final class Drain {
        final List<SQSBatchResponse> responses = new ArrayList<>();
        final List<Message> received = new ArrayList<>();
        final Set<String> receivedTwice = new HashSet<>();
    }

    /** Receives and handles until the digest queue holds nothing visible or delayed (bounded by a deadline). */
    Drain drain(DigestHandler handler) {
        return drain(handler, (batch, response) -> true);
    }

    /**
     * Like {@link #drain(DigestHandler)}; after each batch was handled, {@code deleteAfter} decides whether its
     * messages are deleted (true) or made visible again at once, as if the deletion got lost and SQS redelivered them.
     * Messages the handler reported as failed are made visible again, as their visibility timeout would.
     */
    Drain drain(DigestHandler handler, BiPredicate<List<Message>, SQSBatchResponse> deleteAfter) {
        Drain drain = new Drain();
        Set<String> seen = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(digestQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) {
                if (queueIsEmpty()) {
                    return drain;
                }
                continue;
            }
            for (Message message : messages) {
                drain.received.add(message);
                if (!seen.add(message.messageId())) {
                    drain.receivedTwice.add(message.messageId());
                }
            }
            SQSBatchResponse response = handler.handleRequest(sqsEvent(messages), InProcessContext.of("digest"));
            drain.responses.add(response);
            Set<String> failed = new HashSet<>();
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            boolean delete = deleteAfter.test(messages, response);
            for (Message message : messages) {
                if (failed.contains(message.messageId()) || !delete) {
                    makeVisibleAgain(message);
                } else {
                    delete(message);
                }
            }
        }
        throw new AssertionError("the digest queue did not drain within 180 s");
    }

    /** Receives the messages visible now (waiting up to {@code wait} for the first), without handling them. */
    List<Message> receive(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(digestQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (!messages.isEmpty() || System.nanoTime() > deadline) {
                return messages;
            }
        }
    }

    void delete(Message message) {
        aws.sqs().deleteMessage(b -> b.queueUrl(digestQueueUrl).receiptHandle(message.receiptHandle()));
    }

    void makeVisibleAgain(Message message) {
        aws.sqs().changeMessageVisibility(b -> b.queueUrl(digestQueueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout(0));
    }

    /**
     * Nothing visible and nothing delayed. Messages in flight are not counted: a test that holds a batch (a crashed
     * invocation) decides itself when SQS would make it visible again.
     */
    boolean queueIsEmpty() {
        Map<QueueAttributeName, String> attributes = aws.sqs().getQueueAttributes(b -> b.queueUrl(digestQueueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }

    static SQSEvent sqsEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setEventSource("aws:sqs");
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    // ---- what SES received, and what the table holds ----

    List<Mail> mails() {
        try {
            JsonNode state = JSON.readTree(moto.stateJson());
            List<Mail> mails = new ArrayList<>();
            for (JsonNode raw : state.path("ses").path("RawMessage")) {
                List<String> destinations = new ArrayList<>();
                raw.path("destinations").forEach(d -> destinations.add(d.asText()));
                mails.add(new Mail(raw.path("id").asText(), destinations, raw.path("source").asText(),
                        MimeParts.parse(raw.path("raw_data").asText().getBytes(StandardCharsets.UTF_8))));
            }
            assertThat(state.path("ses").path("Message")).as("digests are sent as raw MIME only").isEmpty();
            return mails;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("moto state is not JSON", e);
        }
    }

    /** Keys matching {@code pattern} in the mail's text part. */
    static Set<String> keysInText(Mail mail, Pattern pattern) {
        Set<String> keys = new HashSet<>();
        Matcher matcher = pattern.matcher(mail.parts().text());
        while (matcher.find()) {
            keys.add(matcher.group());
        }
        return keys;
    }

    List<Map<String, AttributeValue>> items(String type) {
        return HistoryTableFixture.itemsOfType(aws.dynamoDb(), TABLE, type);
    }

    /** The whole table in one scan, grouped by item type (moto scans slowly; one scan per check). */
    Map<String, List<Map<String, AttributeValue>>> itemsByType() {
        Map<String, List<Map<String, AttributeValue>>> byType = new HashMap<>();
        for (Map<String, AttributeValue> item : HistoryTableFixture.scanAll(aws.dynamoDb(), TABLE)) {
            String type = str(item, "type");
            byType.computeIfAbsent(type == null ? "" : type, t -> new ArrayList<>()).add(item);
        }
        return byType;
    }

    /** Digest records of a subscription, newest first (gsi1, as the CLI reads them). */
    List<Map<String, AttributeValue>> digestRecords(String subscriptionId) {
        return aws.dynamoDb().query(b -> b.tableName(TABLE).indexName(HistoryTableFixture.GSI1)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("SUBDIGESTS#" + subscriptionId)))
                .scanIndexForward(false)).items();
    }

    /** Pending entries of a subscription across its 8 shards (no scan: moto scans a big table very slowly). */
    int pendingCount(String subscriptionId) {
        int count = 0;
        for (int shard = 0; shard < 8; shard++) {
            String pk = "PENDING#" + subscriptionId + "#" + shard;
            count += aws.dynamoDb().query(b -> b.tableName(TABLE).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).count();
        }
        return count;
    }

    /** The history notes of one object: which digests reported its events. */
    List<Map<String, AttributeValue>> notes(String key) {
        return aws.dynamoDb().query(b -> b.tableName(TABLE).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :note)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("OBJ#" + BUCKET + "#" + key),
                        ":note", AttributeValue.fromS("NOTE#")))).items();
    }

    Map<String, AttributeValue> state(String subscriptionId) {
        return aws.dynamoDb().getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("SUBSTATE#" + subscriptionId),
                "sk", AttributeValue.fromS("STATE")))).item();
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
