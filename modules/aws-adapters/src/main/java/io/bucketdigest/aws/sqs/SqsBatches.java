package io.bucketdigest.aws.sqs;

import io.bucketdigest.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** SendMessageBatch in groups of 10, retrying failed entries once; any entry still failing is a transient failure. */
final class SqsBatches {

    static final int MAX_BATCH = 10;

    private SqsBatches() {}

    static void sendAll(SqsClient sqs, String queueUrl, List<SendMessageBatchRequestEntry> entries) {
        for (int from = 0; from < entries.size(); from += MAX_BATCH) {
            List<SendMessageBatchRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + MAX_BATCH));
            List<SendMessageBatchRequestEntry> pending = new ArrayList<>(batch);
            for (int attempt = 1; attempt <= 2 && !pending.isEmpty(); attempt++) {
                SendMessageBatchResponse response;
                try {
                    response = sqs.sendMessageBatch(
                            SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(pending).build());
                } catch (SdkException e) {
                    throw new TransientFailureException("cannot send to queue " + queueUrl, e);
                }
                List<String> failedIds = response.failed().stream().map(BatchResultErrorEntry::id).toList();
                if (failedIds.isEmpty()) {
                    pending = List.of();
                } else {
                    pending = pending.stream().filter(e -> failedIds.contains(e.id())).toList();
                    if (attempt == 2) {
                        throw new TransientFailureException("queue " + queueUrl + " refused " + failedIds.size()
                                + " message(s): " + response.failed().get(0).message());
                    }
                }
            }
        }
    }
}
