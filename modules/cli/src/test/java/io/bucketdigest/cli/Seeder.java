package io.bucketdigest.cli;

import io.bucketdigest.aws.dynamodb.DynamoDbArrivalLedger;
import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.DynamoDbEventHistory;
import io.bucketdigest.aws.dynamodb.DynamoDbPendingEntries;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStates;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.sender.Ids;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Writes test data through the functions' own adapters (the same code the ingest function and the digest sender
 * run), so the CLI is tested against the real item layout.
 */
public final class Seeder {

    public static final Duration RETENTION = Duration.ofDays(90);

    private final DynamoDbClient dynamoDb;
    private final String table;

    public Seeder(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public static ObjectEvent event(String bucket, String key, EventKind kind, Instant time) {
        String name = switch (kind) {
            case CREATED -> "ObjectCreated:Put";
            case REMOVED -> "ObjectRemoved:Delete";
            case RESTORE -> "ObjectRestore:Completed";
            default -> "ObjectTagging:Put";
        };
        long size = kind == EventKind.CREATED ? 1000L + key.length() : 0L;
        EventId id = EventId.of("us-east-1", bucket, key, name, time, null, null, "etag-" + key, size);
        return ObjectEvent.builder(bucket, key, name, time).id(id).kind(kind)
                .region("us-east-1").eTag("etag-" + key).size(kind == EventKind.CREATED ? size : null)
                .build();
    }

    /** Records events as the ingest function does (history item, pending entries, arrival state). */
    public void record(List<ObjectEvent> events, List<String> subscriptions, Instant ingestedAt) {
        DynamoDbEventHistory history = new DynamoDbEventHistory(dynamoDb, table, RETENTION);
        List<EventHistory.Recording> recordings = events.stream()
                .map(e -> new EventHistory.Recording(e, subscriptions, "message-" + e.id().value().substring(0, 6)))
                .toList();
        for (int from = 0; from < recordings.size(); from += 25) {
            history.record(recordings.subList(from, Math.min(recordings.size(), from + 25)), ingestedAt);
        }
        if (!subscriptions.isEmpty()) {
            new DynamoDbArrivalLedger(dynamoDb, table).noteArrivals(Set.copyOf(subscriptions), ingestedAt);
        }
    }

    public void subscription(Subscription subscription) {
        new DynamoDbSubscriptionStore(dynamoDb, table).save(subscription);
    }

    /**
     * Sends a digest of every pending entry of the subscription as the sender does, minus SES: a SENDING record,
     * SENT, and (when {@code complete}) annotation of the history, removal of the pending entries and COMPLETE.
     */
    public DigestId digest(String subscriptionId, Instant createdAt, boolean complete) {
        return digest(subscriptionId, createdAt, complete, BurstPart.WHOLE);
    }

    /** As {@link #digest(String, Instant, boolean)}, recorded as {@code part} of a burst. */
    public DigestId digest(String subscriptionId, Instant createdAt, boolean complete, BurstPart part) {
        Clock clock = Clock.fixed(createdAt, ZoneOffset.UTC);
        DynamoDbSubscriptionStates states = new DynamoDbSubscriptionStates(dynamoDb, table);
        DynamoDbPendingEntries pending = new DynamoDbPendingEntries(dynamoDb, table, RETENTION, clock);
        DynamoDbDigestRecords records = new DynamoDbDigestRecords(dynamoDb, table, RETENTION, clock);
        Instant leaseUntil = createdAt.plus(Duration.ofMinutes(5));
        states.acquire(subscriptionId, "seeder", createdAt, leaseUntil)
                .orElseThrow(() -> new IllegalStateException("lease busy for " + subscriptionId));
        Lease lease = new Lease(subscriptionId, "seeder", leaseUntil);
        List<PendingEntry> entries = pending.oldest(subscriptionId, 10_000);
        Instant first = entries.stream().map(e -> e.event().eventTime()).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = entries.stream().map(e -> e.event().eventTime()).max(Comparator.naturalOrder()).orElseThrow();
        DigestId id = Ids.secure().newDigestId(createdAt);
        DigestRecord record = DigestRecord.sending(id, subscriptionId, entries.size(), first, last, createdAt,
                List.of("ops@example.com"), part);
        records.create(record, entries.stream().map(PendingEntry::ref).toList(), lease);
        records.markSendStarted(id, createdAt, "[bucket-digest] " + entries.size() + " changes", false, lease);
        records.markSent(id, "ses-" + id.value().substring(2, 10), createdAt.plusSeconds(1), lease);
        if (complete) {
            pending.annotate(id, entries);
            pending.remove(subscriptionId, entries.stream().map(PendingEntry::ref).toList());
            records.complete(id, lease);
            states.release(lease, Optional.empty(), states.read(subscriptionId).orElseThrow().arrivalSeq());
        } else {
            states.release(lease, Optional.of(first), 0L);
        }
        return id;
    }

    /**
     * A digest the sender quarantined, step by step as {@code DigestSender} does: under the subscription's lease a
     * SENDING record of every pending entry, {@link DigestRecord#QUARANTINE_AFTER} failed attempts, the entries
     * parked and annotated, the record retired QUARANTINED (which clears the active digest), the pending entries
     * removed, the lease released. {@code possibleDuplicate} first marks a send whose result was never recorded.
     */
    public DigestId quarantined(String subscriptionId, Instant createdAt, String reason, boolean possibleDuplicate) {
        Clock clock = Clock.fixed(createdAt, ZoneOffset.UTC);
        DynamoDbSubscriptionStates states = new DynamoDbSubscriptionStates(dynamoDb, table);
        DynamoDbPendingEntries pending = new DynamoDbPendingEntries(dynamoDb, table, RETENTION, clock);
        DynamoDbDigestRecords records = new DynamoDbDigestRecords(dynamoDb, table, RETENTION, clock);
        Lease lease = lease(states, subscriptionId, createdAt);
        List<PendingEntry> entries = pending.oldest(subscriptionId, 10_000);
        DigestId id = create(records, subscriptionId, createdAt, entries, lease);
        if (possibleDuplicate) {
            records.markSendStarted(id, createdAt, "[bucket-digest] " + entries.size() + " changes", true, lease);
        }
        for (int attempt = 0; attempt < DigestRecord.QUARANTINE_AFTER; attempt++) {
            records.noteFailedAttempt(id, reason, lease);
        }
        pending.park(id, entries);
        pending.annotate(id, entries);
        records.retire(id, DigestRecord.Status.QUARANTINED, reason, lease);
        pending.remove(subscriptionId, entries.stream().map(PendingEntry::ref).toList());
        states.release(lease, Optional.empty(), states.read(subscriptionId).orElseThrow().arrivalSeq());
        return id;
    }

    /** A digest of every pending entry that SES refused (FAILED, still the active digest) or, unsent, SENDING. */
    public DigestId unfinished(String subscriptionId, Instant createdAt, DigestRecord.Status status, String reason) {
        Clock clock = Clock.fixed(createdAt, ZoneOffset.UTC);
        DynamoDbSubscriptionStates states = new DynamoDbSubscriptionStates(dynamoDb, table);
        DynamoDbPendingEntries pending = new DynamoDbPendingEntries(dynamoDb, table, RETENTION, clock);
        DynamoDbDigestRecords records = new DynamoDbDigestRecords(dynamoDb, table, RETENTION, clock);
        Lease lease = lease(states, subscriptionId, createdAt);
        List<PendingEntry> entries = pending.oldest(subscriptionId, 10_000);
        DigestId id = create(records, subscriptionId, createdAt, entries, lease);
        if (status == DigestRecord.Status.FAILED) {
            records.markSendStarted(id, createdAt, "[bucket-digest] " + entries.size() + " changes", false, lease);
            records.markFailed(id, reason, lease);
        }
        Instant first = entries.stream().map(e -> e.event().eventTime()).min(Comparator.naturalOrder()).orElseThrow();
        states.release(lease, Optional.of(first), 0L);
        return id;
    }

    private static Lease lease(DynamoDbSubscriptionStates states, String subscriptionId, Instant now) {
        Instant leaseUntil = now.plus(Duration.ofMinutes(5));
        states.acquire(subscriptionId, "seeder", now, leaseUntil)
                .orElseThrow(() -> new IllegalStateException("lease busy for " + subscriptionId));
        return new Lease(subscriptionId, "seeder", leaseUntil);
    }

    private static DigestId create(DynamoDbDigestRecords records, String subscriptionId, Instant createdAt,
            List<PendingEntry> entries, Lease lease) {
        Instant first = entries.stream().map(e -> e.event().eventTime()).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = entries.stream().map(e -> e.event().eventTime()).max(Comparator.naturalOrder()).orElseThrow();
        DigestId id = Ids.secure().newDigestId(createdAt);
        records.create(DigestRecord.sending(id, subscriptionId, entries.size(), first, last, createdAt,
                List.of("ops@example.com", "lead@example.com")), entries.stream().map(PendingEntry::ref).toList(),
                lease);
        return id;
    }

    public static Set<String> ids(List<ObjectEvent> events) {
        Set<String> ids = new HashSet<>();
        events.forEach(e -> ids.add(e.id().value()));
        return ids;
    }
}
