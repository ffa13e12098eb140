package io.bucketdigest.core.ingest;

import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.TransientFailureException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An {@link ArrivalLedger} in memory with the DynamoDB adapter's semantics: the first pending arrival is kept, the last
 * arrival always moves forward.
 */
public final class InMemoryArrivalLedger implements ArrivalLedger {

    private final Map<String, Arrivals> states = new HashMap<>();
    private final List<Set<String>> calls = new ArrayList<>();
    private final Map<String, Long> excluded = new HashMap<>();
    private int callsToFail;

    @Override
    public synchronized Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds,
            Map<String, Long> excludedCounts, Instant arrivedAt) {
        calls.add(new TreeSet<>(subscriptionIds));
        if (callsToFail > 0) {
            callsToFail--;
            throw new TransientFailureException("scripted: ledger unavailable");
        }
        excludedCounts.forEach((id, count) -> excluded.merge(id, count, Long::sum));
        Map<String, Arrivals> result = new HashMap<>();
        for (String id : subscriptionIds) {
            Arrivals before = states.get(id);
            Instant first = before == null || before.firstPendingAt() == null ? arrivedAt : before.firstPendingAt();
            // Like the DynamoDB adapter: every noted arrival moves lastArrivalAt, and only forward (by 1 µs if needed).
            Instant last = before == null || before.lastArrivalAt() == null || before.lastArrivalAt().isBefore(arrivedAt)
                    ? arrivedAt : before.lastArrivalAt().plusNanos(1_000);
            Arrivals after = new Arrivals(first, last);
            states.put(id, after);
            result.put(id, after);
        }
        return result;
    }

    /** Pre-sets a subscription's state, e.g. entries pending since long ago. */
    public synchronized void givenState(String subscriptionId, Instant firstPendingAt, Instant lastArrivalAt) {
        states.put(subscriptionId, new Arrivals(firstPendingAt, lastArrivalAt));
    }

    public synchronized void failNextCalls(int count) {
        callsToFail = count;
    }

    public synchronized Arrivals state(String subscriptionId) {
        return states.get(subscriptionId);
    }

    /** The excluded count noted for a subscription (0 when none was). */
    public synchronized long excludedCount(String subscriptionId) {
        return excluded.getOrDefault(subscriptionId, 0L);
    }

    public synchronized List<Set<String>> calls() {
        return List.copyOf(calls);
    }
}
