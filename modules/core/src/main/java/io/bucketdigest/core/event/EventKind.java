package io.bucketdigest.core.event;

import java.util.Locale;
import java.util.Optional;

/** The small set of S3 event families a subscriber chooses from. The original S3 eventName is kept beside it. */
public enum EventKind {
    CREATED("ObjectCreated:"),
    REMOVED("ObjectRemoved:Delete"),
    DELETE_MARKER("ObjectRemoved:DeleteMarkerCreated"),
    RESTORE("ObjectRestore:"),
    LIFECYCLE("Lifecycle"),
    INTELLIGENT_TIERING("IntelligentTiering"),
    REPLICATION("Replication:"),
    TAGGING("ObjectTagging:"),
    ACL("ObjectAcl:"),
    LOST("ReducedRedundancyLostObject");

    private final String eventNamePrefix;

    EventKind(String eventNamePrefix) {
        this.eventNamePrefix = eventNamePrefix;
    }

    /** Maps an S3 eventName such as {@code ObjectCreated:Put} (an optional {@code s3:} prefix is ignored). */
    public static Optional<EventKind> fromEventName(String eventName) {
        if (eventName == null) {
            return Optional.empty();
        }
        String name = eventName.startsWith("s3:") ? eventName.substring(3) : eventName;
        if (name.equals("ObjectRemoved:DeleteMarkerCreated")) {
            return Optional.of(DELETE_MARKER);
        }
        if (name.startsWith("ObjectRemoved:")) {
            return Optional.of(REMOVED);
        }
        for (EventKind kind : values()) {
            if (kind != REMOVED && kind != DELETE_MARKER && name.startsWith(kind.eventNamePrefix)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** Parses a user-facing name such as {@code created} or {@code delete-marker}. */
    public static EventKind parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown event kind '" + text + "'; expected one of " + allNames());
        }
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static String allNames() {
        StringBuilder names = new StringBuilder();
        for (EventKind kind : values()) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append(kind.displayName());
        }
        return names.toString();
    }
}
