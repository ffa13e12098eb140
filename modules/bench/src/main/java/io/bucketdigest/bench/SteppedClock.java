package io.bucketdigest.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the burst's driver moves: to the next arrival or signal, and on by the waits the sender asks for. */
final class SteppedClock extends Clock {

    private Instant now;

    SteppedClock(Instant start) {
        this.now = start;
    }

    /** Moves to {@code at} unless the clock is already past it (time never runs backwards). */
    void moveTo(Instant at) {
        if (at.isAfter(now)) {
            now = at;
        }
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
