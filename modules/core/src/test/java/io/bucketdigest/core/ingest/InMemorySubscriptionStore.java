package io.bucketdigest.core.ingest;

import io.bucketdigest.core.port.SubscriptionStore;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.Subscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link SubscriptionStore} in memory that counts list() calls (the catalog caches them) and can fail. */
public final class InMemorySubscriptionStore implements SubscriptionStore {

    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private int listCalls;
    private int callsToFail;

    public InMemorySubscriptionStore(Subscription... initial) {
        for (Subscription subscription : initial) {
            subscriptions.put(subscription.id(), subscription);
        }
    }

    @Override
    public synchronized List<Subscription> list() {
        listCalls++;
        if (callsToFail > 0) {
            callsToFail--;
            throw new TransientFailureException("scripted: subscription store unavailable");
        }
        return new ArrayList<>(subscriptions.values());
    }

    @Override
    public synchronized Optional<Subscription> find(String id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    @Override
    public synchronized void save(Subscription subscription) {
        subscriptions.put(subscription.id(), subscription);
    }

    @Override
    public synchronized boolean remove(String id) {
        return subscriptions.remove(id) != null;
    }

    public synchronized void failNextCalls(int count) {
        callsToFail = count;
    }

    public synchronized int listCalls() {
        return listCalls;
    }
}
