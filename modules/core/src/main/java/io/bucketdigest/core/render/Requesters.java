package io.bucketdigest.core.render;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who made a change, as a reader says it. S3 puts the requester's principal id in {@code userIdentity.principalId}:
 * "AWS:AROA…:session" for an assumed role, "AWS:AIDA…" for an IAM user, a canonical id for an account or anonymous
 * caller, and "s3.amazonaws.com" when S3 itself acts (lifecycle, replication, Intelligent-Tiering).
 */
public final class Requesters {

    static final String UNKNOWN = "unknown";

    private Requesters() {}

    /** "S3 Lifecycle", "etl-batch (role session AROAEXAMPLE)", "IAM user AIDAEXAMPLE", the raw id otherwise. */
    public static String displayName(ObjectEvent event) {
        String principal = event.requester();
        if (principal == null || principal.isBlank()) {
            return event.kind() == EventKind.LIFECYCLE ? "S3 Lifecycle" : UNKNOWN;
        }
        if (principal.equals("s3.amazonaws.com")) {
            return switch (event.kind()) {
                case LIFECYCLE -> "S3 Lifecycle";
                case REPLICATION -> "S3 Replication";
                case INTELLIGENT_TIERING -> "S3 Intelligent-Tiering";
                default -> "Amazon S3";
            };
        }
        if (principal.endsWith(".amazonaws.com")) {
            return "AWS service " + principal.substring(0, principal.length() - ".amazonaws.com".length());
        }
        if (principal.startsWith("AWS:")) {
            String[] parts = principal.substring(4).split(":", 2);
            if (parts.length == 2 && !parts[1].isEmpty()) {
                return parts[1] + " (role session " + parts[0] + ")";
            }
            return (parts[0].startsWith("AIDA") ? "IAM user " : "") + parts[0];
        }
        return principal;
    }

    /** One requester's share of a digest: events, and the first few source IPs seen. */
    record Share(String requester, int events, List<String> sourceIps, int moreSourceIps) {}

    /** Requesters by events, most first (ties by name), at most {@code limit}; the rest are summed by the caller. */
    static List<Share> top(Iterable<ObjectEvent> events, int limit) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Set<String>> ips = new LinkedHashMap<>();
        for (ObjectEvent event : events) {
            String name = displayName(event);
            counts.computeIfAbsent(name, n -> new int[1])[0]++;
            if (event.sourceIp() != null && !event.sourceIp().isBlank()) {
                ips.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(event.sourceIp());
            }
        }
        List<Share> shares = new ArrayList<>();
        counts.forEach((name, count) -> {
            List<String> seen = new ArrayList<>(ips.getOrDefault(name, Set.of()));
            int shown = Math.min(3, seen.size());
            shares.add(new Share(name, count[0], List.copyOf(seen.subList(0, shown)), seen.size() - shown));
        });
        shares.sort(Comparator.comparingInt(Share::events).reversed().thenComparing(Share::requester));
        return shares.size() <= limit ? shares : shares.subList(0, limit);
    }
}
