package io.bucketdigest.core.sender;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestComposer;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.DigestRecords;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.render.DigestRenderer;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.core.render.RenderedDigest;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The batching sender. For one subscription signal: decide whether the digest is due, take the subscription's lease,
 * fix the exact entries in a SENDING digest record, send, record SENT, annotate the history, remove the pending
 * entries, complete, and release. A crash at any point leaves a state the next holder of the lease finishes: a SENT
 * record is only cleaned up; a SENDING record is sent again (see docs/digest-design.md for the one ambiguous window).
 */
public final class DigestSender {

    private final SubscriptionCatalog subscriptions;
    private final SubscriptionStates states;
    private final PendingEntries pending;
    private final DigestRecords records;
    private final DigestMailer mailer;
    private final DigestSignals signals;
    private final DigestComposer composer;
    private final DigestRenderer renderer;
    private final MimeMessageWriter mimeWriter;
    private final Supplier<TokenBucket> sendRate;
    private final Sleeper sleeper;
    private final SenderSettings settings;
    private final Clock clock;
    private final StepListener steps;

    public DigestSender(
            SubscriptionCatalog subscriptions,
            SubscriptionStates states,
            PendingEntries pending,
            DigestRecords records,
            DigestMailer mailer,
            DigestSignals signals,
            Supplier<TokenBucket> sendRate,
            Sleeper sleeper,
            SenderSettings settings,
            Clock clock,
            StepListener steps) {
        this.subscriptions = subscriptions;
        this.states = states;
        this.pending = pending;
        this.records = records;
        this.mailer = mailer;
        this.signals = signals;
        this.composer = new DigestComposer();
        this.renderer = new DigestRenderer();
        this.mimeWriter = new MimeMessageWriter();
        this.sendRate = sendRate;
        this.sleeper = sleeper;
        this.settings = settings;
        this.clock = clock;
        this.steps = steps;
    }

    public SendOutcome handle(DigestSignal signal) {
        Optional<Subscription> found = subscriptions.find(signal.subscriptionId());
        if (found.isEmpty()) {
            return new SendOutcome.UnknownSubscription(signal.subscriptionId());
        }
        Subscription subscription = found.get();
        DigestTiming timing = subscription.timing(settings.defaultTiming());
        Instant now = clock.instant();

        Optional<SubscriptionStates.State> current = states.read(subscription.id());
        if (current.isEmpty()) {
            return new SendOutcome.NothingPending();
        }
        SubscriptionStates.State state = current.get();
        if (state.active().isEmpty()) {
            if (state.firstPendingAt() == null) {
                return new SendOutcome.NothingPending();
            }
            Instant due = dueAt(state, timing);
            if (now.isBefore(due)) {
                if (state.lastArrivalAt() != null && signal.signalledAt().isBefore(state.lastArrivalAt())) {
                    return new SendOutcome.Superseded();
                }
                Duration wait = Duration.between(now, due);
                signals.send(List.of(new DigestSignals.Signal(subscription.id(), signal.signalledAt(), wait)));
                return new SendOutcome.NotDue(wait);
            }
        }

        String owner = UUID.randomUUID().toString();
        Optional<SubscriptionStates.State> leased =
                states.acquire(subscription.id(), owner, now, now.plus(settings.leaseDuration()));
        if (leased.isEmpty()) {
            return new SendOutcome.Busy();
        }
        Lease lease = new Lease(subscription.id(), owner, now.plus(settings.leaseDuration()));
        steps.reached(SendStep.LEASE_ACQUIRED);
        SubscriptionStates.State held = leased.get();

        SendOutcome outcome;
        if (held.active().isPresent()) {
            outcome = resume(subscription, held.active().get(), lease);
        } else {
            outcome = sendNew(subscription, timing, lease);
        }
        if (outcome instanceof SendOutcome.PermanentFailure) {
            states.release(lease, Optional.of(held.firstPendingAt() == null ? now : held.firstPendingAt()),
                    held.lastArrivalAt());
            return outcome;
        }
        releaseAndRescheduleRest(subscription, timing, lease, held.lastArrivalAt());
        return outcome;
    }

