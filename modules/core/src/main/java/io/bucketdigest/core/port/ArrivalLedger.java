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
    Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Instant arrivedAt);

    record Arrivals(Instant firstPendingAt, Instant lastArrivalAt) {}
}
