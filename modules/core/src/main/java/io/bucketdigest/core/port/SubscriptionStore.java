package io.bucketdigest.core.port;

import io.bucketdigest.core.subscription.Subscription;
import java.util.List;
import java.util.Optional;

/** Stored subscriptions (the environment's default subscription is added by {@code SubscriptionCatalog}). */
public interface SubscriptionStore {

    List<Subscription> list();

    Optional<Subscription> find(String id);

    /** Creates or replaces. */
    void save(Subscription subscription);

    /** Returns false when there was nothing to remove. */
    boolean remove(String id);
}
