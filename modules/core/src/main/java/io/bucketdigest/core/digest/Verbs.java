package io.bucketdigest.core.digest;

import io.bucketdigest.core.event.ObjectEvent;

/** The short verb a story uses for one event that is not a create. */
final class Verbs {

    private Verbs() {}

    static String of(ObjectEvent event) {
        String name = event.eventName().startsWith("s3:") ? event.eventName().substring(3) : event.eventName();
        String suffix = suffix(name);
        return switch (event.kind()) {
            case CREATED -> "created";
            case REMOVED -> "removed";
            case DELETE_MARKER -> "delete marker added";
            case LIFECYCLE -> lifecycle(name, suffix);
            case LOST -> "lost (reduced redundancy)";
            case RESTORE -> switch (suffix) {
                case "Post" -> "restore requested";
                case "Delete" -> "restored copy expired";
                default -> "restored";
            };
            case TAGGING -> suffix.equals("Delete") ? "tags removed" : "tags changed";
            case ACL -> "ACL changed";
            case INTELLIGENT_TIERING -> "storage class changed";
            case REPLICATION -> suffix.isEmpty() ? "replication event" : "replication " + words(suffix);
        };
    }

    private static String lifecycle(String name, String suffix) {
        if (name.startsWith("LifecycleExpiration")) {
            return suffix.equals("DeleteMarkerCreated") ? "delete marker added (lifecycle)" : "expired (lifecycle)";
        }
        return "storage class changed";
    }

    private static String suffix(String name) {
        int colon = name.indexOf(':');
        return colon < 0 ? "" : name.substring(colon + 1);
    }

    /** "OperationMissedThreshold" -> "missed threshold": the S3 names are CamelCase with a redundant prefix. */
    private static String words(String camelCase) {
        String name = camelCase.startsWith("Operation") && camelCase.length() > "Operation".length()
                ? camelCase.substring("Operation".length())
                : camelCase;
        StringBuilder words = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                words.append(' ');
            }
            words.append(Character.toLowerCase(c));
        }
        return words.toString();
    }
}
