package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory.Change;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** "1,204 objects created, 12 overwritten, 37 removed in my-bucket": objects per net change, non-zero parts only. */
final class SubjectLine {

    static final int MAX_LENGTH = 199;

    private SubjectLine() {}

    static String of(Digest digest) {
        DigestSummary summary = digest.summary();
        Map<Change, Integer> changes = new EnumMap<>(Change.class);
        digest.stories().forEach(story -> changes.merge(story.change(), 1, Integer::sum));
        List<String> parts = new ArrayList<>(5);
        addPart(parts, changes, Change.CREATED, "created");
        addPart(parts, changes, Change.OVERWRITTEN, "overwritten");
        addPart(parts, changes, Change.REMOVED, "removed");
        addPart(parts, changes, Change.CREATED_AND_REMOVED, "created and removed");
        addPart(parts, changes, Change.METADATA, "changed");
        String what = parts.isEmpty() ? "No object changes" : String.join(", ", parts);
        int buckets = summary.buckets().size();
        String where = switch (buckets) {
            case 0 -> "";
            case 1 -> " in " + summary.buckets().first();
            default -> " in " + Labels.count(buckets) + " buckets";
        };
        // The part goes last and is never cut: a long bucket name shortens, "(part 2, more follows)" stays.
        String part = Labels.subjectPart(digest);
        String subject = DisplayText.visible(what + where);
        int room = MAX_LENGTH - part.length();
        if (subject.length() <= room) {
            return subject + part;
        }
        int cut = room - 1;
        if (Character.isHighSurrogate(subject.charAt(cut - 1))) {
            cut--;
        }
        return subject.substring(0, cut) + "…" + part;
    }

    /** The first part names the noun ("1,204 objects created"); the rest reuse it ("37 removed"). */
    private static void addPart(List<String> parts, Map<Change, Integer> changes, Change change, String verb) {
        int n = changes.getOrDefault(change, 0);
        if (n > 0) {
            parts.add((parts.isEmpty() ? Labels.objects(n) : Labels.count(n)) + " " + verb);
        }
    }
}
