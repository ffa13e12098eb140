package io.bucketdigest.core.sender;

import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The safety net: signals every subscription whose pending entries are overdue (past the maximum delay plus a grace
 * period), which covers a digest signal that ended on the dead-letter queue. Digests never wait for it otherwise.
 */
public final class DigestSweep {

    private static final Duration GRACE = Duration.ofMinutes(1);

    private final SubscriptionCatalog subscriptions;
    private final SubscriptionStates states;
    private final DigestSignals signals;
    private final DigestTiming defaultTiming;
    private final Clock clock;

    public DigestSweep(
            SubscriptionCatalog subscriptions,
            SubscriptionStates states,
            DigestSignals signals,
            DigestTiming defaultTiming,
            Clock clock) {
        this.subscriptions = subscriptions;
        this.states = states;
        this.signals = signals;
        this.defaultTiming = defaultTiming;
        this.clock = clock;
    }

    /** Returns the ids of the subscriptions it signalled. */
    public List<String> sweep() {
        Instant now = clock.instant();
        List<DigestSignals.Signal> overdue = new ArrayList<>();
        for (Subscription subscription : subscriptions.all()) {
            Optional<SubscriptionStates.State> state = states.read(subscription.id());
            if (state.isEmpty() || state.get().firstPendingAt() == null) {
                continue;
            }
            DigestTiming timing = subscription.timing(defaultTiming);
            if (!now.isBefore(timing.latestDueAt(state.get().firstPendingAt()).plus(GRACE))) {
                Instant signalledAt = state.get().lastArrivalAt() == null ? now : state.get().lastArrivalAt();
                overdue.add(new DigestSignals.Signal(subscription.id(), signalledAt, Duration.ZERO));
            }
        }
        if (!overdue.isEmpty()) {
            signals.send(overdue);
        }
        return overdue.stream().map(DigestSignals.Signal::subscriptionId).toList();
    }
}
