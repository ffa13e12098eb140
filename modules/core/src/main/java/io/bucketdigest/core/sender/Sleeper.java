package io.bucketdigest.core.sender;

import java.time.Duration;

/** Waits; injected so rate-limit tests never sleep for real. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the send rate", e);
        }
    };

    void sleep(Duration duration);
}
