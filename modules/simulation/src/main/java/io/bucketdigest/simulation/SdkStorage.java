package io.bucketdigest.simulation;

import io.bucketdigest.aws.dynamodb.DynamoDbArrivalLedger;
import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.DynamoDbEventHistory;
import io.bucketdigest.aws.dynamodb.DynamoDbPendingEntries;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStates;
import io.bucketdigest.aws.dynamodb.HistoryTable;
import io.bucketdigest.aws.dynamodb.StoredItems;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.time.SortableTime;
import io.bucketdigest.emulator.HistoryTableFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/**
 * The real DynamoDB adapters on moto, under the simulation's scheduler: every DynamoDB call goes through a proxy of
 * the client that hands control to the scheduler first and applies the fault it decided, exactly as the fakes'
 * {@link Requests} does. Only one actor runs at a time, so DynamoDB requests are serialized and conditional writes are
 * atomic, as in AWS (moto on its own does not serialize them). What the fakes cannot show, these runs can: a request
 * sequence in an adapter that is wrong under interleaving or a half-applied fault.
 */
final class SdkStorage implements Storage {

    private final DynamoDbClient raw;
    private final String table;
    private final DynamoDbEventHistory history;
    private final DynamoDbArrivalLedger arrivals;
    private final DynamoDbSubscriptionStates states;
    private final DynamoDbPendingEntries pending;
    private final DynamoDbDigestRecords records;

    SdkStorage(DynamoDbClient raw, String table, Scheduler scheduler, Duration retention) {
        this.raw = raw;
        this.table = table;
        DynamoDbClient client = scheduled(raw, scheduler);
        Clock clock = scheduler.clock(Duration.ZERO);
        this.history = new DynamoDbEventHistory(client, table, retention);
        this.arrivals = new DynamoDbArrivalLedger(client, table);
        this.states = new DynamoDbSubscriptionStates(client, table);
        this.pending = new DynamoDbPendingEntries(client, table, retention, clock);
        this.records = new DynamoDbDigestRecords(client, table, retention, clock);
    }

    @Override
    public EventHistory history() {
        return history;
    }

    @Override
    public ArrivalLedger arrivals() {
        return arrivals;
    }

    @Override
    public SubscriptionStates states() {
        return states;
    }

    @Override
    public PendingEntries pending() {
        return pending;
    }

    @Override
    public DigestRecords records() {
        return records;
    }

    @Override
    public boolean live() {
        return false;
    }

    /** The table as the checks read it, from one scan. */
    @Override
    public SimTable table() {
        SimTable snapshot = new SimTable();
        List<Map<String, AttributeValue>> items = HistoryTableFixture.scanAll(raw, table);
        Map<String, ObjectEvent> eventsById = new HashMap<>();
        List<StoredItems.DigestEntries> entryChunks = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            StoredItems.StoredItem stored = StoredItems.decode(item);
            if (stored instanceof StoredItems.History history) {
                ObjectEvent event = history.event();
                eventsById.put(event.id().value(), event);
                snapshot.history.put(event.id(), new SimTable.HistoryItem(event, history.ingestedAt(),
                        history.subscriptionIds(), history.messageId(), null));
            } else if (stored instanceof StoredItems.Pending pending) {
                PendingEntry entry = pending.entry();
                snapshot.pendingOf(entry.subscriptionId()).put(entry.ref(), entry);
            } else if (stored instanceof StoredItems.State stateItem) {
                SubscriptionStates.State read = stateItem.state();
                SimTable.StateItem state = new SimTable.StateItem();
                state.firstPendingAt = read.firstPendingAt();
                state.lastArrivalAt = read.lastArrivalAt();
                state.leaseOwner = read.leaseOwner();
                state.leaseExpiresAt = read.leaseExpiresAt();
                state.activeDigest = read.activeDigest();
                snapshot.states.put(read.subscriptionId(), state);
            } else if (stored instanceof StoredItems.Digest digest) {
                snapshot.records.put(digest.record().id(), new SimTable.RecordItem(digest.record()));
            } else if (stored instanceof StoredItems.DigestEntries chunk) {
                entryChunks.add(chunk);
            }
        }
        // What each digest named, from its entry refs.
        for (StoredItems.DigestEntries chunk : entryChunks) {
            List<ObjectEvent> events = snapshot.claimed.computeIfAbsent(chunk.digestId(), k -> new ArrayList<>());
            for (PendingRef ref : chunk.refs()) {
                ObjectEvent event = eventsById.get(HistoryTable.pendingEventId(ref));
                if (event != null) {
                    events.add(event);
                }
            }
        }
        return snapshot;
    }


    private static final Set<String> UNSCHEDULED = Set.of("close", "serviceName", "serviceClientConfiguration",
            "toString", "hashCode", "equals");

    /** The client every adapter uses: each call waits for the scheduler's turn and meets the fault it decided. */
    private static DynamoDbClient scheduled(DynamoDbClient real, Scheduler scheduler) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (UNSCHEDULED.contains(method.getName())) {
                        return invoke(real, method, args);
                    }
                    RequestKind kind = kind(method.getName());
                    Fault fault = scheduler.beforeRequest("dynamodb " + method.getName(), kind);
                    switch (fault) {
                        case THROTTLE -> throw ProvisionedThroughputExceededException.builder()
                                .message("simulated throttling").build();
                        case TIMEOUT_AFTER_EFFECT -> {
                            invokeIgnoringFailure(real, method, args);
                            throw SdkClientException.create("simulated timeout after the request took effect");
                        }
                        case SDK_RETRY -> {
                            if (kind != RequestKind.DB_TRANSACTION) {
                                invokeIgnoringFailure(real, method, args);
                            }
                            return invoke(real, method, args);
                        }
                        case CRASH_AFTER -> {
                            invokeIgnoringFailure(real, method, args);
                            throw scheduler.killCurrent("crash after dynamodb " + method.getName());
                        }
                        default -> {
                            return invoke(real, method, args);
                        }
                    }
                });
    }

    private static RequestKind kind(String method) {
        if (method.startsWith("transactWrite")) {
            return RequestKind.DB_TRANSACTION;
        }
        if (method.startsWith("batchWrite")) {
            return RequestKind.DB_BATCH_WRITE;
        }
        if (method.startsWith("put") || method.startsWith("update") || method.startsWith("delete")) {
            return RequestKind.DB_WRITE;
        }
        return RequestKind.DB_READ;
    }

    private static Object invoke(DynamoDbClient real, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void invokeIgnoringFailure(DynamoDbClient real, Method method, Object[] args) {
        try {
            method.invoke(real, args);
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // The first attempt's answer, whatever it was, never reached the caller.
        }
    }
}
