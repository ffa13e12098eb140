package io.bucketdigest.simulation;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.digest.PendingShards;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.event.PreviousVersions;
import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.LeaseLostException;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The DynamoDB adapters' ports over {@link SimTable}, split into the very requests the adapters make, each one atomic
 * and each one a point where the scheduler can run other actors or inject a fault. Method by method it follows
 * {@code io.bucketdigest.aws.dynamodb}: DynamoDbEventHistory, DynamoDbArrivalLedger, DynamoDbSubscriptionStates,
 * DynamoDbPendingEntries and DynamoDbDigestRecords, including their conditions and how they read a failed condition.
 * It is never stronger than they are: where an adapter needs two requests, so does this. {@code StoreContractIT}
 * runs the same sequences against both (and the adapters on moto).
 */
final class SimStore
        implements EventHistory, ArrivalLedger, SubscriptionStates, PendingEntries, DigestRecords, Storage {

    static final int PENDING_SHARDS = 8;
    private static final int BATCH_WRITE = 25;
    private static final int BATCH_GET = 100;
    private static final int REFS_PER_CHUNK = 2000;
    private static final int QUERY_PAGE = 1000;

    private final SimTable table;
    private final Requests requests;
    private final Bugs bugs;
    private final Supplier<Instant> now;
    private final Duration retention;
    /** For {@link Bug#DROP_FOLLOW_UP_SIGNAL}: actors that released a lease since their last state read. */
    private final Set<Object> releasedSinceRead = new HashSet<>();
    private final Supplier<Object> currentActor;
    /** The history's events per object, so a look-up does not scan the whole history (a 100,000-event burst). */
    private final Map<PreviousVersions.ObjectRef, Set<EventId>> historyByObject = new HashMap<>();

    SimStore(SimTable table, Requests requests, Bugs bugs, Supplier<Instant> now, Duration retention,
            Supplier<Object> currentActor) {
        this.currentActor = currentActor;
        this.table = table;
        this.requests = requests;
        this.bugs = bugs;
        this.now = now;
        this.retention = retention;
    }

    @Override
    public EventHistory history() {
        return this;
    }

    @Override
    public ArrivalLedger arrivals() {
        return this;
    }

    @Override
    public SubscriptionStates states() {
        return this;
    }

    @Override
    public PendingEntries pending() {
        return this;
    }

    @Override
    public DigestRecords records() {
        return this;
    }

    @Override
    public SimTable table() {
        return table;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean releasedSinceLastRead() {
        return releasedSinceRead.contains(currentActor.get());
    }

    private void noteReleased(boolean released) {
        Object actor = currentActor.get();
        if (actor == null) {
            return;
        }
        if (released) {
            releasedSinceRead.add(actor);
        } else {
            releasedSinceRead.remove(actor);
        }
    }

    // ---- EventHistory: a conditional put per event, then the pending entries in batches (DynamoDbEventHistory) ----

    @Override
    public Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt) {
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        recordWithSubscriptions(recordings, ingestedAt).forEach((id, recorded) -> outcomes.put(id, recorded.outcome()));
        return outcomes;
    }

    @Override
    public Map<EventId, Recorded> recordWithSubscriptions(List<Recording> recordings, Instant ingestedAt) {
        Instant ingested = micros(ingestedAt);
        Map<PreviousVersions.ObjectRef, List<ObjectEvent>> historyBefore = lookUpEarlierEvents(recordings);
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        List<Recording> fresh = new ArrayList<>();
        List<Recording> duplicates = new ArrayList<>();
        for (Recording recording : recordings) {
            EventId id = recording.event().id();
            try {
                requests.run("history put " + shortId(id), RequestKind.DB_WRITE, () -> {
                    if (table.history.containsKey(id)) {
                        throw new ConditionFailed("history item exists");
                    }
                    table.history.put(id, new SimTable.HistoryItem(recording.event(), ingested,
                            recording.subscriptionIds(), recording.messageId(), ingested.plus(retention)));
                    Set<EventId> ofObject = historyByObject.computeIfAbsent(
                            PreviousVersions.ObjectRef.of(recording.event()), object -> new LinkedHashSet<>());
                    ofObject.remove(id); // in the history's insertion order, as a re-put after TTL would be
                    ofObject.add(id);
                });
                fresh.add(recording);
            } catch (ConditionFailed e) {
                duplicates.add(recording);
            } catch (TransientFailureException e) {
                outcomes.put(id, Outcome.FAILED);
            }
        }
        Map<EventId, ObjectEvent> withPrevious =
                PreviousVersions.attach(recordings.stream().map(Recording::event).toList(), historyBefore);
        List<PendingEntry> entries = new ArrayList<>();
        for (Recording recording : fresh) {
            for (String subscriptionId : recording.subscriptionIds()) {
                entries.add(pendingEntry(withPrevious.get(recording.event().id()), subscriptionId, ingested));
            }
        }
        Outcome freshOutcome = writePending(entries) ? Outcome.NEW : Outcome.FAILED;
        fresh.forEach(r -> outcomes.put(r.event().id(), freshOutcome));
        if (!duplicates.isEmpty()) {
            outcomes.putAll(repairIncomplete(duplicates, withPrevious));
        }
        Map<EventId, Recorded> result = new LinkedHashMap<>();
        for (Recording recording : recordings) {
            EventId id = recording.event().id();
            SimTable.HistoryItem stored = table.history.get(id);
            List<String> subscriptions = duplicates.contains(recording) && stored != null
                    ? stored.subscriptionIds() : recording.subscriptionIds();
            result.putIfAbsent(id, new Recorded(outcomes.getOrDefault(id, Outcome.FAILED), subscriptions));
        }
        return result;
    }

    /**
     * As the adapter: one read per object of the batch, of its latest {@link PreviousVersions#EVENTS_READ} events
     * before the batch's earliest one; a failed read leaves the object's previous version unknown. The adapter sends
     * them with the puts; here they come first, one of the orders its pool allows.
     */
    private Map<PreviousVersions.ObjectRef, List<ObjectEvent>> lookUpEarlierEvents(List<Recording> recordings) {
        Map<PreviousVersions.ObjectRef, List<ObjectEvent>> found = new LinkedHashMap<>();
        PreviousVersions.earliestPerObject(recordings.stream().map(Recording::event).toList())
                .forEach((object, earliest) -> {
                    try {
                        found.put(object, requests.call("history look-up " + object.key(), RequestKind.DB_READ,
                                () -> historyByObject.getOrDefault(object, Set.of()).stream()
                                        .map(table.history::get)
                                        .filter(item -> item != null) // expired by TTL since
                                        .map(SimTable.HistoryItem::event)
                                        .filter(e -> PreviousVersions.ObjectRef.of(e).equals(object))
                                        .filter(e -> PreviousVersions.HISTORY_ORDER.compare(e, earliest) < 0)
                                        .sorted(PreviousVersions.HISTORY_ORDER.reversed())
                                        .limit(PreviousVersions.EVENTS_READ)
                                        .toList()));
                    } catch (TransientFailureException e) {
                        // informational: the events are recorded without a previous version
                    }
                });
        return found;
    }

    /** As the adapter: a duplicate whose pending entry and note are both missing gets its entry written again. */
    private Map<EventId, Outcome> repairIncomplete(List<Recording> duplicates, Map<EventId, ObjectEvent> withPrevious) {
        Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
        // The failed put returned the old item (ALL_OLD); nothing else ran since, so reading it now is the same.
        Map<EventId, SimTable.HistoryItem> earlier = new LinkedHashMap<>();
        for (Recording recording : duplicates) {
            SimTable.HistoryItem item = table.history.get(recording.event().id());
            if (item != null) {
                earlier.put(recording.event().id(), item);
            }
        }
        List<String> keys = new ArrayList<>();
        earlier.values().forEach(item -> item.subscriptionIds().forEach(sub -> {
            keys.add(pendingKey(pendingEntry(item.event(), sub, item.ingestedAt()).ref(), sub));
            keys.add("NOTE " + SimTable.noteKey(item.event().id(), sub));
        }));
        Set<String> existing = new HashSet<>();
        try {
            for (List<String> batch : batches(keys, BATCH_GET)) {
                existing.addAll(requests.call("batch get " + batch.size() + " pending/notes", RequestKind.DB_READ,
                        () -> batch.stream().filter(this::exists).toList()));
            }
        } catch (TransientFailureException e) {
            duplicates.forEach(d -> outcomes.put(d.event().id(), Outcome.FAILED));
            return outcomes;
        }
        List<PendingEntry> repairs = new ArrayList<>();
        Set<EventId> repaired = new TreeSet<>((a, b) -> a.value().compareTo(b.value()));
        for (Recording recording : duplicates) {
            outcomes.put(recording.event().id(), Outcome.DUPLICATE);
            SimTable.HistoryItem item = earlier.get(recording.event().id());
            if (item == null) {
                continue;
            }
            for (String sub : item.subscriptionIds()) {
                PendingEntry entry = pendingEntry(withPrevious.getOrDefault(item.event().id(), item.event()), sub,
                        item.ingestedAt());
                boolean pendingThere = existing.contains(pendingKey(entry.ref(), sub));
                boolean reported = existing.contains("NOTE " + SimTable.noteKey(item.event().id(), sub));
                if (!pendingThere && !reported) {
                    repairs.add(entry);
                    repaired.add(item.event().id());
                }
            }
        }
        if (!repairs.isEmpty()) {
            Outcome outcome = writePending(repairs) ? Outcome.NEW : Outcome.FAILED;
            repaired.forEach(id -> outcomes.put(id, outcome));
        }
        return outcomes;
    }

    private boolean exists(String key) {
        if (key.startsWith("NOTE ")) {
            return table.notes.containsKey(key.substring(5));
        }
        int bar = key.indexOf(' ');
        String sub = key.substring(0, bar);
        return table.pendingOf(sub).containsKey(PendingRef.decode(key.substring(bar + 1)));
    }

    private static String pendingKey(PendingRef ref, String subscriptionId) {
        return subscriptionId + " " + ref.encode();
    }

    private boolean writePending(List<PendingEntry> entries) {
        try {
            batchWrite("pending put", entries, e -> table.pendingOf(e.subscriptionId()).put(e.ref(), e));
            return true;
        } catch (TransientFailureException e) {
            return false;
        }
    }

    private static PendingEntry pendingEntry(ObjectEvent event, String subscriptionId, Instant ingestedAt) {
        PendingRef ref = new PendingRef(event.id().shard(PENDING_SHARDS),
                SortableTime.format(ingestedAt) + "#" + event.id().value());
        return new PendingEntry(subscriptionId, ref, event, ingestedAt);
    }

    // ---- ArrivalLedger: one UpdateItem per subscription (DynamoDbArrivalLedger) ----

    @Override
    public Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Map<String, Long> excludedCounts,
            Instant arrivedAt) {
        Instant at = micros(arrivedAt);
        Map<String, Arrivals> result = new LinkedHashMap<>();
        for (String sub : new TreeSet<>(excludedCounts.keySet())) {
            if (!subscriptionIds.contains(sub)) {
                requests.run("count excluded " + sub, RequestKind.DB_WRITE, () -> table.states
                        .computeIfAbsent(sub, id -> new SimTable.StateItem()).excludedCount += excludedCounts.get(sub));
            }
        }
        for (String sub : new TreeSet<>(subscriptionIds)) {
            if (bugs.has(Bug.TWO_STEP_ARRIVAL_NOTE)) {
                requests.run("note arrival (step 1) " + sub, RequestKind.DB_WRITE, () -> {
                    SimTable.StateItem item = table.states.computeIfAbsent(sub, id -> new SimTable.StateItem());
                    if (item.firstPendingAt == null) {
                        item.firstPendingAt = at;
                    }
                });
            }
            Arrivals arrivals = requests.call("note arrival " + sub, RequestKind.DB_WRITE, () -> {
                SimTable.StateItem item = table.states.computeIfAbsent(sub, id -> new SimTable.StateItem());
                item.lastArrivalAt = at;
                item.arrivalSeq++;
                item.excludedCount += excludedCounts.getOrDefault(sub, 0L);
                if (item.firstPendingAt == null && !bugs.has(Bug.TWO_STEP_ARRIVAL_NOTE)) {
                    item.firstPendingAt = at;
                }
                return new Arrivals(item.firstPendingAt, item.lastArrivalAt);
            });
            result.put(sub, arrivals);
        }
        return result;
    }

    // ---- SubscriptionStates: GetItem and two conditional UpdateItems (DynamoDbSubscriptionStates) ----

    @Override
    public Optional<State> read(String subscriptionId) {
        noteReleased(false);
        return requests.call("read state " + subscriptionId, RequestKind.DB_READ,
                () -> Optional.ofNullable(table.states.get(subscriptionId)).map(item -> toState(subscriptionId, item)));
    }

    @Override
    public Optional<State> acquire(String subscriptionId, String owner, Instant at, Instant expiresAt) {
        try {
            return Optional.of(requests.call("acquire lease " + subscriptionId, RequestKind.DB_WRITE, () -> {
                SimTable.StateItem item = table.states.get(subscriptionId);
                boolean free = item != null && (item.leaseOwner == null
                        || item.leaseExpiresAt.isBefore(micros(at)) || owner.equals(item.leaseOwner));
                if (item == null || !(free || bugs.has(Bug.SEND_WITHOUT_LEASE))) {
                    throw new ConditionFailed("lease held");
                }
                item.leaseOwner = owner;
                item.leaseExpiresAt = micros(expiresAt);
                return toState(subscriptionId, item);
            }));
        } catch (ConditionFailed e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean release(Lease lease, Optional<Instant> oldestRemaining, long arrivalsSeen) {
        String sub = lease.subscriptionId();
        try {
            requests.run("release lease " + sub, RequestKind.DB_WRITE, () -> {
                SimTable.StateItem item = table.states.get(sub);
                boolean owner = item != null && lease.owner().equals(item.leaseOwner);
                boolean unchanged = oldestRemaining.isPresent() || item != null && item.arrivalSeq == arrivalsSeen
                        || bugs.has(Bug.RELEASE_IGNORES_ARRIVALS);
                if (!owner || !unchanged) {
                    throw new ConditionFailed("not the owner, or arrivals since");
                }
                item.firstPendingAt = oldestRemaining.map(SimStore::micros).orElse(null);
                item.leaseOwner = null;
                item.leaseExpiresAt = null;
                item.releasedBy = lease.owner();
            });
            noteReleased(true);
            return true;
        } catch (ConditionFailed e) {
            // ALL_OLD: the item as the failed condition saw it.
            SimTable.StateItem item = table.states.get(sub);
            String holder = item == null ? null : item.leaseOwner;
            if (lease.owner().equals(holder)) {
                return false;
            }
            if (holder == null && item != null && lease.owner().equals(item.releasedBy)) {
                noteReleased(true);
                return true;
            }
            throw new LeaseLostException("lease on subscription " + sub + " was lost");
        }
    }

    private static State toState(String subscriptionId, SimTable.StateItem item) {
        return new State(subscriptionId, item.firstPendingAt, item.lastArrivalAt, item.arrivalSeq, item.leaseOwner,
                item.leaseExpiresAt, item.activeDigest, item.excludedCount, item.lastDigest);
    }

    @Override
    public void subtractExcluded(String subscriptionId, long shown) {
        // Conditional on the item, like the adapter: a deleted subscription's state is not re-created.
        requests.run("subtract excluded " + subscriptionId, RequestKind.DB_WRITE, () -> table.states
                .computeIfPresent(subscriptionId, (id, item) -> {
                    item.excludedCount -= shown;
                    return item;
                }));
    }

    // ---- PendingEntries: per-shard queries, batch gets and batch writes (DynamoDbPendingEntries) ----

    /** As the adapter: the shards merged lazily, one Query page (Limit, at most 1 MB) per request. */
    @Override
    public List<PendingEntry> oldest(String subscriptionId, int limit) {
        return PendingShards.oldest(PENDING_SHARDS, limit, (shard, after, pageSize) -> {
            int size = Math.min(pageSize, QUERY_PAGE);
            List<PendingEntry> page = requests.call("query pending " + subscriptionId + "#" + shard,
                    RequestKind.DB_READ, () -> table.pendingOf(subscriptionId).values().stream()
                            .filter(e -> e.ref().shard() == shard)
                            .filter(e -> after == null || e.ref().sortKey().compareTo(after.sortKey()) > 0)
                            .limit(size).toList());
            return new PendingShards.Page(page, page.size() == size);
        });
    }

    @Override
    public List<PendingEntry> load(String subscriptionId, List<PendingRef> refs) {
        Map<PendingRef, PendingEntry> found = new TreeMap<>();
        for (List<PendingRef> batch : batches(refs, BATCH_GET)) {
            found.putAll(requests.call("batch get " + batch.size() + " pending", RequestKind.DB_READ, () -> {
                Map<PendingRef, PendingEntry> page = new TreeMap<>();
                batch.forEach(ref -> {
                    PendingEntry entry = table.pendingOf(subscriptionId).get(ref);
                    if (entry != null) {
                        page.put(ref, entry);
                    }
                });
                return page;
            }));
        }
        List<PendingEntry> ordered = new ArrayList<>();
        refs.forEach(ref -> {
            PendingEntry entry = found.get(ref);
            if (entry != null) {
                ordered.add(entry);
            }
        });
        return ordered;
    }

    @Override
    public Set<EventId> reportedBefore(String subscriptionId, List<PendingEntry> entries) {
        if (bugs.has(Bug.NO_REPORTED_BEFORE_CHECK)) {
            return Set.of();
        }
        Set<EventId> reported = new HashSet<>();
        for (List<PendingEntry> batch : batches(entries, BATCH_GET)) {
            reported.addAll(requests.call("batch get " + batch.size() + " notes", RequestKind.DB_READ,
                    () -> batch.stream().map(e -> e.event().id())
                            .filter(id -> table.notes.containsKey(SimTable.noteKey(id, subscriptionId)))
                            .toList()));
        }
        return reported;
    }

    @Override
    public void annotate(DigestId digestId, List<PendingEntry> entries) {
        Instant expires = now.get().plus(retention);
        batchWrite("note put", entries, e -> table.notes.put(SimTable.noteKey(e.event().id(), e.subscriptionId()),
                new SimTable.Note(digestId, expires)));
    }

    @Override
    public void remove(String subscriptionId, List<PendingRef> refs) {
        batchWrite("pending delete", refs, ref -> table.pendingOf(subscriptionId).remove(ref));
    }

    @Override
    public void park(DigestId digestId, List<PendingEntry> entries) {
        batchWrite("parked put", entries, e -> table.parked.computeIfAbsent(digestId, id -> new TreeMap<>())
                .put(e.ref(), e));
    }

    @Override
    public List<PendingEntry> parked(DigestId digestId) {
        return requests.call("query parked " + digestId, RequestKind.DB_READ,
                () -> List.copyOf(table.parked.getOrDefault(digestId, new TreeMap<>()).values()));
    }

    @Override
    public void unpark(DigestId digestId, List<PendingEntry> entries) {
        batchWrite("unpark", entries, e -> {
            table.pendingOf(e.subscriptionId()).put(e.ref(), e);
            table.notes.remove(SimTable.noteKey(e.event().id(), e.subscriptionId()));
        });
        discardParked(digestId, entries);
    }

    @Override
    public void discardParked(DigestId digestId, List<PendingEntry> entries) {
        batchWrite("parked delete", entries, e -> {
            TreeMap<PendingRef, PendingEntry> kept = table.parked.get(digestId);
            if (kept != null) {
                kept.remove(e.ref());
            }
        });
    }

    // ---- DigestRecords: conditional puts, transactions with a lease check (DynamoDbDigestRecords) ----

    @Override
    public void create(DigestRecord record, List<PendingRef> entries, Lease lease) {
        DigestId id = record.id();
        List<List<PendingRef>> chunks = batches(entries, REFS_PER_CHUNK);
        for (int i = 0; i < chunks.size(); i++) {
            int chunk = i;
            List<PendingRef> refs = chunks.get(i);
            try {
                requests.run("put entries " + id + "#" + chunk, RequestKind.DB_WRITE, () -> {
                    TreeMap<Integer, SimTable.Chunk> existing = table.chunks.computeIfAbsent(id, k -> new TreeMap<>());
                    if (existing.containsKey(chunk)) {
                        throw new ConditionFailed("chunk exists");
                    }
                    existing.put(chunk, new SimTable.Chunk(refs));
                });
            } catch (ConditionFailed e) {
                if (!table.chunks.get(id).get(chunk).refs.equals(refs)) {
                    throw new TransientFailureException("digest id " + id + " is already taken");
                }
            }
        }
        transact("claim " + id, lease, () -> {
            SimTable.StateItem state = table.states.get(lease.subscriptionId());
            if (table.records.containsKey(id) || state == null || !lease.owner().equals(state.leaseOwner)
                    || state.activeDigest != null) {
                throw new ConditionFailed("claim");
            }
            table.records.put(id, new SimTable.RecordItem(record));
            state.activeDigest = id;
            Map<PendingRef, PendingEntry> pending = table.pendingOf(lease.subscriptionId());
            table.claimed.put(id, entries.stream().map(pending::get).filter(e -> e != null)
                    .map(PendingEntry::event).toList());
        });
    }

    @Override
    public Optional<DigestRecord> find(DigestId id) {
        return requests.call("read digest " + id, RequestKind.DB_READ,
                () -> Optional.ofNullable(table.records.get(id)).map(item -> item.record));
    }

    @Override
    public List<PendingRef> entries(DigestId id) {
        return requests.call("query entries " + id, RequestKind.DB_READ, () -> {
            List<PendingRef> refs = new ArrayList<>();
            table.chunks.getOrDefault(id, new TreeMap<>()).values().forEach(c -> refs.addAll(c.refs));
            return refs;
        });
    }

    @Override
    public void markSendStarted(DigestId id, Instant at, String subject, boolean possibleDuplicate, Lease lease) {
        updateRecord("mark send started " + id, id, lease,
                r -> r.withSendStarted(at == null ? null : micros(at), subject, possibleDuplicate));
    }

    @Override
    public void markSent(DigestId id, String sesMessageId, Instant at, Lease lease) {
        updateRecord("mark sent " + id, id, lease, r -> r.withSent(sesMessageId, micros(at)));
    }

    @Override
    public void markFailed(DigestId id, String reason, Lease lease) {
        updateRecord("mark failed " + id, id, lease,
                r -> r.withFailure(DigestRecord.Status.FAILED, reason, true, r.failedAttempts()));
    }

    @Override
    public int noteFailedAttempt(DigestId id, String reason, Lease lease) {
        updateRecord("note failed attempt " + id, id, lease,
                r -> r.withFailure(r.status(), reason, false, r.failedAttempts() + 1));
        return find(id).map(DigestRecord::failedAttempts).orElse(DigestRecord.QUARANTINE_AFTER);
    }

    @Override
    public void retire(DigestId id, DigestRecord.Status status, String reason, Lease lease) {
        if (find(id).isEmpty()) {
            transact("clear active " + id, lease, () -> clearActive(id, lease));
            return;
        }
        startRetention(id);
        Instant expires = now.get().plus(retention);
        transact("retire " + id + " " + status, lease, () -> {
            SimTable.RecordItem item = table.records.get(id);
            if (item == null) {
                throw new ConditionFailed("no record");
            }
            clearActive(id, lease);
            item.record = item.record.withFailure(status, reason, false, item.record.failedAttempts());
            item.expiresAt = expires;
        });
    }

    @Override
    public boolean resolveQuarantine(DigestId id, DigestRecord.Status decision, String reason) {
        try {
            requests.run("resolve quarantine " + id, RequestKind.DB_WRITE, () -> {
                SimTable.RecordItem item = table.records.get(id);
                if (item == null || (item.record.status() != DigestRecord.Status.QUARANTINED
                        && item.record.status() != decision)) {
                    throw new ConditionFailed("not quarantined");
                }
                // The adapter's default for a decision without a reason.
                item.record = item.record.withFailure(decision, reason == null ? "operator decision" : reason, false,
                        item.record.failedAttempts());
            });
            return true;
        } catch (ConditionFailed e) {
            return false;
        }
    }

    @Override
    public void complete(DigestId id, Lease lease) {
        startRetention(id);
        Instant expires = now.get().plus(retention);
        transact("complete " + id, lease, () -> {
            clearActive(id, lease);
            SimTable.StateItem state = table.states.get(lease.subscriptionId());
            if (state.lastDigest == null || !bugs.has(Bug.LAST_DIGEST_KEPT)) {
                state.lastDigest = id;
            }
            SimTable.RecordItem item = table.records.get(id);
            if (item != null) {
                item.record = item.record.withStatus(DigestRecord.Status.COMPLETE);
                item.expiresAt = expires;
            }
        });
    }

    private void clearActive(DigestId id, Lease lease) {
        SimTable.StateItem state = table.states.get(lease.subscriptionId());
        if (state == null || !lease.owner().equals(state.leaseOwner)
                || (state.activeDigest != null && !state.activeDigest.equals(id))) {
            throw new ConditionFailed("lease or active digest");
        }
        state.activeDigest = null;
    }

    private void startRetention(DigestId id) {
        List<Integer> chunkNumbers = requests.call("query entry keys " + id, RequestKind.DB_READ,
                () -> List.copyOf(table.chunks.getOrDefault(id, new TreeMap<>()).keySet()));
        Instant expires = now.get().plus(retention);
        for (Integer chunk : chunkNumbers) {
            requests.run("entries ttl " + id + "#" + chunk, RequestKind.DB_WRITE, () -> {
                SimTable.Chunk item = table.chunks.getOrDefault(id, new TreeMap<>()).get(chunk);
                if (item != null) {
                    item.expiresAt = expires;
                }
            });
        }
    }

    private void updateRecord(String label, DigestId id, Lease lease,
            java.util.function.UnaryOperator<DigestRecord> change) {
        transact(label, lease, () -> {
            SimTable.StateItem state = table.states.get(lease.subscriptionId());
            SimTable.RecordItem item = table.records.get(id);
            if (state == null || !lease.owner().equals(state.leaseOwner) || item == null) {
                throw new ConditionFailed("lease check or record");
            }
            item.record = change.apply(item.record);
        });
    }

    /** A transaction whose failed condition means "another sender took over", as the adapter reads it. */
    private void transact(String label, Lease lease, Runnable effect) {
        try {
            requests.run(label, RequestKind.DB_TRANSACTION, effect);
        } catch (ConditionFailed e) {
            throw new LeaseLostException(label + " for subscription " + lease.subscriptionId()
                    + " failed its lease or state condition");
        }
    }

    // ---- helpers ----

    private <T> void batchWrite(String label, List<T> items, Consumer<T> write) {
        for (List<T> batch : batches(items, BATCH_WRITE)) {
            requests.run(label + " x" + batch.size(), RequestKind.DB_BATCH_WRITE, () -> batch.forEach(write));
        }
    }

    private static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            batches.add(List.copyOf(items.subList(from, Math.min(items.size(), from + size))));
        }
        return batches;
    }

    private static String shortId(EventId id) {
        return id.value().substring(0, 8);
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
