package io.bucketdigest.core.digest;

import io.bucketdigest.core.event.ObjectEvent;
import java.util.List;

/**
 * Everything one digest says about one object: its events (deduplicated, in order) collapsed into one line that tells
 * the net story, e.g. "created then removed" or "created then overwritten 2 times".
 *
 * @param bytesAdded   size of the object as last written in this digest, 0 if it ends removed or size is unknown
 * @param bytesRemoved size known to have been removed (from a size on the removal or an earlier write), else 0
 */
public record ObjectStory(
        String bucket,
        String key,
        List<ObjectEvent> events,
        NetOutcome outcome,
        String story,
        long bytesAdded,
        long bytesRemoved,
        Long finalSize) {

    public ObjectStory {
        events = List.copyOf(events);
    }

    /** The part of the key before the first '/', or "(root)" for keys without one. */
    public String topLevelPrefix() {
        int slash = key.indexOf('/');
        return slash < 0 ? "(root)" : key.substring(0, slash + 1);
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
