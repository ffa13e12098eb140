package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import java.util.ArrayList;
import java.util.List;

/** "1,204 objects created, 37 removed in my-bucket": object counts per outcome, non-zero parts only. */
final class SubjectLine {

    static final int MAX_LENGTH = 199;

    private SubjectLine() {}

    static String of(Digest digest) {
        DigestSummary summary = digest.summary();
        List<String> parts = new ArrayList<>(4);
        addPart(parts, summary, NetOutcome.WRITTEN, "created");
        addPart(parts, summary, NetOutcome.REMOVED, "removed");
        addPart(parts, summary, NetOutcome.TRANSIENT, "created and removed");
        addPart(parts, summary, NetOutcome.OTHER, "changed");
        String what = parts.isEmpty() ? "No object changes" : String.join(", ", parts);
        int buckets = summary.buckets().size();
        String where = switch (buckets) {
            case 0 -> "";
            case 1 -> " in " + summary.buckets().first();
            default -> " in " + Labels.count(buckets) + " buckets";
        };
        String subject = DisplayText.visible(what + where);
        if (subject.length() <= MAX_LENGTH) {
            return subject;
        }
        int cut = MAX_LENGTH - 1;
        if (Character.isHighSurrogate(subject.charAt(cut - 1))) {
            cut--;
        }
        return subject.substring(0, cut) + "…";
    }

    /** The first part names the noun ("1,204 objects created"); the rest reuse it ("37 removed"). */
    private static void addPart(List<String> parts, DigestSummary summary, NetOutcome outcome, String verb) {
        int n = summary.objectsByOutcome().getOrDefault(outcome, 0);
        if (n > 0) {
            parts.add((parts.isEmpty() ? Labels.objects(n) : Labels.count(n)) + " " + verb);
        }
    }
}
