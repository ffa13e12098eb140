package io.bucketdigest.ingest;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The ingest stage's resources on the emulator, provisioned with the SDK as template.yaml declares them: bucket, SNS
 * topic, ingest queue with its dead-letter queue (RedrivePolicy), digest queue, history table; the bucket notifies the
 * topic and the queue subscribes to it. Names are unique per instance, so tests share one moto_server.
 */
final class Stack {

    final AwsTestClients aws;
    final String bucket;
    final String topicArn;
    final String ingestQueueUrl;
    final String deadLetterQueueUrl;
    final String digestQueueUrl;
    final String table;

    Stack(AwsTestClients aws, boolean rawMessageDelivery) {
        this.aws = aws;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        bucket = "uploads-" + suffix;
        table = HistoryTableFixture.create(aws.dynamoDb(), "history-" + suffix);
        deadLetterQueueUrl = aws.sqs().createQueue(b -> b.queueName("ingest-dlq-" + suffix)).queueUrl();
        String deadLetterArn = queueArn(deadLetterQueueUrl);
        ingestQueueUrl = aws.sqs().createQueue(b -> b.queueName("ingest-" + suffix).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "390",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        digestQueueUrl = aws.sqs().createQueue(b -> b.queueName("digest-" + suffix)).queueUrl();
        topicArn = aws.sns().createTopic(b -> b.name("events-" + suffix)).topicArn();
        Map<String, String> subscriptionAttributes = new HashMap<>();
        if (rawMessageDelivery) {
            subscriptionAttributes.put("RawMessageDelivery", "true");
        }
        aws.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn(ingestQueueUrl))
                .attributes(subscriptionAttributes));
        aws.s3().createBucket(b -> b.bucket(bucket));
        aws.s3().putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .topicConfigurations(t -> t.id("bucket-digest").topicArn(topicArn)
                        .eventsWithStrings("s3:ObjectCreated:*", "s3:ObjectRemoved:*"))));
    }

    String queueArn(String queueUrl) {
        return aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** The ingest function's environment, pointing at the emulator (quiet period 0, so signals are visible at once). */
    Map<String, String> environment(String endpoint) {
        return Map.of(
                "HISTORY_TABLE", table,
                "DIGEST_QUEUE_URL", digestQueueUrl,
                "INGEST_DLQ_URL", deadLetterQueueUrl,
                "DEFAULT_RECIPIENTS", "ops@example.com",
                "QUIET_PERIOD_SECONDS", "0",
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", endpoint);
    }

    void upload(String key, String content) {
        aws.s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    void delete(String key) {
        aws.s3().deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Receives until {@code expected} messages arrived (or 20 empty polls), as the event source mapping would. */
    List<Message> receive(String queueUrl, int expected) {
        List<Message> messages = new ArrayList<>();
        for (int polls = 0; polls < 20 && messages.size() < expected; polls++) {
            messages.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(390)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        return messages;
    }

    /** Messages available on a queue (not in flight), read from its attributes without waiting. */
    int visibleMessages(String queueUrl) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    /** The SQSEvent Lambda builds from received messages. */
    SQSEvent sqsEvent(List<Message> messages) {
        String arn = queueArn(ingestQueueUrl);
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            record.setMessageAttributes(Map.of());
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(arn);
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The same event as SQS would redeliver it: same ids and bodies, ApproximateReceiveCount set. */
    static SQSEvent redelivery(SQSEvent event, int receiveCount) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (SQSEvent.SQSMessage original : event.getRecords()) {
            SQSEvent.SQSMessage copy = new SQSEvent.SQSMessage();
            copy.setMessageId(original.getMessageId());
            copy.setReceiptHandle(original.getReceiptHandle() + "-" + receiveCount);
            copy.setBody(original.getBody());
            copy.setMd5OfBody(original.getMd5OfBody());
            Map<String, String> attributes = new HashMap<>(original.getAttributes());
            attributes.put("ApproximateReceiveCount", Integer.toString(receiveCount));
            copy.setAttributes(attributes);
            copy.setMessageAttributes(Map.of());
            copy.setEventSource(original.getEventSource());
            copy.setEventSourceArn(original.getEventSourceArn());
            copy.setAwsRegion(original.getAwsRegion());
            records.add(copy);
        }
        SQSEvent redelivered = new SQSEvent();
        redelivered.setRecords(records);
        return redelivered;
    }
}
