package io.bucketdigest.core.subscription;

import java.time.Duration;
import java.time.Instant;

/**
 * When a digest goes out: after {@code quietPeriod} without a new matching event, or once the oldest pending event has
 * waited {@code maxDelay}, whichever comes first; never with more than {@code maxEntries} entries. In an override,
 * null fields mean "use the default".
 */
public record DigestTiming(Duration quietPeriod, Duration maxDelay, Integer maxEntries) {

    public static final DigestTiming DEFAULTS = new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(15), 10_000);
    public static final int MAX_ENTRIES_LIMIT = 10_000;

    public DigestTiming {
        if (quietPeriod != null && (quietPeriod.isNegative() || quietPeriod.compareTo(Duration.ofMinutes(15)) > 0)) {
            throw new IllegalArgumentException("quiet period must be between 0 s and 15 min (got " + quietPeriod + ")");
        }
        if (maxDelay != null && (maxDelay.isNegative() || maxDelay.compareTo(Duration.ofHours(24)) > 0)) {
            throw new IllegalArgumentException("max delay must be between 0 s and 24 h (got " + maxDelay + ")");
        }
        if (maxEntries != null && (maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT)) {
            throw new IllegalArgumentException(
                    "max entries must be between 1 and " + MAX_ENTRIES_LIMIT + " (got " + maxEntries + ")");
        }
    }

    /**
     * When a digest of entries pending since {@code firstPendingAt}, last joined at {@code lastArrivalAt}, is due: a
     * quiet period after the last arrival, or the maximum delay after the first, whichever comes first. A missing last
     * arrival counts as the first. Call it on a timing with its defaults applied.
     */
    public Instant dueAt(Instant firstPendingAt, Instant lastArrivalAt) {
        Instant byQuiet = (lastArrivalAt == null ? firstPendingAt : lastArrivalAt).plus(quietPeriod);
        Instant latest = latestDueAt(firstPendingAt);
        return byQuiet.isBefore(latest) ? byQuiet : latest;
    }

    /**
     * The latest a digest of entries pending since {@code firstPendingAt} can be due, whatever arrives after them: the
     * maximum delay after the first. A pending entry still there well past it lost its signal.
     */
    public Instant latestDueAt(Instant firstPendingAt) {
        return firstPendingAt.plus(maxDelay);
    }

    public DigestTiming withDefaults(DigestTiming defaults) {
        return new DigestTiming(
                quietPeriod != null ? quietPeriod : defaults.quietPeriod,
                maxDelay != null ? maxDelay : defaults.maxDelay,
                maxEntries != null ? maxEntries : defaults.maxEntries);
    }
}
