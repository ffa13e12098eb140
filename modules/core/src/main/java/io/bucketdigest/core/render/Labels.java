package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Wording and number formats shared by the subject, the text body and the HTML body. */
final class Labels {

    private Labels() {}

    static String count(long n) {
        return String.format(Locale.US, "%,d", n);
    }

    static String outcome(NetOutcome outcome) {
        return switch (outcome) {
            case WRITTEN -> "created or overwritten";
            case REMOVED -> "removed";
            case TRANSIENT -> "created and removed";
            case OTHER -> "metadata changed";
        };
    }

    static String objects(long n) {
        return count(n) + (n == 1 ? " object" : " objects");
    }

    /** Size column: the final size if known, else the bytes known to be removed as a negative, else blank. */
    static String size(ObjectStory story) {
        if (story.finalSize() != null) {
            return HumanBytes.format(story.finalSize());
        }
        if (story.bytesRemoved() > 0) {
            return "-" + HumanBytes.format(story.bytesRemoved());
        }
        return "";
    }

    static boolean hasRemovals(DigestSummary summary) {
        return summary.objectsByOutcome().getOrDefault(NetOutcome.REMOVED, 0) > 0
                || summary.objectsByOutcome().getOrDefault(NetOutcome.TRANSIENT, 0) > 0;
    }

    static String timeRange(Digest digest) {
        Instant first = digest.summary().firstEventTime();
        Instant last = digest.summary().lastEventTime();
        if (first == null || last == null) {
            return "no events";
        }
        return first.truncatedTo(ChronoUnit.SECONDS) + " to " + last.truncatedTo(ChronoUnit.SECONDS) + " (UTC)";
    }

    static String csvNote(int hidden, String fileName) {
        return "… and " + count(hidden) + (hidden == 1 ? " more object" : " more objects")
                + ": the complete list is attached as " + fileName;
    }
}
