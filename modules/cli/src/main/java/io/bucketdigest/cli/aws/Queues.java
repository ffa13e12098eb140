package io.bucketdigest.cli.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SQS reads for operators: depths, and looking at messages without consuming them. */
public final class Queues {

    /** Depth of one queue. */
    public record QueueStats(String url, String arn, long visible, long inFlight, long delayed) {}

    private final SqsClient sqs;
    private final AwsCalls calls;
    private final MessageDecoder decoder = new MessageDecoder();

    public Queues(SqsClient sqs, AwsCalls calls) {
        this.sqs = sqs;
        this.calls = calls;
    }

    public SqsClient client() {
        return sqs;
    }

    public QueueStats stats(Target queue) {
        GetQueueAttributesResponse response = calls.call("sqs:GetQueueAttributes", queue,
                () -> sqs.getQueueAttributes(b -> b.queueUrl(queue.name()).attributeNames(
                        QueueAttributeName.QUEUE_ARN,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
        Map<QueueAttributeName, String> attributes = response.attributes();
        return new QueueStats(queue.name(), attributes.get(QueueAttributeName.QUEUE_ARN),
                number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)),
                number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
    }

    /** Receives up to 10 messages with every attribute, hidden for {@code visibilitySeconds}. */
    public List<Message> receive(Target queue, int max, int visibilitySeconds, int waitSeconds) {
        return calls.call("sqs:ReceiveMessage", queue, () -> sqs.receiveMessage(b -> b
                .queueUrl(queue.name())
                .maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                .visibilityTimeout(visibilitySeconds)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All"))).messages();
    }

    /** Makes received messages visible again at once. Best effort: a handle that expired is already visible. */
    public void release(Target queue, Collection<String> receiptHandles) {
        List<String> handles = new ArrayList<>(receiptHandles);
        for (int from = 0; from < handles.size(); from += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<String> chunk = handles.subList(from, Math.min(handles.size(), from + 10));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i)).visibilityTimeout(0).build());
            }
            calls.call("sqs:ChangeMessageVisibility", queue,
                    () -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queue.name()).entries(entries)));
        }
    }

    /**
     * Up to {@code max} messages, decoded, without consuming them: each is hidden only while the peek collects (so the
     * same message is not returned twice), then all are made visible again at once, also on failure.
     */
    public List<DlqMessage> peek(Target queue, QueueRole role, int max) {
        return peek(queue, role, max, Long.MAX_VALUE);
    }

    /** As {@link #peek(Target, QueueRole, int)}, stopping early once {@code depth} (from the stats) messages are seen. */
    public List<DlqMessage> peek(Target queue, QueueRole role, int max, long depth) {
        Map<String, DlqMessage> seen = new LinkedHashMap<>();
        Map<String, String> handles = new LinkedHashMap<>();
        try {
            while (seen.size() < max) {
                List<Message> batch = receive(queue, max - seen.size(), 30, 1);
                int fresh = 0;
                for (Message message : batch) {
                    handles.put(message.messageId(), message.receiptHandle());
                    if (!seen.containsKey(message.messageId())) {
                        fresh++;
                        seen.put(message.messageId(), DlqMessage.of(message, decoder.decode(role, message.body())));
                    }
                }
                if (fresh == 0 || seen.size() >= depth) {
                    break;
                }
            }
        } finally {
            if (!handles.isEmpty()) {
                release(queue, handles.values());
            }
        }
        List<DlqMessage> messages = new ArrayList<>(seen.values());
        return messages.size() > max ? messages.subList(0, max) : messages;
    }

    public MessageDecoder decoder() {
        return decoder;
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
