package io.bucketdigest.core.digest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a digest stands in a burst that one digest could not hold. A digest is <em>cut</em> when max entries left
 * entries pending behind it, or when the maximum delay sent it while objects were still arriving; then more follows.
 * The digest after a cut one continues it (part n + 1) if its oldest entry was recorded before the cut one was claimed
 * plus a quiet period, i.e. the burst never paused long enough to end.
 *
 * @param previous          the digest this one continues, null for a first part
 * @param previousCreatedAt when {@code previous} was claimed, null for a first part
 */
public record BurstPart(int number, DigestId previous, Instant previousCreatedAt, Cut cut) {

    /** Why more follows. */
    public enum Cut { NONE, MAX_ENTRIES, MAX_DELAY }

    /** A digest that is the whole of its burst. */
    public static final BurstPart WHOLE = new BurstPart(1, null, null, Cut.NONE);

    public BurstPart {
        Objects.requireNonNull(cut, "cut");
        if (number < 1) {
            throw new IllegalArgumentException("part numbers start at 1 (got " + number + ")");
        }
        if ((number == 1) != (previous == null) || (previous == null) != (previousCreatedAt == null)) {
            throw new IllegalArgumentException("part " + number + " must name its previous digest exactly when it is "
                    + "not the first part");
        }
    }

    /**
     * The part of a digest whose oldest entry was recorded at {@code oldestRecordedAt}, claimed after {@code last}
     * (the subscription's last completed digest, null if none is known), and cut for {@code cut}.
     */
    public static BurstPart after(DigestRecord last, Instant oldestRecordedAt, Duration quietPeriod, Cut cut) {
        boolean continues = last != null && last.part().moreFollows()
                && oldestRecordedAt.isBefore(last.createdAt().plus(quietPeriod));
        return continues ? new BurstPart(last.part().number() + 1, last.id(), last.createdAt(), cut)
                : new BurstPart(1, null, null, cut);
    }

    public boolean moreFollows() {
        return cut != Cut.NONE;
    }

    /** Part of a burst spread over several digests: this one continues one, or more follows it. */
    public boolean partOfSeveral() {
        return number > 1 || moreFollows();
    }
}
