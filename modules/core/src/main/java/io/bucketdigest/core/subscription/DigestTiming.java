package io.bucketdigest.core.subscription;

import java.time.Duration;
import java.time.Instant;

/**
 * When a digest goes out. In burst mode (no {@code schedule}): after {@code quietPeriod} without a new matching event,
 * or once the oldest pending event has waited {@code maxDelay}, whichever comes first. On a {@link Schedule}: at the
 * first slot after the oldest pending event was recorded, whatever the quiet period and the maximum delay say. Either
 * way never with more than {@code maxEntries} entries: the rest goes out right after, as the next part. In an override,
 * null fields mean "use the default"; a schedule is never a default.
 */
public record DigestTiming(Duration quietPeriod, Duration maxDelay, Integer maxEntries, Schedule schedule) {

    public static final DigestTiming DEFAULTS = new DigestTiming(Duration.ofSeconds(60), Duration.ofMinutes(15), 10_000);
    public static final int MAX_ENTRIES_LIMIT = 10_000;

    /** Burst mode. */
    public DigestTiming(Duration quietPeriod, Duration maxDelay, Integer maxEntries) {
        this(quietPeriod, maxDelay, maxEntries, null);
    }

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

    /** The same timing on {@code schedule} (null: back to burst mode). */
    public DigestTiming withSchedule(Schedule schedule) {
        return new DigestTiming(quietPeriod, maxDelay, maxEntries, schedule);
    }

    public boolean scheduled() {
        return schedule != null;
    }

    /**
     * When a digest of entries pending since {@code firstPendingAt}, last joined at {@code lastArrivalAt}, is due: a
     * quiet period after the last arrival, or the maximum delay after the first, whichever comes first. A missing last
     * arrival counts as the first. Call it on a timing with its defaults applied.
     */
    public Instant dueAt(Instant firstPendingAt, Instant lastArrivalAt) {
        if (schedule != null) {
            return schedule.nextSlotAfter(firstPendingAt);
        }
        Instant byQuiet = (lastArrivalAt == null ? firstPendingAt : lastArrivalAt).plus(quietPeriod);
        Instant latest = latestDueAt(firstPendingAt);
        return byQuiet.isBefore(latest) ? byQuiet : latest;
    }

    /**
     * The latest a digest of entries pending since {@code firstPendingAt} can be due, whatever arrives after them: the
     * maximum delay after the first, or the schedule's next slot. A pending entry still there well past it lost its
     * signal.
     */
    public Instant latestDueAt(Instant firstPendingAt) {
        return schedule != null ? schedule.nextSlotAfter(firstPendingAt) : firstPendingAt.plus(maxDelay);
    }

    /**
     * Whether a digest claimed at {@code now} is cut short by the maximum delay while its burst goes on: it is due by
     * the maximum delay, not by the quiet period, because something arrived less than a quiet period ago. A scheduled
     * digest is never cut this way: its slot is the point.
     */
    public boolean cutByMaxDelay(Instant lastArrivalAt, Instant now) {
        return schedule == null && lastArrivalAt != null && now.isBefore(lastArrivalAt.plus(quietPeriod));
    }

    public DigestTiming withDefaults(DigestTiming defaults) {
        return new DigestTiming(
                quietPeriod != null ? quietPeriod : defaults.quietPeriod,
                maxDelay != null ? maxDelay : defaults.maxDelay,
                maxEntries != null ? maxEntries : defaults.maxEntries,
                schedule);
    }
}
