package io.bucketdigest.simulation;

import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.SubscriptionStates;

/**
 * Where the pipeline keeps its table: the in-memory fakes ({@link SimStore}, the default, fast) or the real DynamoDB
 * adapters on moto ({@link SdkStorage}, slow, to catch what only the adapters' own request sequences can get wrong).
 */
interface Storage {

    EventHistory history();

    ArrivalLedger arrivals();

    SubscriptionStates states();

    PendingEntries pending();

    DigestRecords records();

    /** The table's items as the checks read them: live for the fakes, a fresh scan for DynamoDB. */
    SimTable table();

    /** Whether {@link #table()} is cheap enough to read after every actor (the stranded-entry invariant, TTL). */
    boolean live();

    /** For {@link Bug#DROP_FOLLOW_UP_SIGNAL}, which only the fakes support. */
    default boolean releasedSinceLastRead() {
        return false;
    }
}
