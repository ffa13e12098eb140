package io.bucketdigest.cli.aws;

import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** A dead-letter message decoded down to what it was about, plus why it failed when the pipeline recorded that. */
public record DlqMessage(Message message, Instant sentAt, int receiveCount, Decoded decoded) {

    /** What the body carried. */
    public sealed interface Decoded {}

    public record S3Events(List<ObjectEvent> events) implements Decoded {}

    public record S3TestEvent(String bucket) implements Decoded {}

    public record DigestSignal(String subscriptionId, String signalledAt) implements Decoded {}

    public record Malformed(String reason) implements Decoded {}

    public static DlqMessage of(Message message, Decoded decoded) {
        Map<MessageSystemAttributeName, String> system = message.attributes();
        String sent = system.get(MessageSystemAttributeName.SENT_TIMESTAMP);
        String receives = system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return new DlqMessage(message,
                sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)),
                receives == null ? 0 : Integer.parseInt(receives),
                decoded);
    }

    public String messageId() {
        return message.messageId();
    }

    public String body() {
        return message.body();
    }

    /** The reason the ingest function recorded when it parked the message on purpose; null when SQS moved it. */
    public String failureReason() {
        MessageAttributeValue value = message.messageAttributes().get(SqsRejectedMessages.REASON_ATTRIBUTE);
        return value == null ? null : value.stringValue();
    }

    public String sourceMessageId() {
        MessageAttributeValue value = message.messageAttributes().get(SqsRejectedMessages.SOURCE_MESSAGE_ATTRIBUTE);
        return value == null ? null : value.stringValue();
    }

    /** The failure reason, else why the body cannot be decoded, else null (moved by SQS after max receives). */
    public String reason() {
        if (failureReason() != null) {
            return failureReason();
        }
        return decoded instanceof Malformed malformed ? "malformed: " + malformed.reason() : null;
    }
}
