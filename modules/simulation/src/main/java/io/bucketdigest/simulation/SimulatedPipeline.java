package io.bucketdigest.simulation;

import io.bucketdigest.core.render.ListHeaders;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.ingest.IncomingMessage;
import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.IngestService;
import io.bucketdigest.core.ingest.MessageOutcome;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.sender.Deadline;
import io.bucketdigest.core.sender.DigestBatch;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.DigestSignalCodec;
import io.bucketdigest.core.sender.DigestSweep;
import io.bucketdigest.core.sender.Ids;
import io.bucketdigest.core.sender.SendOutcome;
import io.bucketdigest.core.sender.SenderSettings;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole pipeline on one scheduler: S3 deliveries into the ingest queue, the ingest function's invocations (up to
 * {@code INGEST_CONCURRENCY} at once, batches of up to 10), the digest function's (up to 2, batches of 10), the sweep
 * every 5 minutes, and the operator. Every invocation runs in a function instance (container) with its own clock
 * skew, subscription cache and send-rate bucket, as Lambda would; a killed invocation's instance is thrown away.
 * The settings are the template's, scaled down where that makes a run shorter without changing what can happen.
 */
final class SimulatedPipeline {

    static final Duration INGEST_TIMEOUT = Duration.ofSeconds(60);
    static final Duration INGEST_VISIBILITY = Duration.ofSeconds(360);
    static final Duration DIGEST_TIMEOUT = Duration.ofSeconds(300);
    static final Duration DIGEST_VISIBILITY = Duration.ofSeconds(1860);
    static final Duration LEASE = Duration.ofMinutes(16);
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(5);
    static final Duration SUBSCRIPTION_CACHE = Duration.ofSeconds(60);
    static final Duration MAX_SKEW = Duration.ofSeconds(2);
    static final int MAX_RECEIVE = 5;
    static final int INGEST_CONCURRENCY = 3;
    static final int DIGEST_CONCURRENCY = 2;
    static final int BATCH_SIZE = 10;
    static final double DUPLICATE_DELIVERY = 0.01;
    static final String REASON_ATTRIBUTE = "bucket-digest-failure-reason";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scheduler scheduler;
    private final SplittableRandom random;
    private final Bugs bugs;
    private final Storage store;
    private final Requests requests;
    private final SimPorts.Subscriptions subscriptions;
    private final SimQueue ingestDlq = new SimQueue("ingest-dlq", Duration.ZERO, 0, null);
    private final SimQueue ingestQueue = new SimQueue("ingest", INGEST_VISIBILITY, MAX_RECEIVE, ingestDlq);
    private final SimQueue digestDlq = new SimQueue("digest-dlq", Duration.ZERO, 0, null);
    private final SimQueue digestQueue = new SimQueue("digest", DIGEST_VISIBILITY, MAX_RECEIVE, digestDlq);
    private final List<SimPorts.SentMail> mails = new ArrayList<>();
    private final SimPorts.Mailer mailer;
    private final DigestTiming defaultTiming;
    private final Ids ids;
    private final History history;
    private final double sendRate;
    private int ingestRunning;
    private int digestRunning;
    private int invocations;
    private final TreeSet<Instant> pollTimes = new TreeSet<>();
    private final Map<String, Set<EventId>> eventsByBody = new HashMap<>();
    /** The bodies each running ingest invocation holds (a duplicate delivery may have had its message deleted). */
    private final Map<Object, List<String>> runningIngest = new HashMap<>();

    /** What the checks need besides the table: subscription versions, flagged re-sends, failures of the harness. */
    static final class History {
        final Map<String, List<SubscriptionVersion>> subscriptionVersions = new TreeMap<>();
        final List<String> flaggedResends = new ArrayList<>();
        final List<String> actorErrors = new ArrayList<>();
        final List<String> quarantined = new ArrayList<>();
        final List<String> stranded = new ArrayList<>();
    }

    record SubscriptionVersion(Instant from, Subscription subscription) {}

    /** The pipeline over the in-memory fakes. */
    SimulatedPipeline(Scheduler scheduler, Bugs bugs, Workload workload, Duration retention) {
        this(scheduler, bugs, workload, requests -> new SimStore(new SimTable(), requests, bugs, scheduler::now,
                retention, scheduler::currentTask));
    }

