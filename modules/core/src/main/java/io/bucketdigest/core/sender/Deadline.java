package io.bucketdigest.core.sender;

import java.time.Duration;

/** The time an invocation has left before its function is stopped (Lambda's remaining time). */
@FunctionalInterface
public interface Deadline {

    Deadline NONE = () -> Duration.ofDays(1);

    Duration remaining();
}
