package io.bucketdigest.aws.sqs;

import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.sender.DigestSignalCodec;
import java.time.Duration;
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
                    .messageBody(DigestSignalCodec.encode(signal.subscriptionId(), signal.signalledAt()))
                    .delaySeconds(delaySeconds(signal.delay()))
                    .build());
        }
        SqsBatches.sendAll(sqs, queueUrl, entries);
    }

    /** Whole seconds, rounded up (a signal must never arrive before it is due), within SQS's 0-900. */
    static int delaySeconds(Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            return 0;
        }
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        return (int) Math.min(900, seconds);
    }
}
