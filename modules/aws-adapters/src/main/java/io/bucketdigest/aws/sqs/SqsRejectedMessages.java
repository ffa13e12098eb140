package io.bucketdigest.aws.sqs;

import io.bucketdigest.core.port.RejectedMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Parks a permanently malformed message on the dead-letter queue on purpose, body unchanged, with the reason and the
 * original message id as message attributes, so `bucket-digest dlq peek` can show why and replay can retry it.
 */
public final class SqsRejectedMessages implements RejectedMessages {

    public static final String REASON_ATTRIBUTE = "bucket-digest-failure-reason";
    public static final String SOURCE_MESSAGE_ATTRIBUTE = "bucket-digest-source-message-id";

    private final SqsClient sqs;
    private final String deadLetterQueueUrl;

    public SqsRejectedMessages(SqsClient sqs, String deadLetterQueueUrl) {
        this.sqs = sqs;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    @Override
    public void reject(List<Rejection> rejections) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(rejections.size());
        for (int i = 0; i < rejections.size(); i++) {
            Rejection rejection = rejections.get(i);
            String body = rejection.body() == null || rejection.body().isEmpty() ? "(empty body)" : rejection.body();
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(body)
                    .messageAttributes(Map.of(
                            REASON_ATTRIBUTE, text(truncate(rejection.reason(), 1000)),
                            SOURCE_MESSAGE_ATTRIBUTE, text(rejection.messageId())))
                    .build());
        }
        SqsBatches.sendAll(sqs, deadLetterQueueUrl, entries);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
