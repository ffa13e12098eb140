package io.bucketdigest.core.digest;

import io.bucketdigest.core.event.ObjectEvent;
import java.util.List;

/**
 * Everything one digest says about one object: its events (deduplicated, in order) collapsed into one line that tells
 * the net story, e.g. "created then removed" or "created then overwritten 2 times".
 *
 * @param bytesAdded   size of the object as last written in this digest, 0 if it ends removed or size is unknown
 * @param bytesRemoved size of content from before the digest that stopped being current: removed (its size from the
 *                     removal, an earlier write, or the history's previous version) or replaced by an overwrite; else 0
 * @param existedBefore whether the object existed before this digest: its first event is not a create (a removal or
 *                      a metadata change needs an object), or the history knew a live previous version
 */
public record ObjectStory(
        String bucket,
        String key,
        List<ObjectEvent> events,
        NetOutcome outcome,
        String story,
        long bytesAdded,
        long bytesRemoved,
        Long finalSize,
        boolean existedBefore) {

    public ObjectStory {
        events = List.copyOf(events);
    }

    /** The object's size before this digest, as the history knew it; null when unknown or it did not exist. */
    public Long sizeBefore() {
        ObjectEvent.PreviousVersion previous = events.isEmpty() ? null : events.get(0).previous();
        return previous == null ? null : previous.size();
    }

    /** What happened to the object over the whole digest, as a reader of a rollup counts it. */
    public Change change() {
        return switch (outcome) {
            case WRITTEN -> existedBefore ? Change.OVERWRITTEN : Change.CREATED;
            case REMOVED -> Change.REMOVED;
            case TRANSIENT -> existedBefore ? Change.REMOVED : Change.CREATED_AND_REMOVED;
            case OTHER -> Change.METADATA;
        };
    }

    /** The key's folder {@code depth} levels deep ("a/b/" for "a/b/c/d.txt" at depth 2), or its whole folder if it
     * has fewer levels; "" for a key at the bucket's root. */
    public String prefixAtDepth(int depth) {
        int end = -1;
        for (int level = 0; level < depth; level++) {
            int slash = key.indexOf('/', end + 1);
            if (slash < 0) {
                break;
            }
            end = slash;
        }
        return key.substring(0, end + 1);
    }

    /** The part of the key before the first '/', or "(root)" for keys without one. */
    public String topLevelPrefix() {
        int slash = key.indexOf('/');
        return slash < 0 ? "(root)" : key.substring(0, slash + 1);
    }

    /** Net change of one object across the digest. */
    public enum Change {
        /** New: it did not exist before the digest and exists after it. */
        CREATED,
        /** It existed before and was written again (or removed and re-created). */
        OVERWRITTEN,
        /** It existed before and does not exist after. */
        REMOVED,
        /** New and gone again within the digest. */
        CREATED_AND_REMOVED,
        /** Only metadata changed. */
        METADATA
    }

    public enum NetOutcome {
        /** The object exists at the end of the digest and was written in it. */
        WRITTEN,
        /** The object does not exist at the end of the digest. */
        REMOVED,
        /** Written and removed again within the digest. */
        TRANSIENT,
        /** Only metadata changed: tags, ACL, restore, storage class, replication. */
        OTHER
    }
}
