package io.bucketdigest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Queue message bodies as S3, SNS and the pipeline produce them. */
final class Messages {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Messages() {}

    /** An S3 notification (moto style: no zone in eventTime, key form-encoded). */
    static String s3(String bucket, String key, String eventName) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", "us-east-1");
        record.put("eventTime", "2026-11-29T09:32:43.940851");
        record.put("eventName", eventName);
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8));
        object.put("size", 1234);
        object.put("eTag", "e-" + key.hashCode());
        return root.toString();
    }

    static String sns(String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("Type", "Notification");
        root.put("MessageId", UUID.randomUUID().toString());
        root.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:topic");
        root.put("Subject", "Amazon S3 Notification");
        root.put("Message", message);
        root.put("Timestamp", "2026-11-29T09:32:44.000Z");
        return root.toString();
    }

    static void send(SqsClient sqs, String queueUrl, String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /** As the ingest function parks a malformed message: body unchanged, reason and source id as attributes. */
    static void park(SqsClient sqs, String queueUrl, String body, String reason) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                SqsRejectedMessages.REASON_ATTRIBUTE, text(reason),
                SqsRejectedMessages.SOURCE_MESSAGE_ATTRIBUTE, text(UUID.randomUUID().toString()))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