    private static Instant dueAt(SubscriptionStates.State state, DigestTiming timing) {
        Instant byQuiet = (state.lastArrivalAt() == null ? state.firstPendingAt() : state.lastArrivalAt())
                .plus(timing.quietPeriod());
        Instant byMaxDelay = state.firstPendingAt().plus(timing.maxDelay());
        return byQuiet.isBefore(byMaxDelay) ? byQuiet : byMaxDelay;
    }

    private SendOutcome sendNew(Subscription subscription, DigestTiming timing, Lease lease) {
        List<PendingEntry> entries = pending.oldest(subscription.id(), timing.maxEntries());
        Set<EventId> reported = entries.isEmpty() ? Set.of() : pending.reportedBefore(subscription.id(), entries);
        if (!reported.isEmpty()) {
            List<PendingEntry> stale = entries.stream().filter(e -> reported.contains(e.event().id())).toList();
            pending.remove(subscription.id(), stale.stream().map(PendingEntry::ref).toList());
            entries = entries.stream().filter(e -> !reported.contains(e.event().id())).toList();
        }
        if (entries.isEmpty()) {
            return new SendOutcome.NothingPending();
        }
        Instant createdAt = clock.instant();
        DigestId id = DigestId.newId(createdAt);
        List<ObjectEvent> events = entries.stream().map(PendingEntry::event).toList();
        Instant first = events.stream().map(ObjectEvent::eventTime).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = events.stream().map(ObjectEvent::eventTime).max(Comparator.naturalOrder()).orElseThrow();
        DigestRecord record = new DigestRecord(id, subscription.id(), DigestRecord.Status.SENDING, entries.size(),
                first, last, createdAt, null, null, null, null, null);
        records.create(record, entries.stream().map(PendingEntry::ref).toList(), lease);
        steps.reached(SendStep.DIGEST_CLAIMED);
        return sendAndComplete(subscription, record, entries, lease, false);
    }

    private SendOutcome resume(Subscription subscription, DigestId id, Lease lease) {
        DigestRecord record = records.find(id)
                .orElseThrow(() -> new IllegalStateException("active digest " + id + " has no record"));
        List<PendingRef> refs = records.entries(id);
        List<PendingEntry> entries = pending.load(subscription.id(), refs);
        switch (record.status()) {
            case SENT, COMPLETE -> {
                complete(record.id(), entries, refs, lease);
                return new SendOutcome.Recovered(record.id(), record.entryCount());
            }
            case SENDING, FAILED -> {
                if (entries.size() != refs.size()) {
                    throw new IllegalStateException("digest " + id + " lists " + refs.size()
                            + " entries but only " + entries.size() + " are still pending before it was sent");
                }
                // markFailed clears sendStartedAt, so on a SENDING or a FAILED record it means a send began and its
                // result was never recorded: SES may have accepted that mail.
                boolean ambiguous = record.sendStartedAt() != null;
                return sendAndComplete(subscription, record, entries, lease, ambiguous);
            }
            default -> throw new IllegalStateException("unknown digest status " + record.status());
        }
    }

