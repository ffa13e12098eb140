package io.bucketdigest.core.digest;

import java.util.Objects;

/**
 * The storage address of one pending entry: its shard and sort key. A digest record lists the refs it covers, so a
 * crashed send can be finished or repeated with exactly the same entries.
 */
public record PendingRef(int shard, String sortKey) implements Comparable<PendingRef> {

    public PendingRef {
        Objects.requireNonNull(sortKey, "sortKey");
    }

    /** Compact text form "shard|sortKey", used inside digest records. */
    public String encode() {
        return shard + "|" + sortKey;
    }

    public static PendingRef decode(String text) {
        int bar = text.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("not a pending ref: " + text);
        }
        return new PendingRef(Integer.parseInt(text.substring(0, bar)), text.substring(bar + 1));
    }

    @Override
    public int compareTo(PendingRef other) {
        int bySortKey = sortKey.compareTo(other.sortKey);
        return bySortKey != 0 ? bySortKey : Integer.compare(shard, other.shard);
    }
}
