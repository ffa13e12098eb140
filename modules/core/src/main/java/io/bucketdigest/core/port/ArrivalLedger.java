package io.bucketdigest.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Per-subscription arrival times that drive the quiet period and the maximum delay. */
public interface ArrivalLedger {

    /**
     * Notes that new pending entries arrived for these subscriptions at {@code arrivedAt}: sets the last arrival and,
     * if none is pending yet, the first pending arrival. Returns the resulting state per subscription.
     */
    Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Instant arrivedAt);

    record Arrivals(Instant firstPendingAt, Instant lastArrivalAt) {}
}
