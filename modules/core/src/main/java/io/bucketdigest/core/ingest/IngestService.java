package io.bucketdigest.core.ingest;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.normalize.MalformedMessageException;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ingest stage: normalize every message of a batch, record new events with their pending digest entries, note the
 * arrivals per subscription and signal the digest stage once per touched subscription.
 */
public final class IngestService {

    private static final Duration MAX_SIGNAL_DELAY = Duration.ofSeconds(900);

    private final S3MessageNormalizer normalizer;
    private final SubscriptionCatalog subscriptions;
    private final EventHistory history;
    private final ArrivalLedger arrivals;
    private final DigestSignals signals;
    private final RejectedMessages rejected;
    private final DigestTiming defaultTiming;
    private final Clock clock;

    public IngestService(
            S3MessageNormalizer normalizer,
            SubscriptionCatalog subscriptions,
            EventHistory history,
            ArrivalLedger arrivals,
            DigestSignals signals,
            RejectedMessages rejected,
            DigestTiming defaultTiming,
            Clock clock) {
        this.normalizer = normalizer;
        this.subscriptions = subscriptions;
        this.history = history;
        this.arrivals = arrivals;
        this.signals = signals;
        this.rejected = rejected;
        this.defaultTiming = defaultTiming;
        this.clock = clock;
    }

    public IngestReport ingest(List<IncomingMessage> messages) {
        Map<String, MessageOutcome> outcomes = new LinkedHashMap<>();
        Map<String, List<ObjectEvent>> eventsByMessage = new LinkedHashMap<>();
        List<RejectedMessages.Rejection> rejections = new ArrayList<>();

        for (IncomingMessage message : messages) {
            try {
                NormalizedMessage normalized = normalizer.normalize(message.body());
                if (normalized instanceof NormalizedMessage.TestEvent test) {
                    outcomes.put(message.messageId(),
                            new MessageOutcome.TestEventAcknowledged(message.messageId(), test.bucket()));
                } else if (normalized instanceof NormalizedMessage.Events events) {
                    eventsByMessage.put(message.messageId(), events.events());
                }
            } catch (MalformedMessageException e) {
                rejections.add(new RejectedMessages.Rejection(message.messageId(), message.body(), e.reason()));
                outcomes.put(message.messageId(), new MessageOutcome.Rejected(message.messageId(), e.reason()));
            }
        }

        recordEvents(messages, eventsByMessage, outcomes);
        sendRejections(rejections, outcomes);

        List<MessageOutcome> ordered = new ArrayList<>(messages.size());
        for (IncomingMessage message : messages) {
            ordered.add(outcomes.get(message.messageId()));
        }
        return new IngestReport(ordered);
    }

