package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.ObjectStory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The entries a body shows inline, grouped by top-level prefix (and by bucket when the digest spans several), in
 * display order, cut at the inline limit. Group sizes count all their objects, shown or not.
 */
record EntryGroups(List<Group> groups, int shown, int hidden) {

    record Group(String heading, int objects, List<ObjectStory> shown) {}

    static EntryGroups of(Digest digest, int inlineLimit) {
        boolean severalBuckets = digest.summary().buckets().size() > 1;
        Comparator<ObjectStory> order = Comparator
                .comparing((ObjectStory story) -> severalBuckets ? story.bucket() : "")
                .thenComparing(ObjectStory::topLevelPrefix)
                .thenComparing(ObjectStory::key)
                .thenComparing(ObjectStory::bucket);
        List<ObjectStory> sorted = new ArrayList<>(digest.stories());
        sorted.sort(order);

        List<Group> groups = new ArrayList<>();
        int shown = 0;
        int start = 0;
        while (start < sorted.size()) {
            String heading = heading(sorted.get(start), severalBuckets);
            int end = start;
            while (end < sorted.size() && heading(sorted.get(end), severalBuckets).equals(heading)) {
                end++;
            }
            int take = Math.max(0, Math.min(end - start, inlineLimit - shown));
            if (take > 0) {
                groups.add(new Group(heading, end - start, List.copyOf(sorted.subList(start, start + take))));
                shown += take;
            }
            start = end;
        }
        return new EntryGroups(List.copyOf(groups), shown, sorted.size() - shown);
    }

    private static String heading(ObjectStory story, boolean severalBuckets) {
        return severalBuckets ? story.bucket() + ": " + story.topLevelPrefix() : story.topLevelPrefix();
    }
}
