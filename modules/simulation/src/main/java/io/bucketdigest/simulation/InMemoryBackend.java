package io.bucketdigest.simulation;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.ArrivalLedger;
import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.port.SubscriptionStore;
import io.bucketdigest.core.sender.DigestBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The simulation's fakes of DynamoDB, SQS and SES, without its scheduler, actors or faults: for driving the real core
 * services from one thread over a volume moto cannot hold (the benchmarks' 100,000-object burst). Every request is the
 * one the adapter would make, reported to a {@link RequestObserver} before it is made; nothing is ever faulted.
 * {@link #exactlyOnce()} is the simulation checker's safety accounting: every event recorded for a subscription must be
 * in exactly one mailed digest of it.
 */
public final class InMemoryBackend {

    /** Hears every request the fakes make, with the adapter's request as its label (e.g. "query pending sub#3"). */
    @FunctionalInterface
    public interface RequestObserver {
        void requested(String label, RequestKind kind);
    }

    /** One digest SES accepted: its id, subscription and how many events it claimed. */
    public record MailedDigest(String digestId, String subscriptionId, int entries, List<String> to, Instant at) {}

    /**
     * Per subscription and in total: the (event, subscription) pairs the history recorded, those in exactly one mailed
     * digest, in none (lost) and in more than one (duplicated); digests mailed more than once; records not COMPLETE.
     */
    public record Accounting(long recorded, long reportedOnce, long lost, long duplicated, long mailsOfOneDigestAgain,
            long recordsNotComplete, long stillPending, Map<String, Long> recordedBySubscription,
            Map<String, Long> reportedOnceBySubscription, List<MailedDigest> digests) {}

    private static final Instant UNUSED_SCHEDULER_START = Instant.EPOCH;

    private final Supplier<Instant> now;
    private final SimStore store;
    private final SimPorts.Subscriptions subscriptions;
    private final SimQueue digestDeadLetters = new SimQueue("digest-dlq", Duration.ZERO, 0, null);
    private final SimQueue digestQueue;
    private final SimQueue ingestDeadLetters = new SimQueue("ingest-dlq", Duration.ZERO, 0, null);
    private final SimPorts.Signals signals;
    private final SimPorts.Mailer mailer;
    private final Requests requests;
    private final List<SimPorts.SentMail> mails = new ArrayList<>();
    private final SplittableRandom queueRandom = new SplittableRandom(0);

    /** {@code now} is the time every fake stamps with; {@code retention} the history's TTL. */
    public InMemoryBackend(Supplier<Instant> now, Duration retention, RequestObserver observer) {
        this.now = now;
        // Outside its actors the scheduler lets every request through at once, unfaulted: it only carries the door.
        Scheduler unused = new Scheduler(0, UNUSED_SCHEDULER_START, FaultPlan.none(UNUSED_SCHEDULER_START),
                new Trace(false));
        Bugs bugs = Bugs.none();
        this.requests = new Requests(unused, bugs, observer);
        this.store = new SimStore(new SimTable(), requests, bugs, now, retention, () -> null);
        this.subscriptions = new SimPorts.Subscriptions(requests);
        this.digestQueue = new SimQueue("digest", SimulatedPipeline.DIGEST_VISIBILITY, SimulatedPipeline.MAX_RECEIVE,
                digestDeadLetters);
        this.signals = new SimPorts.Signals(digestQueue, requests, now, store, bugs, new Trace(false));
        this.mailer = new SimPorts.Mailer(requests, now, mails, () -> null);
    }

    public EventHistory history() {
        return store;
    }

    public ArrivalLedger arrivals() {
        return store;
    }

    public SubscriptionStates states() {
        return store;
    }

    public PendingEntries pending() {
        return store;
    }

    public DigestRecords records() {
        return store;
    }

    /** Reads are requests; {@code save} is the operator's direct write and is not. */
    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    public DigestSignals signals() {
        return signals;
    }

    public DigestMailer mailer() {
        return mailer;
    }

    public RejectedMessages ingestDeadLetters() {
        return new SimPorts.Rejected(ingestDeadLetters, requests, now);
    }

    public RejectedMessages digestDeadLetters() {
        return new SimPorts.Rejected(digestDeadLetters, requests, now);
    }

    public int deadLettered() {
        return ingestDeadLetters.size() + digestDeadLetters.size();
    }

    /** When the next digest signal becomes visible, if one is queued. */
    public Optional<Instant> nextSignalAt() {
        return digestQueue.nextVisible(now.get().minus(Duration.ofDays(365)));
    }

    /**
     * Receives up to {@code max} signals visible at {@code at}, each hidden for the digest queue's visibility timeout
     * until deleted (the event source mapping's receive and delete are Lambda's requests, not the function's: they are
     * not reported to the observer).
     */
    public List<DigestBatch.Message> receiveSignals(Instant at, int max) {
        return digestQueue.receive(max, at, queueRandom, 0).stream()
                .map(message -> new DigestBatch.Message(message.id(), message.body())).toList();
    }

    /** What the event source mapping does for each message the invocation did not report as failed. */
    public void deleteSignal(String messageId) {
        digestQueue.delete(messageId);
    }

    public int pendingEntries() {
        return store.table().pendingCount();
    }

    public Accounting exactlyOnce() {
        SimTable table = store.table();
        Map<String, Integer> mailsPerDigest = new HashMap<>();
        Map<String, SimPorts.SentMail> firstMail = new LinkedHashMap<>();
        for (SimPorts.SentMail mail : mails) {
            mailsPerDigest.merge(mail.digestId(), 1, Integer::sum);
            firstMail.putIfAbsent(mail.digestId(), mail);
        }
        long mailedAgain = mailsPerDigest.values().stream().mapToLong(n -> n - 1).sum();
        // (event id, subscription) -> how many mailed digests claimed it
        Map<String, Integer> timesReported = new HashMap<>();
        List<MailedDigest> digests = new ArrayList<>();
        for (Map.Entry<DigestId, List<ObjectEvent>> claimed : table.claimed.entrySet()) {
            SimTable.RecordItem record = table.records.get(claimed.getKey());
            SimPorts.SentMail mail = firstMail.get(claimed.getKey().value());
            if (record == null || mail == null) {
                continue;
            }
            String subscription = record.record.subscriptionId();
            digests.add(new MailedDigest(claimed.getKey().value(), subscription, claimed.getValue().size(), mail.to(),
                    mail.at()));
            for (ObjectEvent event : claimed.getValue()) {
                timesReported.merge(event.id().value() + "#" + subscription, 1, Integer::sum);
            }
        }
        long recorded = 0;
        long once = 0;
        long lost = 0;
        long duplicated = 0;
        Map<String, Long> recordedBySubscription = new TreeMap<>();
        Map<String, Long> onceBySubscription = new TreeMap<>();
        for (SimTable.HistoryItem item : table.history.values()) {
            for (String subscription : item.subscriptionIds()) {
                recorded++;
                recordedBySubscription.merge(subscription, 1L, Long::sum);
                int times = timesReported.getOrDefault(item.event().id().value() + "#" + subscription, 0);
                if (times == 0) {
                    lost++;
                } else if (times > 1) {
                    duplicated++;
                } else {
                    once++;
                    onceBySubscription.merge(subscription, 1L, Long::sum);
                }
            }
        }
        long notComplete = table.records.values().stream()
                .filter(r -> r.record.status() != DigestRecord.Status.COMPLETE).count();
        return new Accounting(recorded, once, lost, duplicated, mailedAgain, notComplete, table.pendingCount(),
                recordedBySubscription, onceBySubscription, List.copyOf(digests));
    }
}
