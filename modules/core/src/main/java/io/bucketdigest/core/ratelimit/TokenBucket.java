package io.bucketdigest.core.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket holding up to {@code burst} tokens, refilled at {@code ratePerSecond}. It never sleeps: each
 * reservation takes its tokens at once and returns how long the caller must wait before using them, so concurrent
 * callers queue up behind each other instead of all retrying at once.
 *
 * <p>Kept as a "theoretical arrival time" (the GCRA form of a token bucket) in integer nanoseconds, which is exact, and
 * updated with compare-and-set, so it is thread-safe without locks. The settings are fixed: to change the rate,
 * create a new bucket.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerSecond;
    private final int burst;
    private final Clock clock;
    private final long nanosPerToken;
    /** The instant (epoch nanos) at which the bucket would be full again if nothing else were reserved. */
    private final AtomicLong fullAt = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param ratePerSecond tokens added per second; more than 0 and at most 1e9
     * @param burst         tokens available at once when the bucket is full, at least 1
     */
    public TokenBucket(double ratePerSecond, int burst, Clock clock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond) || ratePerSecond > NANOS_PER_SECOND) {
            throw new IllegalArgumentException(
                    "ratePerSecond must be more than 0 and at most 1e9 (got " + ratePerSecond + ")");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1 (got " + burst + ")");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanosPerToken = nanosPerToken(ratePerSecond);
    }

    /** Takes one token; returns zero if it was available now, else how long to wait before acting on it. */
    public Duration reserve() {
        return reserve(1);
    }

    /**
     * Takes {@code tokens} tokens at once, e.g. one per recipient when a quota counts recipients. More tokens than the
     * burst are allowed: the wait then covers the refill they need.
     */
    public Duration reserve(int tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1 (got " + tokens + ")");
        }
        long now = epochNanos(clock.instant());
        long cost = Math.multiplyExact(nanosPerToken, (long) tokens);
        long capacity = Math.multiplyExact(nanosPerToken, (long) burst);
        while (true) {
            long current = fullAt.get();
            long next = Math.max(current, now) + cost;
            if (fullAt.compareAndSet(current, next)) {
                return Duration.ofNanos(Math.max(0, next - capacity - now));
            }
        }
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int burst() {
        return burst;
    }

    /**
     * Whole nanoseconds per token, rounded so that the bucket is never faster than {@code ratePerSecond}: at 3 per
     * second a token costs 333,333,334 ns, not 333,333,333 (three of which would fit four tokens into one second).
     */
    private static long nanosPerToken(double ratePerSecond) {
        long nanos = Math.round(NANOS_PER_SECOND / ratePerSecond);
        return nanos * ratePerSecond < NANOS_PER_SECOND ? nanos + 1 : nanos;
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }
}
