package io.bucketdigest.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Per-subscription arrival times that drive the quiet period and the maximum delay. */
public interface ArrivalLedger {

    /**
     * Notes that new pending entries arrived for these subscriptions at {@code arrivedAt}. Per subscription this is one
     * atomic request: it sets the last arrival, sets the first pending arrival if none is set, and increments the
     * arrival sequence. Returns the resulting state per subscription. Repeating it (a retry) is harmless.
     */
    default Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Instant arrivedAt) {
        return noteArrivals(subscriptionIds, Map.of(), arrivedAt);
    }

    /**
     * Like {@link #noteArrivals(Set, Instant)}, and adds {@code excludedCounts} (events a subscription's exclusions
     * kept out) to each subscription's excluded count, in the same request for a subscription that also had arrivals.
     * A subscription with only excluded events gets one request that adds to its count and nothing else: it does not
     * start a pending period. Unlike the arrival note, repeating it counts again. Returns the state of the
     * subscriptions in {@code subscriptionIds} only.
     */
    Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Map<String, Long> excludedCounts,
            Instant arrivedAt);

    record Arrivals(Instant firstPendingAt, Instant lastArrivalAt) {}
}
