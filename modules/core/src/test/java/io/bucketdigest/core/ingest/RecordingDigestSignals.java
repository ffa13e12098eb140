package io.bucketdigest.core.ingest;

import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;

/** Keeps every signal sent, batch by batch; can be scripted to fail. */
public final class RecordingDigestSignals implements DigestSignals {

    private final List<List<Signal>> batches = new ArrayList<>();
    private int callsToFail;

    @Override
    public synchronized void send(List<Signal> signals) {
        if (callsToFail > 0) {
            callsToFail--;
            throw new TransientFailureException("scripted: digest queue unavailable");
        }
        batches.add(List.copyOf(signals));
    }

    public synchronized void failNextCalls(int count) {
        callsToFail = count;
    }

    public synchronized List<List<Signal>> batches() {
        return List.copyOf(batches);
    }

    public synchronized List<Signal> all() {
        return batches.stream().flatMap(List::stream).toList();
    }
}
