package io.bucketdigest.core.render;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.ObjectStory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every object of a digest counted under a folder, in about {@code targetRows} rows: the top-level folders first, then
 * the biggest row split into its subfolders while the split still fits, so a folder that holds most of the burst is
 * shown deeper. Each object is in exactly one row, whether or not the body lists it, so the rows add up to the digest.
 *
 * <p>A row stays whole when splitting it would pass {@code targetRows}; top-level folders are never merged below
 * {@link #MAX_ROWS} rows, so every one of them has a row. Past that many, the smallest are counted together in one last
 * row that says how many folders it holds.
 */
record PrefixRollup(List<Row> rows) {

    static final int TARGET_ROWS = 12;
    static final int MAX_ROWS = 40;

    /**
     * One folder's counts. {@code direct} means only the objects right in the folder (its subfolders have rows of
     * their own); {@code folders} is 1 except in the last row of a cut list.
     */
    record Row(String bucket, String prefix, boolean direct, int folders, int objects, int created, int overwritten,
               int removed, long bytesAdded, long bytesRemoved) {

        /** The folder as a reader sees it: "logs/2026/", "(bucket root)", "logs/ (files directly in it)". */
        String label(boolean withBucket) {
            String where = folders > 1 ? Labels.count(folders) + " more folders"
                    : prefix.isEmpty() ? "(bucket root)" : prefix;
            String head = withBucket && folders == 1 ? bucket + ": " + where : where;
            return direct && !prefix.isEmpty() ? head + " (files directly in it)" : head;
        }
    }

    static PrefixRollup of(Digest digest) {
        return of(digest.stories(), TARGET_ROWS, MAX_ROWS);
    }

    static PrefixRollup of(List<ObjectStory> stories, int targetRows, int maxRows) {
        List<Node> nodes = new ArrayList<>(children(new Node(null, "", 0, false, stories)));
        List<Node> fixed = new ArrayList<>();
        while (true) {
            Node biggest = null;
            for (Node node : nodes) {
                if (!fixed.contains(node) && node.splittable() && (biggest == null || node.size() > biggest.size())) {
                    biggest = node;
                }
            }
            if (biggest == null) {
                break;
            }
            List<Node> split = children(biggest);
            if (nodes.size() - 1 + split.size() > targetRows) {
                fixed.add(biggest);
                continue;
            }
            int at = nodes.indexOf(biggest);
            nodes.remove(at);
            nodes.addAll(at, split);
        }
        nodes.sort(Comparator.comparing((Node node) -> node.bucket).thenComparing(node -> node.prefix)
                .thenComparing(node -> node.direct));
        List<Row> rows = new ArrayList<>(Math.min(nodes.size(), maxRows));
        if (nodes.size() <= maxRows) {
            nodes.forEach(node -> rows.add(node.row()));
            return new PrefixRollup(List.copyOf(rows));
        }
        List<Node> bySize = new ArrayList<>(nodes);
        bySize.sort(Comparator.comparingInt(Node::size).reversed());
        List<Node> kept = new ArrayList<>(bySize.subList(0, maxRows - 1));
        nodes.stream().filter(kept::contains).forEach(node -> rows.add(node.row()));
        List<ObjectStory> rest = new ArrayList<>();
        bySize.subList(maxRows - 1, bySize.size()).forEach(node -> rest.addAll(node.stories));
        rows.add(new Node(null, "", 0, false, rest).row(bySize.size() - (maxRows - 1)));
        return new PrefixRollup(List.copyOf(rows));
    }

    /** Sum of every row: equals the digest's totals. */
    int objects() {
        return rows.stream().mapToInt(Row::objects).sum();
    }

    /**
     * The next level under {@code parent}: one node per subfolder, plus one for the objects directly in the parent
     * folder. At the top, one node per bucket and top-level folder.
     */
    private static List<Node> children(Node parent) {
        int depth = parent.depth + 1;
        Map<String, Map<String, List<ObjectStory>>> groups = new TreeMap<>();
        for (ObjectStory story : parent.stories) {
            groups.computeIfAbsent(story.bucket(), bucket -> new TreeMap<>())
                    .computeIfAbsent(story.prefixAtDepth(depth), prefix -> new ArrayList<>()).add(story);
        }
        List<Node> children = new ArrayList<>();
        groups.forEach((bucket, byPrefix) -> byPrefix.forEach((prefix, members) -> {
            boolean direct = parent.depth > 0 && prefix.equals(parent.prefix);
            children.add(new Node(bucket, prefix, depth, direct, members));
        }));
        return children;
    }

    private static final class Node {
        private final String bucket;
        private final String prefix;
        private final int depth;
        private final boolean direct;
        private final List<ObjectStory> stories;

        Node(String bucket, String prefix, int depth, boolean direct, List<ObjectStory> stories) {
            this.bucket = bucket;
            this.prefix = prefix;
            this.depth = depth;
            this.direct = direct;
            this.stories = stories;
        }

        int size() {
            return stories.size();
        }

        /** A folder with at least one object in a deeper folder; the objects right in it stay one row. */
        boolean splittable() {
            if (direct) {
                return false;
            }
            for (ObjectStory story : stories) {
                if (!story.prefixAtDepth(depth + 1).equals(prefix)) {
                    return true;
                }
            }
            return false;
        }

        Row row() {
            return row(1);
        }

        Row row(int folders) {
            int created = 0;
            int overwritten = 0;
            int removed = 0;
            long added = 0;
            long freed = 0;
            for (ObjectStory story : stories) {
                switch (story.change()) {
                    case CREATED -> created++;
                    case OVERWRITTEN -> overwritten++;
                    case REMOVED -> removed++;
                    default -> { }
                }
                added += story.bytesAdded();
                freed += story.bytesRemoved();
            }
            return new Row(bucket, prefix, direct, folders, stories.size(), created, overwritten, removed, added,
                    freed);
        }
    }
}
