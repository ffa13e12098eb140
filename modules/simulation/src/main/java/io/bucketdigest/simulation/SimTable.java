package io.bucketdigest.simulation;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history table's items, in memory: what the DynamoDB adapters store, one map per item family. Only
 * {@link SimStore}'s requests change it, one request at a time; the checks read it after the run. Items with an
 * {@code expiresAt} are deleted by {@link #expire} as TTL would.
 */
final class SimTable {

    static final class StateItem {
        Instant firstPendingAt;
        Instant lastArrivalAt;
        long arrivalSeq;
        String leaseOwner;
        Instant leaseExpiresAt;
        String releasedBy;
        DigestId activeDigest;
        long excludedCount;
        DigestId lastDigest;
    }

    record HistoryItem(ObjectEvent event, Instant ingestedAt, List<String> subscriptionIds, String messageId,
            Instant expiresAt) {}

    record Note(DigestId digestId, Instant expiresAt) {}

    static final class RecordItem {
        DigestRecord record;
        Instant expiresAt;

        RecordItem(DigestRecord record) {
            this.record = record;
        }
    }

    static final class Chunk {
        final List<PendingRef> refs;
        Instant expiresAt;

        Chunk(List<PendingRef> refs) {
            this.refs = List.copyOf(refs);
        }
    }

    final Map<String, StateItem> states = new TreeMap<>();
    final Map<EventId, HistoryItem> history = new LinkedHashMap<>();
    final Map<String, TreeMap<PendingRef, PendingEntry>> pending = new TreeMap<>();
    final Map<String, Note> notes = new TreeMap<>();
    final Map<DigestId, RecordItem> records = new LinkedHashMap<>();
    final Map<DigestId, TreeMap<Integer, Chunk>> chunks = new LinkedHashMap<>();
    final Map<DigestId, TreeMap<PendingRef, PendingEntry>> parked = new LinkedHashMap<>();
    /** What each digest named when it was claimed, for the checks: digest id to its events. */
    final Map<DigestId, List<ObjectEvent>> claimed = new LinkedHashMap<>();

    static String noteKey(EventId eventId, String subscriptionId) {
        return eventId.value() + "#" + subscriptionId;
    }

    TreeMap<PendingRef, PendingEntry> pendingOf(String subscriptionId) {
        return pending.computeIfAbsent(subscriptionId, id -> new TreeMap<>());
    }

    int pendingCount() {
        return pending.values().stream().mapToInt(Map::size).sum();
    }

    /** TTL: removes every item whose expiry has passed (AWS does it within days; the check never relies on speed). */
    List<String> expire(Instant now) {
        List<String> expired = new ArrayList<>();
        history.values().removeIf(item -> {
            boolean gone = item.expiresAt() != null && item.expiresAt().isBefore(now);
            if (gone) {
                expired.add("history " + item.event().id());
            }
            return gone;
        });
        notes.values().removeIf(note -> note.expiresAt() != null && note.expiresAt().isBefore(now));
        records.entrySet().removeIf(e -> {
            boolean gone = e.getValue().expiresAt != null && e.getValue().expiresAt.isBefore(now);
            if (gone) {
                expired.add("digest " + e.getKey());
            }
            return gone;
        });
        chunks.values().forEach(c -> c.values().removeIf(chunk -> chunk.expiresAt != null
                && chunk.expiresAt.isBefore(now)));
        return expired;
    }
}