    SimulatedPipeline(Scheduler scheduler, Bugs bugs, Workload workload,
            java.util.function.Function<Requests, Storage> storage) {
        this.scheduler = scheduler;
        this.random = scheduler.random();
        this.bugs = bugs;
        this.requests = new Requests(scheduler, bugs);
        this.store = storage.apply(requests);
        this.subscriptions = new SimPorts.Subscriptions(requests);
        this.mailer = new SimPorts.Mailer(requests, scheduler::now, mails, scheduler::currentTask);
        this.defaultTiming = workload.defaultTiming();
        this.ids = new Ids(random.split());
        this.history = new History();
        this.sendRate = 1 + random.nextInt(20);
        for (Subscription subscription : workload.initialSubscriptions()) {
            saveSubscription(subscription);
        }
        S3MessageNormalizer reader = new S3MessageNormalizer(JSON, scheduler.clock(Duration.ZERO));
        for (Workload.Delivery delivery : workload.deliveries()) {
            eventsByBody.computeIfAbsent(delivery.body(), body -> eventIds(reader, body));
            scheduler.at(delivery.at(), "s3", () -> {
                ingestQueue.send(delivery.body(), Duration.ZERO, Map.of(), scheduler.now());
                wakePollers(scheduler.now());
            });
        }
        for (Workload.OperatorAction action : workload.operatorActions()) {
            scheduler.at(action.at(), "operator", () -> operate(action));
        }
        scheduleSweep(scheduler.now().plus(SWEEP_INTERVAL));
        scheduler.at(scheduler.now().plus(Duration.ofHours(1)), "ttl", this::expireHourly);
    }

    private static Set<EventId> eventIds(S3MessageNormalizer reader, String body) {
        try {
            NormalizedMessage message = reader.normalize(body);
            if (message instanceof NormalizedMessage.Events events) {
                Set<EventId> ids = new HashSet<>();
                events.events().forEach(e -> ids.add(e.id()));
                return ids;
            }
        } catch (RuntimeException e) {
            // A malformed body records nothing.
        }
        return Set.of();
    }

    /**
     * An invariant, checked whenever an actor ends: a subscription with pending entries, no lease, no digest in flight
     * and no pending marker is only legitimate while the ingest message that wrote an entry is still on its queue (its
     * invocation, or a redelivery, will note the arrival). Otherwise the entry is stranded: no signal and no sweep will
     * ever look at it, and only a later upload would carry it along.
     */
    private void checkNoStrandedEntries() {
        if (!store.live()) {
            return;
        }
        SimTable table = store.table();
        Set<EventId> onTheirWay = null;
        for (Map.Entry<String, SimTable.StateItem> entry : table.states.entrySet()) {
            SimTable.StateItem state = entry.getValue();
            TreeMap<PendingRef, PendingEntry> pending = table.pending.get(entry.getKey());
            if (state.firstPendingAt != null || state.leaseOwner != null || state.activeDigest != null
                    || pending == null || pending.isEmpty()) {
                continue;
            }
            if (onTheirWay == null) {
                onTheirWay = new HashSet<>();
                List<String> bodies = new ArrayList<>(ingestQueue.bodies());
                bodies.addAll(ingestDlq.bodies());
                runningIngest.values().forEach(bodies::addAll);
                for (String body : bodies) {
                    onTheirWay.addAll(eventsByBody.getOrDefault(body, Set.of()));
                }
            }
            for (PendingEntry stranded : pending.values()) {
                if (!onTheirWay.contains(stranded.event().id())) {
                    history.stranded.add("entry " + stranded.ref().encode() + " of " + entry.getKey()
                            + " stranded at " + scheduler.now() + ": pending, with no pending marker, no lease, and "
                            + "no ingest message left to note it");
                    return;
                }
            }
        }
    }

    SimTable table() {
        return store.table();
    }

    List<SimPorts.SentMail> mails() {
        return mails;
    }

    History history() {
        return history;
    }

    List<String> concurrentSends() {
        return mailer.concurrentSends();
    }

    SimQueue ingestDeadLetters() {
        return ingestDlq;
    }

    SimQueue digestDeadLetters() {
        return digestDlq;
    }

    int invocations() {
        return invocations;
    }

    Map<String, Subscription> subscriptionsNow() {
        return subscriptions.current();
    }

    /**
     * The operator's answer to the dead-letter alarms once the outage is over: whenever a dead-letter queue holds
     * messages, replay it (docs/operations.md). Checked every 15 minutes from {@code from} on.
     */
    void replayDeadLettersOnAlarm(Instant from) {
        scheduler.at(from, "dlq-alarm", () -> {
            boolean redriven = ingestDlq.peekAll().stream()
                    .anyMatch(m -> !m.attributes().containsKey(REASON_ATTRIBUTE));
            if (redriven || digestDlq.size() > 0) {
                replayDeadLetters();
            }
            replayDeadLettersOnAlarm(from.plus(Duration.ofMinutes(15)));
        });
    }

