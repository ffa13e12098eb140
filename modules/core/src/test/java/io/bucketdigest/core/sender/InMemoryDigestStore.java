package io.bucketdigest.core.sender;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.LeaseLostException;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import io.bucketdigest.core.port.TransientFailureException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The digest stage's DynamoDB items in memory, with the conditional semantics of the adapters in
 * {@code io.bucketdigest.aws.dynamodb} (DynamoDbSubscriptionStates, DynamoDbPendingEntries, DynamoDbDigestRecords,
 * DynamoDbEventHistory, DynamoDbArrivalLedger):
 *
 * <ul>
 *   <li>state item: the lease is taken only if the item exists and has no owner or an expired one; release is
 *       conditional on the owner, and when it clears the first-pending time, on the last arrival being unchanged;
 *   <li>a failed condition under a lease throws {@link LeaseLostException};
 *   <li>digest records: create is a put with attribute_not_exists plus "owner and no active digest" on the state;
 *       every status change checks the owner; complete clears the active digest only if it is this one;
 *   <li>pending entries sorted by (sort key, shard) exactly as the adapter merges its shards; annotate and remove are
 *       unconditional batch writes;
 *   <li>event history: the history put is conditional (attribute_not_exists), atomic with the pending puts;
 *   <li>arrival ledger: the adapter's one UpdateItem (last arrival, first pending if missing, sequence + 1);
 *   <li>times are stored at microsecond precision (SortableTime).
 * </ul>
 *
 * It also keeps what the tests assert on: the events each digest claimed, and the history annotations. Thread-safe:
 * every item operation is atomic, like a single DynamoDB request.
 */
