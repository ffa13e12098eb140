package io.bucketdigest.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock the test moves by hand, forward unless the test says otherwise ({@link #stepBack}: a wall clock can
 * be set back, and code that reads one must survive it). The core's tests keep their own copy of test-support's clock: depending on test-support would put
 * the AWS SDK on the core's test classpath.
 */
public final class MutableClock extends Clock {

    private Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public synchronized void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        now = now.plus(duration);
    }

    /** Sets the clock back, as NTP may set an instance's wall clock back. */
    public synchronized void stepBack(Duration duration) {
        now = now.minus(duration);
    }

    public synchronized void set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("time only moves forward: " + now + " -> " + instant);
        }
        now = instant;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC");
    }
}