    private SendOutcome sendAndComplete(
            Subscription subscription, DigestRecord record, List<PendingEntry> entries, Lease lease,
            boolean resentAfterCrash) {
        List<ObjectEvent> events = entries.stream().map(PendingEntry::event).toList();
        Digest digest = composer.compose(record.id(), subscription, events, record.createdAt());
        RenderedDigest rendered = renderer.render(digest, settings.inlineLimit());
        byte[] raw = mimeWriter.write(settings.senderAddress(), subscription.recipients(), settings.configurationSet(),
                rendered, record.id().value(), record.createdAt());
        steps.reached(SendStep.RENDERED);

        waitForSendRate(subscription.recipients().size());
        records.markSendStarted(record.id(), clock.instant(), rendered.subject(), lease);
        steps.reached(SendStep.SEND_STARTED);
        String messageId;
        try {
            messageId = mailer.send(new DigestMailer.Mail(settings.senderAddress(), subscription.recipients(), raw));
        } catch (DigestMailer.PermanentMailException e) {
            records.markFailed(record.id(), e.getMessage(), lease);
            if (resentAfterCrash) {
                // SES refused this attempt, but an earlier one may have been accepted before its sender died: keep
                // that evidence, so the send after a replay is still flagged as a possible duplicate.
                records.markSendStarted(record.id(), record.sendStartedAt(), rendered.subject(), lease);
            }
            return new SendOutcome.PermanentFailure(record.id(), e.getMessage());
        }
        steps.reached(SendStep.SES_ACCEPTED);
        records.markSent(record.id(), messageId, clock.instant(), lease);
        steps.reached(SendStep.SENT_RECORDED);
        complete(record.id(), entries, entries.stream().map(PendingEntry::ref).toList(), lease);
        return new SendOutcome.Sent(record.id(), entries.size(), rendered.subject(), messageId, resentAfterCrash);
    }

    private void complete(DigestId id, List<PendingEntry> entries, List<PendingRef> refs, Lease lease) {
        pending.annotate(id, entries);
        steps.reached(SendStep.HISTORY_ANNOTATED);
        pending.remove(lease.subscriptionId(), refs);
        steps.reached(SendStep.PENDING_REMOVED);
        records.complete(id, lease);
        steps.reached(SendStep.COMPLETED);
    }

    /** SES quotas count recipients, not messages: one token per recipient. */
    private void waitForSendRate(int recipients) {
        Duration wait = sendRate.get().reserve(recipients);
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    /**
     * Releases the lease and makes sure whatever is still pending gets its own signal: entries past the maximum, or
     * entries that arrived while this digest was being sent.
     */
    private void releaseAndRescheduleRest(
            Subscription subscription, DigestTiming timing, Lease lease, Instant lastArrivalSeen) {
        for (int attempt = 0; attempt < 3; attempt++) {
            // Read the arrival time before querying: an arrival noted after this read fails the release condition,
            // and one noted before it has its pending entry written already (ingest writes entries first).
            Optional<SubscriptionStates.State> fresh = states.read(subscription.id());
            Instant lastArrival = fresh.map(SubscriptionStates.State::lastArrivalAt).orElse(lastArrivalSeen);
            List<PendingEntry> rest = pending.oldest(subscription.id(), 1);
            Optional<Instant> oldest = rest.isEmpty() ? Optional.empty() : Optional.of(rest.get(0).ingestedAt());
            if (states.release(lease, oldest, lastArrival)) {
                if (oldest.isPresent()) {
                    Instant now = clock.instant();
                    Instant byQuiet = (lastArrival == null ? now : lastArrival).plus(timing.quietPeriod());
                    Instant byMax = oldest.get().plus(timing.maxDelay());
                    Instant due = byQuiet.isBefore(byMax) ? byQuiet : byMax;
                    Duration wait = due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO;
                    // Stamped with the release time, not the last arrival: signals of arrivals noted while the lease
                    // was held may have been dropped as Busy, so this one must not count as superseded by them.
                    Instant stamp = lastArrival != null && lastArrival.isAfter(now) ? lastArrival : now;
                    signals.send(List.of(new DigestSignals.Signal(subscription.id(), stamp, wait)));
                }
                return;
            }
        }
        // Arrivals kept racing the release. Their signals may have met the lease (Busy), so signal once more.
        Instant now = clock.instant();
        states.release(lease, Optional.of(now), lastArrivalSeen);
        signals.send(List.of(new DigestSignals.Signal(subscription.id(), now, timing.quietPeriod())));
    }
}
