package io.bucketdigest.aws.sqs;

import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.time.SortableTime;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Digest-queue messages: {@code {"subscriptionId":"...","signalledAt":"..."}} delayed until the digest may be due. */
public final class SqsDigestSignals implements DigestSignals {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDigestSignals(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(List<Signal> signals) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(signals.size());
        for (int i = 0; i < signals.size(); i++) {
            Signal signal = signals.get(i);
            entries.add(SendMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .messageBody(DigestSignalMessage.toJson(signal.subscriptionId(), SortableTime.format(signal.signalledAt())))
                    .delaySeconds((int) Math.min(900, Math.max(0, (signal.delay().toMillis() + 999) / 1000)))
                    .build());
        }
        SqsBatches.sendAll(sqs, queueUrl, entries);
    }
}
