package io.bucketdigest.ingest;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.SubscriptionStore;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** In-memory ports for handler tests (the core module keeps fuller fakes for the service's own tests). */
final class FakePorts {

    private FakePorts() {}

    /** Records each event once; events matching {@code failing} report FAILED; the whole call can be made to throw. */
    static final class History implements EventHistory {
        final Map<EventId, ObjectEvent> stored = new LinkedHashMap<>();
        final Map<EventId, List<String>> pending = new HashMap<>();
        Predicate<ObjectEvent> failing = e -> false;
        boolean unavailable;

        @Override
        public Map<EventId, Outcome> record(List<Recording> recordings, Instant ingestedAt) {
            if (unavailable) {
                throw new TransientFailureException("history unavailable");
            }
            Map<EventId, Outcome> outcomes = new LinkedHashMap<>();
            for (Recording r : recordings) {
                EventId id = r.event().id();
                if (failing.test(r.event())) {
                    outcomes.put(id, Outcome.FAILED);
                } else if (stored.containsKey(id)) {
                    outcomes.put(id, Outcome.DUPLICATE);
                } else {
                    stored.put(id, r.event());
                    pending.put(id, r.subscriptionIds());
                    outcomes.put(id, Outcome.NEW);
                }
            }
            return outcomes;
        }
    }

    static final class Ledger implements ArrivalLedger {
        @Override
        public Map<String, Arrivals> noteArrivals(Set<String> subscriptionIds, Map<String, Long> excludedCounts,
                Instant arrivedAt) {
            Map<String, Arrivals> result = new HashMap<>();
            subscriptionIds.forEach(id -> result.put(id, new Arrivals(arrivedAt, arrivedAt)));
            return result;
        }
    }

    static final class Signals implements DigestSignals {
        final List<Signal> sent = new ArrayList<>();

        @Override
        public void send(List<Signal> signals) {
            sent.addAll(signals);
        }
    }

    static final class Rejections implements RejectedMessages {
        final List<Rejection> parked = new ArrayList<>();

        @Override
        public void reject(List<Rejection> rejections) {
            parked.addAll(rejections);
        }
    }

    static final class Subscriptions implements SubscriptionStore {
        @Override
        public List<Subscription> list() {
            return List.of();
        }

        @Override
        public Optional<Subscription> find(String id) {
            return Optional.empty();
        }

        @Override
        public void save(Subscription subscription) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(String id) {
            throw new UnsupportedOperationException();
        }
    }
}
