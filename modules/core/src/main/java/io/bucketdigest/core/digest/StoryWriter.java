package io.bucketdigest.core.digest;

import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.event.ObjectEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collapses the ordered events of one object into its story line, net outcome and byte counts.
 *
 * <p>Runs of consecutive events become one phrase: creates read "created" (first), "re-created" (after a removal) or
 * "overwritten" (after a create with only metadata events between, or when the history knew the object before the
 * digest), with the extra creates of the run counted as overwrites; repeated removals read once; any other repeated
 * verb is counted ("tags changed 3 times").
 */
final class StoryWriter {

    private final int maxPhrases;

    StoryWriter(int maxPhrases) {
        this.maxPhrases = maxPhrases;
    }

    ObjectStory write(String bucket, String key, List<ObjectEvent> ordered) {
        List<String> phrases = new ArrayList<>();
        // The history's previous version: a first create that replaced a live object is an overwrite.
        ObjectEvent.PreviousVersion before = ordered.isEmpty() ? null : ordered.get(0).previous();
        boolean replacedExisting = before != null && ordered.get(0).createsObject();
        boolean seenWrite = replacedExisting;
        boolean seenRemoval = false;
        boolean lastWasRemoval = false;
        boolean createdBeforeLastRemoval = false;
        boolean writtenSinceRemoval = false;
        // The replaced content stopped being current in this digest.
        long bytesRemoved = replacedExisting && before.size() != null ? before.size() : 0;
        Long knownSize = null;
        Long finalSize = null;

        int i = 0;
        while (i < ordered.size()) {
            ObjectEvent first = ordered.get(i);
            if (first.createsObject()) {
                int end = i;
                while (end < ordered.size() && ordered.get(end).createsObject()) {
                    knownSize = ordered.get(end).size();
                    end++;
                }
                phrases.add(createPhrase(end - i, seenWrite || seenRemoval, lastWasRemoval));
                seenWrite = true;
                writtenSinceRemoval = true;
                lastWasRemoval = false;
                finalSize = knownSize;
                i = end;
                continue;
            }
            String verb = Verbs.of(first);
            int end = i;
            while (end < ordered.size() && !ordered.get(end).createsObject()
                    && Verbs.of(ordered.get(end)).equals(verb)) {
                ObjectEvent event = ordered.get(end);
                if (event.removesObject()) {
                    // Bytes written earlier in this digest were never counted as added, so their removal is no
                    // loss either: only content from before the digest counts as removed.
                    Long removed = event.size() != null ? event.size()
                            : knownSize != null ? knownSize
                            : event.previous() != null ? event.previous().size() : null;
                    bytesRemoved += removed == null || writtenSinceRemoval || lastWasRemoval ? 0 : removed;
                    writtenSinceRemoval = false;
                    knownSize = null;
                    finalSize = null;
                    createdBeforeLastRemoval = seenWrite;
                    seenRemoval = true;
                    lastWasRemoval = true;
                } else if (event.size() != null) {
                    knownSize = event.size();
                    finalSize = lastWasRemoval ? null : knownSize;
                }
                end++;
            }
            int count = end - i;
            phrases.add(first.removesObject() || count == 1 ? verb : verb + " " + times(count));
            i = end;
        }

        NetOutcome outcome;
        if (!seenWrite && !seenRemoval) {
            outcome = NetOutcome.OTHER;
        } else if (!lastWasRemoval) {
            outcome = NetOutcome.WRITTEN;
        } else {
            outcome = createdBeforeLastRemoval ? NetOutcome.TRANSIENT : NetOutcome.REMOVED;
        }
        long bytesAdded = outcome == NetOutcome.WRITTEN && finalSize != null ? finalSize : 0;
        boolean existedBefore = !ordered.isEmpty() && (!ordered.get(0).createsObject() || replacedExisting);
        return new ObjectStory(
                bucket, key, ordered, outcome, join(phrases), bytesAdded, bytesRemoved, finalSize, existedBefore);
    }

    private static String createPhrase(int creates, boolean afterWriteOrRemoval, boolean afterRemoval) {
        if (afterWriteOrRemoval && !afterRemoval) {
            return "overwritten " + (creates == 1 ? "once" : times(creates));
        }
        String head = afterRemoval ? "re-created" : "created";
        int overwrites = creates - 1;
        if (overwrites == 0) {
            return head;
        }
        return head + " then overwritten " + (overwrites == 1 ? "once" : times(overwrites));
    }

    private static String times(int count) {
        return String.format(Locale.US, "%,d times", count);
    }

    /** Long alternating histories keep their beginning and their end, so the final state stays visible. */
    private String join(List<String> phrases) {
        if (phrases.size() <= maxPhrases) {
            return String.join(" then ", phrases);
        }
        int kept = maxPhrases - 1;
        int skipped = phrases.size() - kept - 1;
        return String.join(" then ", phrases.subList(0, kept))
                + String.format(Locale.US, " then … %,d more %s … then ", skipped, skipped == 1 ? "step" : "steps")
                + phrases.get(phrases.size() - 1);
    }
}
