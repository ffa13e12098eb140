package io.bucketdigest.core.ingest;

import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;

/** Keeps every rejection parked; can be scripted to fail like an unreachable dead-letter queue. */
public final class RecordingRejectedMessages implements RejectedMessages {

    private final List<Rejection> parked = new ArrayList<>();
    private int callsToFail;

    @Override
    public synchronized void reject(List<Rejection> rejections) {
        if (callsToFail > 0) {
            callsToFail--;
            throw new TransientFailureException("scripted: dead-letter queue unavailable");
        }
        parked.addAll(rejections);
    }

    public synchronized void failNextCalls(int count) {
        callsToFail = count;
    }

    public synchronized List<Rejection> parked() {
        return List.copyOf(parked);
    }
}