    /** The operator's replay of both dead-letter queues (docs/operations.md: after an outage, replay the DLQs). */
    void replayDeadLetters() {
        // Messages parked with a reason were rejected as malformed: replaying them would only park them again.
        for (SimQueue.Message message : ingestDlq.drain(m -> !m.attributes().containsKey(REASON_ATTRIBUTE))) {
            ingestQueue.send(message.body(), Duration.ZERO, Map.of(), scheduler.now());
        }
        for (SimQueue.Message message : digestDlq.drain()) {
            digestQueue.send(message.body(), Duration.ZERO, Map.of(), scheduler.now());
        }
        scheduler.trace().line(scheduler.now(), "operator", "replayed the dead-letter queues (moved there so far: "
                + ingestQueue.movedToDeadLetters() + " ingest, " + digestQueue.movedToDeadLetters() + " digest)");
        wakePollers(scheduler.now());
    }

    private void operate(Workload.OperatorAction action) {
        switch (action.kind()) {
            case SAVE_SUBSCRIPTION -> saveSubscription(action.subscription());
            case DELETE_SUBSCRIPTION -> {
                subscriptions.remove(action.subscriptionId());
                // As `bucket-digest subscriptions remove` does: one signal once the caches let go of it.
                digestQueue.send(DigestSignalCodec.encode(action.subscriptionId(), scheduler.now()),
                        Duration.ofMinutes(2), Map.of(), scheduler.now());
                wakePollers(scheduler.now().plus(Duration.ofMinutes(2)));
                history.subscriptionVersions.computeIfAbsent(action.subscriptionId(), id -> new ArrayList<>())
                        .add(new SubscriptionVersion(scheduler.now(), null));
                scheduler.trace().line(scheduler.now(), "operator", "deleted subscription " + action.subscriptionId());
            }
            case REPLAY_DEAD_LETTERS -> replayDeadLetters();
        }
    }

    private void saveSubscription(Subscription subscription) {
        subscriptions.save(subscription);
        history.subscriptionVersions.computeIfAbsent(subscription.id(), id -> new ArrayList<>())
                .add(new SubscriptionVersion(scheduler.now(), subscription));
        scheduler.trace().line(scheduler.now(), "operator", "saved subscription " + subscription.id() + " "
                + subscription.recipients());
    }

    private void expireHourly() {
        if (!store.live()) {
            return;
        }
        for (String gone : store.table().expire(scheduler.now())) {
            scheduler.trace().line(scheduler.now(), "ttl", "expired " + gone);
        }
        scheduler.at(scheduler.now().plus(Duration.ofHours(1)), "ttl", this::expireHourly);
    }

    // ---- the event source mappings ----

    private void wakePollers(Instant at) {
        Instant first = pollTimes.ceiling(scheduler.now());
        if (first != null && !first.isAfter(at)) {
            return;
        }
        pollTimes.add(at);
        scheduler.at(at, "poll", () -> {
            pollTimes.remove(at);
            poll();
        });
    }

    private void poll() {
        Instant now = scheduler.now();
        while (ingestRunning < INGEST_CONCURRENCY && ingestQueue.hasVisible(now)) {
            List<SimQueue.Message> batch = ingestQueue.receive(BATCH_SIZE, now, random, DUPLICATE_DELIVERY);
            if (batch.isEmpty()) {
                break;
            }
            startIngest(batch);
        }
        while (digestRunning < DIGEST_CONCURRENCY && digestQueue.hasVisible(now)) {
            List<SimQueue.Message> batch = digestQueue.receive(BATCH_SIZE, now, random, DUPLICATE_DELIVERY);
            if (batch.isEmpty()) {
                break;
            }
            startDigest(batch);
        }
        Optional<Instant> next = earliest(ingestQueue.nextVisible(now), digestQueue.nextVisible(now));
        next.ifPresent(this::wakePollers);
        if (ingestQueue.hasVisible(now) || digestQueue.hasVisible(now)) {
            // Busy functions: look again shortly, as the pollers do.
            wakePollers(now.plusMillis(200 + random.nextInt(800)));
        }
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }

    private Clock instanceClock() {
        long skewMillis = random.nextLong(-MAX_SKEW.toMillis(), MAX_SKEW.toMillis() + 1);
        return scheduler.clock(Duration.ofMillis(skewMillis));
    }

    private SubscriptionCatalog catalog(Clock clock) {
        return new SubscriptionCatalog(subscriptions, Optional.empty(), SUBSCRIPTION_CACHE, clock);
    }

