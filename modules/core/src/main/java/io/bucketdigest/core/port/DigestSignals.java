package io.bucketdigest.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Wakes the digest stage for a subscription after a delay (the digest queue). */
public interface DigestSignals {

    void send(List<Signal> signals);

    /**
     * {@code signalledAt} is the arrival that caused the signal; the sender uses it to spot newer signals. A
     * {@code delay} over the queue's maximum (SQS: 15 minutes) is shortened to it: the signal then arrives early.
     */
    record Signal(String subscriptionId, Instant signalledAt, Duration delay) {}
}