    private void recordEvents(
            List<IncomingMessage> messages,
            Map<String, List<ObjectEvent>> eventsByMessage,
            Map<String, MessageOutcome> outcomes) {
        if (eventsByMessage.isEmpty()) {
            return;
        }

        // The same S3 record may arrive twice within one batch; a transaction cannot touch one item twice.
        Map<EventId, EventHistory.Recording> unique = new LinkedHashMap<>();
        Map<EventId, List<String>> matchesById = new HashMap<>();
        Map<EventId, List<String>> exclusionsById = new HashMap<>();
        try {
            for (Map.Entry<String, List<ObjectEvent>> entry : eventsByMessage.entrySet()) {
                for (ObjectEvent event : entry.getValue()) {
                    List<String> matching = matchesById.computeIfAbsent(event.id(), id -> subscriptions.matching(event));
                    exclusionsById.computeIfAbsent(event.id(), id -> subscriptions.excluding(event));
                    unique.putIfAbsent(event.id(), new EventHistory.Recording(event, matching, entry.getKey()));
                }
            }
        } catch (TransientFailureException e) {
            // The subscriptions could not be read: retry the event messages; test events and rejections still finish.
            eventsByMessage.keySet().forEach(id -> outcomes.put(id, new MessageOutcome.Retry(id, e.getMessage())));
            return;
        }

        Instant now = clock.instant();
        Map<EventId, EventHistory.Recorded> recorded;
        try {
            recorded = history.recordWithSubscriptions(List.copyOf(unique.values()), now);
        } catch (TransientFailureException e) {
            eventsByMessage.keySet().forEach(id -> outcomes.put(id, new MessageOutcome.Retry(id, e.getMessage())));
            return;
        }

        Set<String> touched = new TreeSet<>();
        Map<String, Set<String>> subscriptionsByMessage = new HashMap<>();
        Set<EventId> firstSeen = new HashSet<>();
        // Counted for events this delivery recorded first: a redelivery never counts them again, and a batch whose
        // state update fails loses its count (the line in the mail is informational; the entries are what is exact).
        Map<String, Long> excluded = new TreeMap<>();
        for (Map.Entry<String, List<ObjectEvent>> entry : eventsByMessage.entrySet()) {
            String messageId = entry.getKey();
            List<EventId> fresh = new ArrayList<>();
            List<EventId> duplicates = new ArrayList<>();
            boolean failed = false;
            Set<String> messageSubscriptions = new HashSet<>();
            for (ObjectEvent event : entry.getValue()) {
                EventHistory.Recorded result = recorded.get(event.id());
                EventHistory.Outcome outcome = result == null ? EventHistory.Outcome.FAILED : result.outcome();
                boolean newHere = outcome == EventHistory.Outcome.NEW && firstSeen.add(event.id());
                switch (outcome) {
                    case FAILED -> failed = true;
                    case NEW -> (newHere ? fresh : duplicates).add(event.id());
                    case DUPLICATE -> duplicates.add(event.id());
                }
                // A duplicate signals too, for the subscriptions its event was recorded for (they may have changed
                // since): the delivery that recorded it may have failed before signalling, and SQS may have delivered
                // the same message to two invocations at once, so that its retry never comes once the other one
                // deleted it. A signal with nothing left pending costs one read; a missing one strands the entry.
                if (outcome == EventHistory.Outcome.NEW || outcome == EventHistory.Outcome.DUPLICATE) {
                    messageSubscriptions.addAll(result.subscriptionIds());
                }
                if (newHere) {
                    exclusionsById.get(event.id()).forEach(sub -> excluded.merge(sub, 1L, Long::sum));
                }
            }
            if (failed) {
                outcomes.put(messageId, new MessageOutcome.Retry(messageId, "event history write failed"));
            } else {
                outcomes.put(messageId, new MessageOutcome.Recorded(messageId, fresh, duplicates));
                subscriptionsByMessage.put(messageId, messageSubscriptions);
                touched.addAll(messageSubscriptions);
            }
        }
        if (touched.isEmpty() && excluded.isEmpty()) {
            return;
        }
        try {
            signal(touched, excluded, now);
        } catch (TransientFailureException e) {
            // Events are recorded; the retry finds them as duplicates of a redelivered message and signals again.
            subscriptionsByMessage.forEach((messageId, subs) -> {
                if (!subs.isEmpty()) {
                    outcomes.put(messageId, new MessageOutcome.Retry(messageId, "digest signal failed: " + e.getMessage()));
                }
            });
        }
    }

    private void signal(Set<String> subscriptionIds, Map<String, Long> excluded, Instant now) {
        Map<String, ArrivalLedger.Arrivals> states = arrivals.noteArrivals(subscriptionIds, excluded, now);
        if (subscriptionIds.isEmpty()) {
            return;
        }
        List<DigestSignals.Signal> batch = new ArrayList<>(subscriptionIds.size());
        for (String id : subscriptionIds) {
            DigestTiming timing = subscriptions.find(id).map(s -> s.timing(defaultTiming)).orElse(defaultTiming);
            ArrivalLedger.Arrivals state = states.get(id);
            Instant firstPending = state == null || state.firstPendingAt() == null ? now : state.firstPendingAt();
            // The ledger may have noted this arrival a little after `now` (another batch noted the same or a later
            // time first); the signal must carry the time the ledger holds, or the sender would take it as superseded.
            Instant arrival = state == null || state.lastArrivalAt() == null || state.lastArrivalAt().isBefore(now)
                    ? now : state.lastArrivalAt();
            Instant due = timing.dueAt(firstPending, arrival);
            batch.add(new DigestSignals.Signal(id, arrival, clamp(Duration.between(now, due))));
        }
        signals.send(batch);
    }

    private static Duration clamp(Duration delay) {
        if (delay.isNegative()) {
            return Duration.ZERO;
        }
        return delay.compareTo(MAX_SIGNAL_DELAY) > 0 ? MAX_SIGNAL_DELAY : delay;
    }

    private void sendRejections(List<RejectedMessages.Rejection> rejections, Map<String, MessageOutcome> outcomes) {
        if (rejections.isEmpty()) {
            return;
        }
        try {
            rejected.reject(rejections);
        } catch (TransientFailureException e) {
            for (RejectedMessages.Rejection rejection : rejections) {
                outcomes.put(rejection.messageId(), new MessageOutcome.Retry(rejection.messageId(),
                        "could not park rejected message (" + rejection.reason() + "): " + e.getMessage()));
            }
        }
    }
}
