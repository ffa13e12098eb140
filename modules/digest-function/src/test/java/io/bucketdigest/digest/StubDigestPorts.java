package io.bucketdigest.digest;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.port.TransientFailureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Just enough of the digest ports for handler tests: one state per subscription, pending entries in a list, records
 * in a map, no concurrency. The conditional semantics are tested in core (InMemoryDigestStore) and on moto.
 */
final class StubDigestPorts implements SubscriptionStates, PendingEntries, DigestRecords {

    private final Map<String, State> states = new HashMap<>();
    private final Map<String, List<PendingEntry>> pending = new HashMap<>();
    private final Map<DigestId, DigestRecord> records = new LinkedHashMap<>();
    private final Map<DigestId, List<PendingEntry>> parked = new LinkedHashMap<>();
    private final Map<DigestId, List<PendingRef>> entries = new HashMap<>();
    private final Set<String> unreadable = new HashSet<>();

    /** {@code count} entries pending for the subscription since {@code since}, last arrival at {@code since}. */
    void givenPending(String subscriptionId, int count, Instant since) {
        List<PendingEntry> list = pending.computeIfAbsent(subscriptionId, id -> new ArrayList<>());
        for (int i = 0; i < count; i++) {
            String key = "reports/file-" + i + ".csv";
            ObjectEvent event = ObjectEvent.builder("my-bucket", key, "ObjectCreated:Put", since)
                    .region("us-east-1").eTag("e").size(10L).build();
            list.add(new PendingEntry(subscriptionId, new PendingRef(0, since + "#" + event.id().value()), event,
                    since));
        }
        states.put(subscriptionId, State.unleased(subscriptionId, since, since, 1L));
    }

    /** Every read of this subscription's state fails like a throttled DynamoDB. */
    void givenUnreadable(String subscriptionId) {
        unreadable.add(subscriptionId);
    }

    List<DigestRecord> records() {
        return List.copyOf(records.values());
    }

    int pendingCount(String subscriptionId) {
        return pending.getOrDefault(subscriptionId, List.of()).size();
    }

    @Override
    public Optional<State> read(String subscriptionId) {
        if (unreadable.contains(subscriptionId)) {
            throw new TransientFailureException("scripted: throttled");
        }
        return Optional.ofNullable(states.get(subscriptionId));
    }

    @Override
    public Optional<State> acquire(String subscriptionId, String owner, Instant now, Instant expiresAt) {
        State s = states.get(subscriptionId);
        if (s == null || (s.leaseOwner() != null && !s.leaseExpiresAt().isBefore(now))) {
            return Optional.empty();
        }
        State held = s.leasedTo(owner, expiresAt);
        states.put(subscriptionId, held);
        return Optional.of(held);
    }

    @Override
    public void subtractExcluded(String subscriptionId, long shown) {
        states.computeIfPresent(subscriptionId, (id, s) -> new State(id, s.firstPendingAt(), s.lastArrivalAt(),
                s.arrivalSeq(), s.leaseOwner(), s.leaseExpiresAt(), s.activeDigest(), s.excludedCount() - shown));
    }

    @Override
    public boolean release(Lease lease, Optional<Instant> oldestRemaining, long arrivalsSeen) {
        State s = states.get(lease.subscriptionId());
        states.put(lease.subscriptionId(), s.released(oldestRemaining.orElse(null)));
        return true;
    }

    @Override
    public List<PendingEntry> oldest(String subscriptionId, int limit) {
        return pending.getOrDefault(subscriptionId, List.of()).stream().limit(limit).toList();
    }

    @Override
    public List<PendingEntry> load(String subscriptionId, List<PendingRef> refs) {
        return pending.getOrDefault(subscriptionId, List.of()).stream().filter(e -> refs.contains(e.ref())).toList();
    }

    @Override
    public Set<EventId> reportedBefore(String subscriptionId, List<PendingEntry> entries) {
        return Set.of();
    }

    @Override
    public void annotate(DigestId digestId, List<PendingEntry> entries) {}

    @Override
    public void remove(String subscriptionId, List<PendingRef> refs) {
        pending.getOrDefault(subscriptionId, new ArrayList<>()).removeIf(e -> refs.contains(e.ref()));
    }

    @Override
    public void create(DigestRecord record, List<PendingRef> refs, Lease lease) {
        records.put(record.id(), record);
        entries.put(record.id(), List.copyOf(refs));
        State s = states.get(lease.subscriptionId());
        states.put(lease.subscriptionId(), s.withActiveDigest(record.id()));
    }

    @Override
    public Optional<DigestRecord> find(DigestId id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public List<PendingRef> entries(DigestId id) {
        return entries.getOrDefault(id, List.of());
    }

    @Override
    public void markSendStarted(DigestId id, Instant at, String subject, boolean possibleDuplicate,
            Lease lease) {
        DigestRecord r = records.get(id);
        records.put(id, r.withSendStarted(at, subject, possibleDuplicate));
    }

    @Override
    public void markSent(DigestId id, String sesMessageId, Instant at, Lease lease) {
        DigestRecord r = records.get(id);
        records.put(id, r.withSent(sesMessageId, at));
    }

    @Override
    public void markFailed(DigestId id, String reason, Lease lease) {
        DigestRecord r = records.get(id);
        records.put(id, r.withFailure(DigestRecord.Status.FAILED, reason, true, r.failedAttempts()));
    }

    @Override
    public void complete(DigestId id, Lease lease) {
        records.put(id, records.get(id).withStatus(DigestRecord.Status.COMPLETE));
        State s = states.get(lease.subscriptionId());
        states.put(lease.subscriptionId(), s.withActiveDigest(null));
    }

    @Override
    public boolean resolveQuarantine(DigestId id, DigestRecord.Status decision, String reason) {
        DigestRecord r = records.get(id);
        if (r == null || r.status() != DigestRecord.Status.QUARANTINED) {
            return false;
        }
        records.put(id, r.withFailure(decision, reason, false, r.failedAttempts()));
        return true;
    }

    @Override
    public int noteFailedAttempt(DigestId id, String reason, Lease lease) {
        DigestRecord r = records.get(id);
        records.put(id, r.withFailure(r.status(), reason, false, r.failedAttempts() + 1));
        return r.failedAttempts() + 1;
    }

    @Override
    public void retire(DigestId id, DigestRecord.Status status, String reason, Lease lease) {
        DigestRecord r = records.get(id);
        if (r != null) {
            records.put(id, r.withFailure(status, reason, false, r.failedAttempts()));
        }
        State s = states.get(lease.subscriptionId());
        states.put(lease.subscriptionId(), s.withActiveDigest(null));
    }

    @Override
    public void park(DigestId digestId, List<PendingEntry> entries) {
        parked.put(digestId, List.copyOf(entries));
    }

    @Override
    public List<PendingEntry> parked(DigestId digestId) {
        return parked.getOrDefault(digestId, List.of());
    }

    @Override
    public void unpark(DigestId digestId, List<PendingEntry> entries) {
        entries.forEach(e -> pending.computeIfAbsent(e.subscriptionId(), k -> new ArrayList<>()).add(e));
        parked.remove(digestId);
    }

    @Override
    public void discardParked(DigestId digestId, List<PendingEntry> entries) {
        parked.remove(digestId);
    }
}
