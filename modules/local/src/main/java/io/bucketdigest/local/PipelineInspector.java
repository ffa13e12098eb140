package io.bucketdigest.local;

import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.DigestRow;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.EventRow;
import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.dynamodb.HistoryTable;
import io.bucketdigest.aws.dynamodb.RequestFailures;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.emulator.AwsTestClients;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the local pipeline's table for the demo and the end-to-end test, through the adapters' read side: events,
 * pending entries, digests.
 */
public final class PipelineInspector {

    /** One recorded event of an object, with subscription id to the digest that reported it. */
    public record ObjectHistoryEntry(EventRow row, Map<String, String> reportedIn) {}

    private final DynamoDbHistoryReads reads;
    private final DynamoDbSubscriptionStore subscriptions;

    public PipelineInspector(AwsTestClients aws, String table) {
        this.reads = new DynamoDbHistoryReads(aws.dynamoDb(), table, Clock.systemUTC(), 1000,
                RequestFailures.transientFailures(table));
        this.subscriptions = new DynamoDbSubscriptionStore(aws.dynamoDb(), table);
    }

    /** Every recorded event of the bucket, newest first. */
    public List<EventRow> events(String bucket) {
        return drain(reads.bucketEvents(bucket, null, null, null, Set.of()));
    }

    /** Pending entries over every subscription (the default one included). */
    public long pendingCount() {
        return subscriptionIds().stream().mapToLong(reads::pendingCount).sum();
    }

    /** Every digest record, newest first. */
    public List<DigestRecord> digests() {
        return drain(reads.digests(List.copyOf(subscriptionIds()), null, null)).stream()
                .map(DigestRow::record).toList();
    }

    /** Event ids a digest's durable record says it covers. */
    public List<String> digestEventIds(String digestId) {
        return reads.digestRefs(new DigestId(digestId)).stream().map(HistoryTable::pendingEventId).toList();
    }

    /** One object's events, newest first, each with the digests that reported it. */
    public List<ObjectHistoryEntry> objectHistory(String bucket, String key) {
        List<EventRow> rows = drain(reads.objectEvents(bucket, key, null, null, Set.of()));
        Map<String, Map<String, String>> notes = reads.digestNotes(rows);
        return rows.stream()
                .map(row -> new ObjectHistoryEntry(row, notes.getOrDefault(row.event().id().value(), Map.of())))
                .toList();
    }

    private Set<String> subscriptionIds() {
        Set<String> ids = new TreeSet<>();
        ids.add(Subscription.DEFAULT_ID);
        subscriptions.list().forEach(subscription -> ids.add(subscription.id()));
        return ids;
    }

    private static <T> List<T> drain(Iterator<T> rows) {
        List<T> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        return all;
    }
}