final class InMemoryDigestStore
        implements SubscriptionStates, PendingEntries, DigestRecords, EventHistory, ArrivalLedger {

    static final int PENDING_SHARDS = 8;

    private static final class StateItem {
        Instant firstPendingAt;
        Instant lastArrivalAt;
        String leaseOwner;
        Instant leaseExpiresAt;
        String releasedBy;
        long arrivalSeq;
        DigestId activeDigest;
        long excludedCount;
        DigestId lastDigest;
    }

    private final Map<String, StateItem> states = new HashMap<>();
    private final Map<String, TreeMap<PendingRef, PendingEntry>> pending = new HashMap<>();
    private final Map<EventId, ObjectEvent> history = new LinkedHashMap<>();
    private final Map<String, DigestId> notes = new HashMap<>();
    private final Map<DigestId, DigestRecord> records = new LinkedHashMap<>();
    private final Map<DigestId, List<PendingRef>> digestEntries = new HashMap<>();
    private final Map<DigestId, List<ObjectEvent>> claimed = new LinkedHashMap<>();
    private final Map<DigestId, TreeMap<PendingRef, PendingEntry>> parked = new HashMap<>();
    private final List<Consumer<String>> afterOldestHooks = new ArrayList<>();
    /** Per port method: the plan of its next calls (null: succeed; else the failure to throw before any effect). */
    private final Map<String, Deque<Optional<Supplier<RuntimeException>>>> faults = new HashMap<>();

    // ---- SubscriptionStates ----

    @Override
    public synchronized Optional<State> read(String subscriptionId) {
        StateItem item = states.get(subscriptionId);
        return item == null ? Optional.empty() : Optional.of(toState(subscriptionId, item));
    }

    @Override
    public synchronized Optional<State> acquire(String subscriptionId, String owner, Instant now, Instant expiresAt) {
        injectFault("acquire");
        StateItem item = states.get(subscriptionId);
        if (item == null) {
            return Optional.empty();
        }
        if (item.leaseOwner != null && !item.leaseExpiresAt.isBefore(micros(now)) && !owner.equals(item.leaseOwner)) {
            return Optional.empty();
        }
        item.leaseOwner = owner;
        item.leaseExpiresAt = micros(expiresAt);
        return Optional.of(toState(subscriptionId, item));
    }

    @Override
    public synchronized boolean release(Lease lease, Optional<Instant> oldestRemaining, long arrivalsSeen) {
        injectFault("release");
        StateItem item = states.get(lease.subscriptionId());
        boolean owner = item != null && lease.owner().equals(item.leaseOwner);
        boolean condition = owner && (oldestRemaining.isPresent() || item.arrivalSeq == arrivalsSeen);
        if (!condition) {
            if (owner) {
                return false;
            }
            if (item != null && item.leaseOwner == null && lease.owner().equals(item.releasedBy)) {
                return true;
            }
            throw new LeaseLostException("lease on subscription " + lease.subscriptionId() + " was lost");
        }
        item.firstPendingAt = oldestRemaining.map(InMemoryDigestStore::micros).orElse(null);
        item.leaseOwner = null;
        item.leaseExpiresAt = null;
        item.releasedBy = lease.owner();
        return true;
    }

    @Override
    public synchronized void subtractExcluded(String subscriptionId, long shown) {
        StateItem item = states.get(subscriptionId);
        if (item != null) {
            item.excludedCount -= shown;
        }
    }

    // ---- ArrivalLedger (DynamoDbArrivalLedger) ----

    @Override
    public synchronized Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds,
            Map<String, Long> excludedCounts, Instant arrivedAt) {
        Instant now = micros(arrivedAt);
        Map<String, Arrivals> result = new HashMap<>();
        excludedCounts.forEach((subscriptionId, count) ->
                states.computeIfAbsent(subscriptionId, id -> new StateItem()).excludedCount += count);
        for (String subscriptionId : subscriptionIds) {
            StateItem item = states.computeIfAbsent(subscriptionId, id -> new StateItem());
            item.lastArrivalAt = now;
            item.arrivalSeq++;
            if (item.firstPendingAt == null) {
                item.firstPendingAt = now;
            }
            result.put(subscriptionId, new Arrivals(item.firstPendingAt, item.lastArrivalAt));
        }
        return result;
    }

    // ---- EventHistory (DynamoDbEventHistory) ----

    @Override
    public synchronized Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt) {
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        for (Recording recording : recordings) {
            ObjectEvent event = recording.event();
            if (history.containsKey(event.id())) {
                outcomes.put(event.id(), Outcome.DUPLICATE);
                continue;
            }
            history.put(event.id(), event);
            for (String subscriptionId : recording.subscriptionIds()) {
                PendingRef ref = new PendingRef(event.id().shard(PENDING_SHARDS),
                        SortableTime.format(ingestedAt) + "#" + event.id().value());
                pending.computeIfAbsent(subscriptionId, id -> new TreeMap<>())
                        .put(ref, new PendingEntry(subscriptionId, ref, event, micros(ingestedAt)));
            }
            outcomes.put(event.id(), Outcome.NEW);
        }
        return outcomes;
    }

    // ---- PendingEntries (DynamoDbPendingEntries) ----

    @Override
    public List<PendingEntry> oldest(String subscriptionId, int limit) {
        List<PendingEntry> result;
        List<Consumer<String>> hooks;
        synchronized (this) {
            injectFault("oldest");
            TreeMap<PendingRef, PendingEntry> entries = pending.getOrDefault(subscriptionId, new TreeMap<>());
            result = entries.values().stream().limit(limit).toList();
            hooks = List.copyOf(afterOldestHooks);
            afterOldestHooks.clear();
        }
        hooks.forEach(hook -> hook.accept(subscriptionId));
        return result;
    }

    @Override
    public synchronized List<PendingEntry> load(String subscriptionId, List<PendingRef> refs) {
        injectFault("load");
        TreeMap<PendingRef, PendingEntry> entries = pending.getOrDefault(subscriptionId, new TreeMap<>());
        List<PendingEntry> found = new ArrayList<>(refs.size());
        for (PendingRef ref : refs) {
            PendingEntry entry = entries.get(ref);
            if (entry != null) {
                found.add(entry);
            }
        }
        return found;
    }

    @Override
    public synchronized Set<EventId> reportedBefore(String subscriptionId, List<PendingEntry> entries) {
        injectFault("reportedBefore");
        Set<EventId> reported = new HashSet<>();
        for (PendingEntry entry : entries) {
            if (notes.containsKey(noteKey(entry.event().id(), subscriptionId))) {
                reported.add(entry.event().id());
            }
        }
        return reported;
    }

    @Override
    public synchronized void annotate(DigestId digestId, List<PendingEntry> entries) {
        injectFault("annotate");
        for (PendingEntry entry : entries) {
            notes.put(noteKey(entry.event().id(), entry.subscriptionId()), digestId);
        }
    }

    @Override
    public synchronized void remove(String subscriptionId, List<PendingRef> refs) {
        injectFault("remove");
        TreeMap<PendingRef, PendingEntry> entries = pending.get(subscriptionId);
        if (entries != null) {
            refs.forEach(entries::remove);
        }
    }

    // ---- DigestRecords (DynamoDbDigestRecords) ----

    @Override
    public synchronized void create(DigestRecord record, List<PendingRef> entries, Lease lease) {
        // The entry chunks are a plain batch write before the transaction, as in the adapter.
        digestEntries.put(record.id(), List.copyOf(entries));
        StateItem state = states.get(lease.subscriptionId());
        boolean metaFree = !records.containsKey(record.id());
        boolean stateOk = state != null && lease.owner().equals(state.leaseOwner) && state.activeDigest == null;
        if (!metaFree || !stateOk) {
            throw new LeaseLostException("digest write for subscription " + lease.subscriptionId()
                    + " failed its lease or state condition");
        }
        records.put(record.id(), record);
        state.activeDigest = record.id();
        TreeMap<PendingRef, PendingEntry> pendingEntries = pending.getOrDefault(lease.subscriptionId(), new TreeMap<>());
        claimed.put(record.id(), entries.stream().map(pendingEntries::get).map(PendingEntry::event).toList());
    }

    @Override
    public synchronized Optional<DigestRecord> find(DigestId id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public synchronized List<PendingRef> entries(DigestId id) {
        return digestEntries.getOrDefault(id, List.of());
    }

    @Override
    public synchronized void markSendStarted(DigestId id, Instant at, String subject, boolean possibleDuplicate,
            Lease lease) {
        injectFault("markSendStarted");
        DigestRecord r = underLease(id, lease);
        records.put(id, r.withSendStarted(at == null ? null : micros(at), subject, possibleDuplicate));
    }

    @Override
    public synchronized void markSent(DigestId id, String sesMessageId, Instant at, Lease lease) {
        injectFault("markSent");
        DigestRecord r = underLease(id, lease);
        records.put(id, r.withSent(sesMessageId, micros(at)));
    }

    @Override
    public synchronized void markFailed(DigestId id, String reason, Lease lease) {
        DigestRecord r = underLease(id, lease);
        records.put(id, r.withFailure(DigestRecord.Status.FAILED, reason, true, r.failedAttempts()));
    }

    @Override
    public synchronized void complete(DigestId id, Lease lease) {
        injectFault("complete");
        StateItem state = states.get(lease.subscriptionId());
        if (state == null || !lease.owner().equals(state.leaseOwner)
                || (state.activeDigest != null && !id.equals(state.activeDigest))) {
            throw new LeaseLostException("completing digest " + id + " failed its lease or state condition");
        }
        DigestRecord r = records.get(id);
        records.put(id, r.withStatus(DigestRecord.Status.COMPLETE));
        state.activeDigest = null;
        state.lastDigest = id;
    }

    @Override
    public synchronized boolean resolveQuarantine(DigestId id, DigestRecord.Status decision, String reason) {
        DigestRecord r = records.get(id);
        if (r == null || (r.status() != DigestRecord.Status.QUARANTINED && r.status() != decision)) {
            return false;
        }
        records.put(id, r.withFailure(decision, reason, false, r.failedAttempts()));
        return true;
    }

    @Override
    public synchronized int noteFailedAttempt(DigestId id, String reason, Lease lease) {
        DigestRecord r = underLease(id, lease);
        records.put(id, r.withFailure(r.status(), reason, false, r.failedAttempts() + 1));
        return r.failedAttempts() + 1;
    }

    @Override
    public synchronized void retire(DigestId id, DigestRecord.Status status, String reason, Lease lease) {
        StateItem state = states.get(lease.subscriptionId());
        if (state == null || !lease.owner().equals(state.leaseOwner)
                || (state.activeDigest != null && !id.equals(state.activeDigest))) {
            throw new LeaseLostException("retiring digest " + id + " failed its lease or state condition");
        }
        DigestRecord r = records.get(id);
        if (r != null) {
            records.put(id, r.withFailure(status, reason, false, r.failedAttempts()));
        }
        state.activeDigest = null;
    }

    @Override
    public synchronized void park(DigestId digestId, List<PendingEntry> entries) {
        parked.computeIfAbsent(digestId, id -> new TreeMap<>());
        entries.forEach(e -> parked.get(digestId).put(e.ref(), e));
    }

    @Override
    public synchronized List<PendingEntry> parked(DigestId digestId) {
        return List.copyOf(parked.getOrDefault(digestId, new TreeMap<>()).values());
    }

    @Override
    public synchronized void unpark(DigestId digestId, List<PendingEntry> entries) {
        for (PendingEntry entry : entries) {
            pending.computeIfAbsent(entry.subscriptionId(), id -> new TreeMap<>()).put(entry.ref(), entry);
            notes.remove(noteKey(entry.event().id(), entry.subscriptionId()));
        }
        discardParked(digestId, entries);
    }

    @Override
    public synchronized void discardParked(DigestId digestId, List<PendingEntry> entries) {
        TreeMap<PendingRef, PendingEntry> kept = parked.get(digestId);
        if (kept != null) {
            entries.forEach(e -> kept.remove(e.ref()));
        }
    }

    private DigestRecord underLease(DigestId id, Lease lease) {
        StateItem state = states.get(lease.subscriptionId());
        DigestRecord record = records.get(id);
        if (state == null || !lease.owner().equals(state.leaseOwner) || record == null) {
            throw new LeaseLostException("digest write for subscription " + lease.subscriptionId()
                    + " failed its lease or state condition");
        }
        return record;
    }

    // ---- test helpers ----

    /**
     * The next {@code times} calls of the port method {@code operation} (acquire, release, oldest, load,
     * reportedBefore, annotate, remove, markSendStarted, markSent, complete) throw a {@link TransientFailureException}
     * before taking any effect, as a throttled or failed DynamoDB request does.
     */
    synchronized void failNext(String operation, int times) {
        failAfter(operation, 0, times, () -> new TransientFailureException("scripted: " + operation + " failed"));
    }

    /** After {@code succeeding} calls of {@code operation} go through, the next {@code times} throw {@code failure}. */
    synchronized void failAfter(String operation, int succeeding, int times, Supplier<RuntimeException> failure) {
        Deque<Optional<Supplier<RuntimeException>>> plan = new ArrayDeque<>();
        for (int i = 0; i < succeeding; i++) {
            plan.add(Optional.empty());
        }
        for (int i = 0; i < times; i++) {
            plan.add(Optional.of(failure));
        }
        faults.put(operation, plan);
    }

    private void injectFault(String operation) {
        Deque<Optional<Supplier<RuntimeException>>> plan = faults.get(operation);
        if (plan != null && !plan.isEmpty()) {
            Optional<Supplier<RuntimeException>> next = plan.poll();
            if (next.isPresent()) {
                throw next.get().get();
            }
        }
    }

    /** Runs {@code hook} once, right after the next {@link #oldest} query returns (outside the store's lock). */
    synchronized void afterNextOldestQuery(Consumer<String> hook) {
        afterOldestHooks.add(hook);
    }

    /** The events each digest fixed when it was created, by digest id, in creation order. */
    synchronized Map<DigestId, List<ObjectEvent>> claimedEvents() {
        return new LinkedHashMap<>(claimed);
    }

    synchronized List<DigestRecord> records() {
        return List.copyOf(records.values());
    }

    synchronized DigestRecord record(DigestId id) {
        return records.get(id);
    }

    synchronized List<ObjectEvent> recordedEvents() {
        return List.copyOf(history.values());
    }

    synchronized List<PendingEntry> pendingEntries(String subscriptionId) {
        return List.copyOf(pending.getOrDefault(subscriptionId, new TreeMap<>()).values());
    }

    synchronized int pendingCount() {
        return pending.values().stream().mapToInt(Map::size).sum();
    }

    /** The digest the history names for this event and subscription ("which digest told me about this object?"). */
    synchronized Optional<DigestId> noteFor(EventId eventId, String subscriptionId) {
        return Optional.ofNullable(notes.get(noteKey(eventId, subscriptionId)));
    }

    /** Sets the arrival times directly, as an ingest run long ago would have left them. */
    synchronized void givenArrivals(String subscriptionId, Instant firstPendingAt, Instant lastArrivalAt) {
        StateItem item = states.computeIfAbsent(subscriptionId, id -> new StateItem());
        item.firstPendingAt = firstPendingAt == null ? null : micros(firstPendingAt);
        item.lastArrivalAt = lastArrivalAt == null ? null : micros(lastArrivalAt);
    }

    private static String noteKey(EventId eventId, String subscriptionId) {
        return eventId.value() + "#" + subscriptionId;
    }

    private static State toState(String subscriptionId, StateItem item) {
        return new State(subscriptionId, item.firstPendingAt, item.lastArrivalAt, item.arrivalSeq, item.leaseOwner,
                item.leaseExpiresAt, item.activeDigest, item.excludedCount, item.lastDigest);
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
