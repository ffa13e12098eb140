package io.bucketdigest.core.subscription;

import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.SubscriptionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subscriptions in force: the deployment's default subscription (from the environment, if it names recipients)
 * plus the stored ones, a stored subscription with the same id winning. Reads the store at most once per
 * {@code cacheTtl}, because every ingest batch consults it.
 */
public final class SubscriptionCatalog {

    private final SubscriptionStore store;
    private final Optional<Subscription> defaultSubscription;
    private final Duration cacheTtl;
    private final Clock clock;

    private List<Subscription> cached;
    private Instant cachedAt;

    public SubscriptionCatalog(
            SubscriptionStore store, Optional<Subscription> defaultSubscription, Duration cacheTtl, Clock clock) {
        this.store = store;
        this.defaultSubscription = defaultSubscription;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    public synchronized List<Subscription> all() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cachedAt.plus(cacheTtl))) {
            Map<String, Subscription> byId = new LinkedHashMap<>();
            defaultSubscription.ifPresent(s -> byId.put(s.id(), s));
            for (Subscription stored : store.list()) {
                byId.put(stored.id(), stored);
            }
            cached = List.copyOf(byId.values());
            cachedAt = now;
        }
        return cached;
    }

    public Optional<Subscription> find(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * Reads the store, not the cache: a subscription created after the cache was filled is found, and one deleted
     * since is not.
     */
    public Optional<Subscription> findFresh(String id) {
        Optional<Subscription> stored = store.find(id);
        if (stored.isPresent()) {
            return stored;
        }
        return defaultSubscription.filter(s -> s.id().equals(id));
    }

    public List<String> matching(ObjectEvent event) {
        List<String> ids = new ArrayList<>(2);
        for (Subscription subscription : all()) {
            if (subscription.matches(event)) {
                ids.add(subscription.id());
            }
        }
        return ids;
    }

    /** The subscriptions that would match the event but for one of their exclusions. */
    public List<String> excluding(ObjectEvent event) {
        List<String> ids = new ArrayList<>(0);
        for (Subscription subscription : all()) {
            if (subscription.wouldMatch(event) && subscription.exclusionOf(event).isPresent()) {
                ids.add(subscription.id());
            }
        }
        return ids;
    }
}