    private SimPorts.Signals signals() {
        return new SimPorts.Signals(digestQueue, requests, scheduler::now, store, bugs, scheduler.trace());
    }

    private void startIngest(List<SimQueue.Message> batch) {
        ingestRunning++;
        invocations++;
        Clock clock = instanceClock();
        IngestService ingest = new IngestService(new S3MessageNormalizer(JSON, clock), catalog(clock), store.history(),
                store.arrivals(),
                signals(), new SimPorts.Rejected(ingestDlq, requests, scheduler::now), defaultTiming, clock);
        List<IncomingMessage> messages = batch.stream()
                .map(m -> new IncomingMessage(m.id(), m.body(), m.receiveCount())).toList();
        List<String> delete = new ArrayList<>();
        Object key = new Object();
        runningIngest.put(key, batch.stream().map(SimQueue.Message::body).toList());
        scheduler.spawn("ingest-" + invocations, scheduler.now().plus(INGEST_TIMEOUT), () -> {
            IngestReport report = ingest.ingest(messages);
            for (MessageOutcome outcome : report.outcomes()) {
                if (!(outcome instanceof MessageOutcome.Retry)) {
                    delete.add(outcome.messageId());
                }
            }
        }, ending -> {
            ingestRunning--;
            if (ending.kind() == Scheduler.Ending.Kind.THREW) {
                history.actorErrors.add("ingest threw " + ending.error());
            }
            delete.forEach(ingestQueue::delete);
            runningIngest.remove(key);
            checkNoStrandedEntries();
            wakePollers(scheduler.now());
        });
    }

    private void startDigest(List<SimQueue.Message> batch) {
        digestRunning++;
        invocations++;
        Clock clock = instanceClock();
        Instant deadline = scheduler.now().plus(DIGEST_TIMEOUT);
        DigestBatch digests = new DigestBatch(sender(clock), new SimPorts.Rejected(digestDlq, requests,
                scheduler::now));
        List<DigestBatch.Message> messages = batch.stream()
                .map(m -> new DigestBatch.Message(m.id(), m.body())).toList();
        List<String> delete = new ArrayList<>();
        Deadline remaining = () -> Duration.between(scheduler.now(), deadline);
        Scheduler.Task[] self = new Scheduler.Task[1];
        self[0] = scheduler.spawn("digest-" + invocations, deadline, () -> {
            digests.process(messages, remaining, result -> {
                mailer.attemptEnded(scheduler.currentTask());
                if (!result.retried()) {
                    delete.add(result.messageId());
                }
                scheduler.trace().line(scheduler.now(), "digest-result", result.toString());
                if (result instanceof DigestBatch.Handled handled) {
                    note(handled.outcome());
                }
            });
        }, ending -> {
            mailer.attemptEnded(self[0]);
            digestRunning--;
            if (ending.kind() == Scheduler.Ending.Kind.THREW) {
                history.actorErrors.add("digest threw " + ending.error());
            }
            delete.forEach(digestQueue::delete);
            checkNoStrandedEntries();
            wakePollers(scheduler.now());
        });
    }

    private void note(SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Sent sent && sent.resentAfterCrash()) {
            history.flaggedResends.add(sent.digestId().value());
        }
        if (outcome instanceof SendOutcome.Quarantined quarantined) {
            history.quarantined.add(quarantined.digestId() + ": " + quarantined.reason());
        }
    }

    private DigestSender sender(Clock clock) {
        TokenBucket bucket = new TokenBucket(sendRate, Math.max(1, (int) sendRate), clock);
        return new DigestSender(catalog(clock), store.states(), store.pending(), store.records(),
                mailer, signals(), () -> bucket, scheduler::sleep,
                new SenderSettings("digest@example.com", null, defaultTiming, 50, LEASE, ListHeaders.NONE), clock, StepListener.NONE,
                ids);
    }

    private void scheduleSweep(Instant at) {
        scheduler.at(at, "sweep", () -> {
            Clock clock = instanceClock();
            DigestSweep sweep = new DigestSweep(catalog(clock), store.states(), signals(), defaultTiming, clock);
            invocations++;
            scheduler.spawn("sweep-" + invocations, scheduler.now().plus(DIGEST_TIMEOUT), sweep::sweep, ending -> {
                if (ending.kind() == Scheduler.Ending.Kind.THREW
                        && !(ending.error() instanceof io.bucketdigest.core.port.TransientFailureException)) {
                    history.actorErrors.add("sweep threw " + ending.error());
                }
                wakePollers(scheduler.now());
            });
            scheduleSweep(at.plus(SWEEP_INTERVAL));
        });
    }
}
