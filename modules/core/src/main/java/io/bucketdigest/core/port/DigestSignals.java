package io.bucketdigest.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Wakes the digest stage for a subscription after a delay (the digest queue). */
public interface DigestSignals {

    void send(List<Signal> signals);

    /** {@code signalledAt} is the arrival that caused the signal; the sender uses it to spot newer signals. */
    record Signal(String subscriptionId, Instant signalledAt, Duration delay) {}
}
