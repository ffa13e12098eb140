package io.bucketdigest.cli.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One notification configuration of a bucket, flattened for display and for the overlap check: its kind (topic,
 * queue, lambda), id, destination, event types and key filter.
 */
public record NotificationEntry(String kind, String id, String destination, List<String> events, String prefix,
        String suffix) {

    public NotificationEntry {
        events = List.copyOf(events);
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
    }

    /**
     * S3 refuses two configurations that share an event type (ObjectCreated:* shares every ObjectCreated:...) while
     * their key filters can match the same key (one prefix starts the other, and one suffix ends the other).
     */
    public boolean overlaps(NotificationEntry other) {
        return !sharedEvents(other).isEmpty() && filtersOverlap(other);
    }

    public List<String> sharedEvents(NotificationEntry other) {
        List<String> shared = new ArrayList<>();
        for (String mine : events) {
            for (String theirs : other.events) {
                if (eventsOverlap(mine, theirs)) {
                    shared.add(normalize(mine).equals(normalize(theirs)) ? mine : mine + " / " + theirs);
                }
            }
        }
        return shared;
    }

    boolean filtersOverlap(NotificationEntry other) {
        boolean prefixes = prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix);
        boolean suffixes = suffix.endsWith(other.suffix) || other.suffix.endsWith(suffix);
        return prefixes && suffixes;
    }

    static boolean eventsOverlap(String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        if (x.equals(y)) {
            return true;
        }
        return covers(x, y) || covers(y, x);
    }

    private static boolean covers(String wildcard, String specific) {
        return wildcard.endsWith(":*") && specific.startsWith(wildcard.substring(0, wildcard.length() - 1));
    }

    private static String normalize(String event) {
        String e = event.trim();
        if (!e.toLowerCase(Locale.ROOT).startsWith("s3:")) {
            e = "s3:" + e;
        }
        return "s3:" + e.substring(3);
    }

    public String describeFilter() {
        if (prefix.isEmpty() && suffix.isEmpty()) {
            return "all keys";
        }
        List<String> parts = new ArrayList<>();
        if (!prefix.isEmpty()) {
            parts.add("prefix " + prefix);
        }
        if (!suffix.isEmpty()) {
            parts.add("suffix " + suffix);
        }
        return String.join(", ", parts);
    }
}
