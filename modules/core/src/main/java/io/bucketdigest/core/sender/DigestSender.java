package io.bucketdigest.core.sender;

import io.bucketdigest.core.digest.BurstPart;
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
import io.bucketdigest.core.port.LeaseLostException;
import io.bucketdigest.core.port.PendingEntries;
import io.bucketdigest.core.port.SubscriptionStates;
import io.bucketdigest.core.port.TransientFailureException;
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
import java.util.function.Supplier;

/**
 * The batching sender. For one subscription signal: decide whether the digest is due, take the subscription's lease,
 * fix the exact entries and recipients in a SENDING digest record, send, record SENT, annotate the history, remove the
 * pending entries, complete, and release. A crash at any point leaves a state the next holder of the lease finishes: a
 * SENT record is only cleaned up; a SENDING record is sent again (see docs/digest-design.md for the one ambiguous
 * window). Every exit after the lease was taken releases it, except a lost lease, which is no longer ours to release.
 */
public final class DigestSender {

    /** A send must not start with less than this left: the SES call, markSent's retries and the cleanup. */
    static final Duration SEND_RESERVE = Duration.ofSeconds(30);
    private static final int MARK_SENT_ATTEMPTS = 5;
    private static final Duration MARK_SENT_FIRST_BACKOFF = Duration.ofMillis(100);
    private static final int DISCARD_PAGE = 1000;

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
    private final Ids ids;

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
        this(subscriptions, states, pending, records, mailer, signals, sendRate, sleeper, settings, clock, steps,
                Ids.secure());
    }

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
            StepListener steps,
            Ids ids) {
        this.subscriptions = subscriptions;
        this.states = states;
        this.pending = pending;
        this.records = records;
        this.mailer = mailer;
        this.signals = signals;
        this.composer = new DigestComposer();
        this.renderer = new DigestRenderer();
        this.mimeWriter = new MimeMessageWriter(settings.listHeaders());
        this.sendRate = sendRate;
        this.sleeper = sleeper;
        this.settings = settings;
        this.clock = clock;
        this.steps = steps;
        this.ids = ids;
    }

    public SendOutcome handle(DigestSignal signal) {
        return handle(signal, Deadline.NONE);
    }

    public SendOutcome handle(DigestSignal signal, Deadline deadline) {
        Optional<Subscription> found = subscriptions.find(signal.subscriptionId());
        if (found.isEmpty()) {
            // The cache may predate a subscription created since; only the store can say it is gone.
            found = subscriptions.findFresh(signal.subscriptionId());
        }
        Optional<SubscriptionStates.State> current = states.read(signal.subscriptionId());
        if (found.isEmpty()) {
            return discardDeleted(signal.subscriptionId(), current);
        }
        Subscription subscription = found.get();
        DigestTiming timing = subscription.timing(settings.defaultTiming());
        Instant now = clock.instant();

        if (current.isEmpty()) {
            return new SendOutcome.NothingPending();
        }
        SubscriptionStates.State state = current.get();
        if (state.active().isEmpty()) {
            if (state.firstPendingAt() == null) {
                return new SendOutcome.NothingPending();
            }
            Instant due = timing.dueAt(state.firstPendingAt(), state.lastArrivalAt());
            if (now.isBefore(due)) {
                if (state.lastArrivalAt() != null && signal.signalledAt().isBefore(state.lastArrivalAt())) {
                    return new SendOutcome.Superseded();
                }
                Duration wait = Duration.between(now, due);
                signals.send(List.of(new DigestSignals.Signal(subscription.id(), signal.signalledAt(), wait)));
                return new SendOutcome.NotDue(wait);
            }
        }

        Optional<Held> taken = acquire(subscription.id(), now);
        if (taken.isEmpty()) {
            return new SendOutcome.Busy();
        }
        Lease lease = taken.get().lease();
        SubscriptionStates.State held = taken.get().state();
        steps.reached(SendStep.LEASE_ACQUIRED);

        SendOutcome outcome;
        try {
            outcome = held.active().isPresent()
                    ? resume(subscription, held.active().get(), lease, held.excludedCount(), deadline)
                    : sendNew(subscription, timing, lease, held, deadline);
        } catch (LeaseLostException e) {
            throw e;
        } catch (TransientFailureException e) {
            releaseKeepingPending(lease, held);
            throw e;
        } catch (RuntimeException e) {
            try {
                outcome = failedAttempt(subscription, lease, e);
            } catch (LeaseLostException lost) {
                throw lost;
            } catch (RuntimeException stillFailing) {
                releaseKeepingPending(lease, held);
                throw stillFailing;
            }
        }
        if (outcome instanceof SendOutcome.PermanentFailure) {
            releaseKeepingPending(lease, held);
            return outcome;
        }
        try {
            releaseAndRescheduleRest(subscription, timing, lease);
        } catch (RuntimeException e) {
            if (!(e instanceof LeaseLostException)) {
                releaseKeepingPending(lease, held);
            }
            throw new FollowUpFailedException(outcome, e);
        }
        return outcome;
    }

    /** A lease just taken, with the state as the taking request returned it. */
    private record Held(Lease lease, SubscriptionStates.State state) {}

    private Optional<Held> acquire(String subscriptionId, Instant now) {
        String owner = ids.newOwner();
        Instant expiresAt = now.plus(settings.leaseDuration());
        return states.acquire(subscriptionId, owner, now, expiresAt)
                .map(state -> new Held(new Lease(subscriptionId, owner, expiresAt), state));
    }

    /** Best effort: if even this fails, the lease expires on its own. */
    private void releaseKeepingPending(Lease lease, SubscriptionStates.State held) {
        try {
            Instant firstPending = held.firstPendingAt() == null ? clock.instant() : held.firstPendingAt();
            states.release(lease, Optional.of(firstPending), held.arrivalSeq());
        } catch (RuntimeException ignored) {
            // The caller's own failure is what matters; the lease runs out in leaseDuration.
        }
    }

    private SendOutcome sendNew(Subscription subscription, DigestTiming timing, Lease lease,
            SubscriptionStates.State held, Deadline deadline) {
        // One entry past the maximum tells whether this digest is cut; the merge reads it with the same pages.
        List<PendingEntry> oldest = pending.oldest(subscription.id(), timing.maxEntries() + 1);
        boolean entriesLeftBehind = oldest.size() > timing.maxEntries();
        List<PendingEntry> entries = entriesLeftBehind ? oldest.subList(0, timing.maxEntries()) : oldest;
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
        DigestId id = ids.newDigestId(createdAt);
        List<ObjectEvent> events = entries.stream().map(PendingEntry::event).toList();
        Instant first = events.stream().map(ObjectEvent::eventTime).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = events.stream().map(ObjectEvent::eventTime).max(Comparator.naturalOrder()).orElseThrow();
        BurstPart.Cut cut = entriesLeftBehind ? BurstPart.Cut.MAX_ENTRIES
                : timing.cutByMaxDelay(held.lastArrivalAt(), createdAt) ? BurstPart.Cut.MAX_DELAY : BurstPart.Cut.NONE;
        Instant oldestRecorded = entries.stream().map(PendingEntry::ingestedAt).min(Comparator.naturalOrder())
                .orElseThrow();
        DigestRecord previous = held.last().flatMap(records::find).orElse(null);
        BurstPart part = BurstPart.after(previous, oldestRecorded, timing.quietPeriod(), cut);
        DigestRecord record = DigestRecord.sending(id, subscription.id(), entries.size(), first, last, createdAt,
                subscription.recipients(), part);
        records.create(record, entries.stream().map(PendingEntry::ref).toList(), lease);
        steps.reached(SendStep.DIGEST_CLAIMED);
        return sendAndComplete(subscription, record, entries, lease, false, held.excludedCount(), deadline);
    }

    private SendOutcome resume(Subscription subscription, DigestId id, Lease lease, long excluded,
            Deadline deadline) {
        DigestRecord record = records.find(id)
                .orElseThrow(() -> new MissingDigestException("active digest " + id + " has no record"));
        List<PendingRef> refs = records.entries(id);
        List<PendingEntry> entries = pending.load(subscription.id(), refs);
        switch (record.status()) {
            case SENT, COMPLETE -> {
                complete(record.id(), entries, refs, lease);
                return new SendOutcome.Recovered(record.id(), record.entryCount(), record.possibleDuplicate());
            }
            case SENDING, FAILED -> {
                if (entries.size() != refs.size()) {
                    throw new IllegalStateException("digest " + id + " lists " + refs.size()
                            + " entries but only " + entries.size() + " are still pending before it was sent");
                }
                // markFailed clears sendStartedAt, so on a SENDING or a FAILED record it means a send began and its
                // result was never recorded: SES may have accepted that mail.
                boolean ambiguous = record.sendStartedAt() != null;
                return sendAndComplete(subscription, record, entries, lease, ambiguous, excluded, deadline);
            }
            default -> throw new MissingDigestException(
                    "active digest " + id + " is " + record.status() + ", which is not in flight");
        }
    }

    private SendOutcome sendAndComplete(
            Subscription subscription, DigestRecord record, List<PendingEntry> entries, Lease lease,
            boolean resentAfterCrash, long excluded, Deadline deadline) {
        // The recipients fixed when the digest was claimed: a subscription edited since must not redirect this mail.
        List<String> recipients = record.recipients().isEmpty() ? subscription.recipients() : record.recipients();
        List<ObjectEvent> events = entries.stream().map(PendingEntry::event).toList();
        Digest digest = composer.compose(record.id(), subscription, events, record.createdAt(), excluded,
                record.part(), subscription.describeDelivery(settings.defaultTiming()));
        RenderedDigest rendered = renderer.render(digest, settings.inlineLimit());
        byte[] raw = mimeWriter.write(settings.senderAddress(), recipients, settings.configurationSet(),
                rendered, record.id().value(), record.createdAt());
        steps.reached(SendStep.RENDERED);

        waitForSendRate(recipients.size(), deadline);
        records.markSendStarted(record.id(), clock.instant(), rendered.subject(), resentAfterCrash, lease);
        steps.reached(SendStep.SEND_STARTED);
        String messageId;
        try {
            messageId = mailer.send(new DigestMailer.Mail(settings.senderAddress(), recipients, raw, record.id(),
                    record.subscriptionId()));
        } catch (DigestMailer.PermanentMailException e) {
            records.markFailed(record.id(), e.getMessage(), lease);
            if (resentAfterCrash) {
                // SES refused this attempt, but an earlier one may have been accepted before its sender died: keep
                // that evidence, so the send after a replay is still flagged as a possible duplicate.
                records.markSendStarted(record.id(), record.sendStartedAt(), rendered.subject(), false, lease);
            }
            return new SendOutcome.PermanentFailure(record.id(), e.getMessage());
        }
        steps.reached(SendStep.SES_ACCEPTED);
        markSent(record.id(), messageId, lease);
        forgetShownExclusions(subscription.id(), digest.excluded().count());
        steps.reached(SendStep.SENT_RECORDED);
        complete(record.id(), entries, entries.stream().map(PendingEntry::ref).toList(), lease);
        return new SendOutcome.Sent(record.id(), entries.size(), rendered.subject(), messageId, resentAfterCrash);
    }

    /**
     * The excluded count is a line of information, not an entry: it is reset once the mail that showed it is recorded
     * as sent, by subtracting what was shown so that counts added meanwhile are kept. If this fails, or the sender
     * dies between SES accepting the mail and this request, the next digest shows those events again.
     */
    private void forgetShownExclusions(String subscriptionId, long shown) {
        if (shown == 0) {
            return;
        }
        try {
            states.subtractExcluded(subscriptionId, shown);
        } catch (TransientFailureException e) {
            // Deliberately swallowed: the digest went out and its entries are complete; a recount is harmless.
        }
    }

    /**
     * SES has accepted the mail: every failure to record it from here on makes the next holder send it again. So a
     * transient failure is retried in place, briefly, before the message goes back to the queue.
     */
    private void markSent(DigestId id, String messageId, Lease lease) {
        Duration backoff = MARK_SENT_FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                records.markSent(id, messageId, clock.instant(), lease);
                return;
            } catch (TransientFailureException e) {
                if (attempt >= MARK_SENT_ATTEMPTS) {
                    throw e;
                }
                sleeper.sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private void complete(DigestId id, List<PendingEntry> entries, List<PendingRef> refs, Lease lease) {
        pending.annotate(id, entries);
        steps.reached(SendStep.HISTORY_ANNOTATED);
        pending.remove(lease.subscriptionId(), refs);
        steps.reached(SendStep.PENDING_REMOVED);
        records.complete(id, lease);
        steps.reached(SendStep.COMPLETED);
    }

    /**
     * SES quotas count recipients, not messages: one token per recipient. A wait that would run into the function's
     * deadline is not started: the signal goes back to the queue before anything was sent.
     */
    private void waitForSendRate(int recipients, Deadline deadline) {
        Duration wait = sendRate.get().reserve(recipients);
        if (wait.plus(SEND_RESERVE).compareTo(deadline.remaining()) > 0) {
            throw new TransientFailureException("the send rate asks for a wait of " + wait.toMillis()
                    + " ms, too close to the function's deadline; the signal is retried");
        }
        if (!wait.isZero()) {
            sleeper.sleep(wait);
        }
    }

    /**
     * A failure that is neither transient nor an SES refusal (a render error, entries missing, an unreadable record).
     * It is counted against the active digest; after {@link DigestRecord#QUARANTINE_AFTER} of them the digest is
     * quarantined, so one bad digest never blocks its subscription.
     */
    private SendOutcome failedAttempt(Subscription subscription, Lease lease, RuntimeException failure) {
        String reason = describe(failure);
        Optional<DigestId> active = states.read(subscription.id()).flatMap(SubscriptionStates.State::active);
        if (active.isEmpty()) {
            throw failure;
        }
        DigestId id = active.get();
        if (failure instanceof MissingDigestException) {
            // Nothing to retry: clear the pointer; entries it may have named are still pending and flow on.
            records.retire(id, DigestRecord.Status.QUARANTINED, reason, lease);
            return new SendOutcome.Quarantined(id, reason);
        }
        Optional<DigestRecord> record = records.find(id);
        if (record.isPresent() && (record.get().messageId().isPresent()
                || record.get().status() == DigestRecord.Status.SENT)) {
            // SES accepted it: only the idempotent cleanup is left. Quarantining would park entries that were
            // mailed, and a retry would mail them again; the cleanup is retried instead until it goes through.
            throw failure;
        }
        int attempts = records.noteFailedAttempt(id, reason, lease);
        if (attempts < DigestRecord.QUARANTINE_AFTER) {
            throw failure;
        }
        List<PendingRef> refs = records.entries(id);
        List<PendingEntry> entries = pending.load(subscription.id(), refs);
        pending.park(id, entries);
        // Notes first: if the removal below is cut short, the next digest drops these entries as already handled.
        pending.annotate(id, entries);
        records.retire(id, DigestRecord.Status.QUARANTINED, reason, lease);
        pending.remove(subscription.id(), refs);
        return new SendOutcome.Quarantined(id, reason);
    }

    private static String describe(RuntimeException failure) {
        String message = failure.getMessage() == null ? "" : ": " + failure.getMessage();
        return failure.getClass().getSimpleName() + message;
    }

    /**
     * A signal for a subscription that no longer exists: discard what it left behind, so nothing is mailed for it
     * and a subscription re-created with the same id starts clean.
     */
    private SendOutcome discardDeleted(String subscriptionId, Optional<SubscriptionStates.State> current) {
        if (current.isEmpty()
                || (current.get().firstPendingAt() == null && current.get().active().isEmpty())) {
            return new SendOutcome.UnknownSubscription(subscriptionId);
        }
        Instant now = clock.instant();
        Optional<Held> taken = acquire(subscriptionId, now);
        if (taken.isEmpty()) {
            // For a live subscription a Busy signal may be dropped: the holder follows up, and if it died the sweep
            // finds the subscription overdue once the lease runs out. The sweep never sees a deleted subscription,
            // and a duplicate delivery of the holder's own signal may have been acknowledged as Busy too, so this
            // signal must come back once the lease can have expired (the queue shortens the delay to its 15-minute
            // maximum; still busy then, it comes back again).
            Instant expires = states.read(subscriptionId).map(SubscriptionStates.State::leaseExpiresAt).orElse(now);
            Duration wait = Duration.between(now, expires).plusSeconds(1);
            Duration oneSecond = Duration.ofSeconds(1);
            signals.send(List.of(new DigestSignals.Signal(subscriptionId, now,
                    wait.compareTo(oneSecond) < 0 ? oneSecond : wait)));
            return new SendOutcome.Busy();
        }
        Lease lease = taken.get().lease();
        SubscriptionStates.State held = states.read(subscriptionId).orElseThrow();
        try {
            if (held.active().isPresent()) {
                // Its mail may have gone out already (an uncertain send): note its entries as handled by it before
                // letting go, so a subscription re-created meanwhile never reports them a second time.
                DigestId abandoned = held.active().get();
                List<PendingRef> refs = records.entries(abandoned);
                pending.annotate(abandoned, pending.load(subscriptionId, refs));
                records.retire(abandoned, DigestRecord.Status.ABANDONED, "subscription deleted", lease);
                pending.remove(subscriptionId, refs);
            }
            int discarded = 0;
            for (int attempt = 0; attempt < 3; attempt++) {
                long arrivals = states.read(subscriptionId).map(SubscriptionStates.State::arrivalSeq).orElse(0L);
                List<PendingEntry> page;
                do {
                    page = pending.oldest(subscriptionId, DISCARD_PAGE);
                    pending.remove(subscriptionId, page.stream().map(PendingEntry::ref).toList());
                    discarded += page.size();
                } while (page.size() == DISCARD_PAGE);
                if (states.release(lease, Optional.empty(), arrivals)) {
                    return new SendOutcome.SubscriptionDeleted(subscriptionId, discarded);
                }
            }
            releaseKeepingPending(lease, held);
            return new SendOutcome.SubscriptionDeleted(subscriptionId, discarded);
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            releaseKeepingPending(lease, held);
            throw e;
        }
    }

    /**
     * Releases the lease and makes sure whatever is still pending gets its own signal: entries past the maximum, or
     * entries that arrived while this digest was being sent.
     */
    private void releaseAndRescheduleRest(Subscription subscription, DigestTiming timing, Lease lease) {
        for (int attempt = 0; attempt < 3; attempt++) {
            // Read the arrival sequence before querying: an arrival noted after this read fails the release
            // condition, and one noted before it has its pending entry written already (ingest writes entries first).
            Optional<SubscriptionStates.State> fresh = states.read(subscription.id());
            long arrivals = fresh.map(SubscriptionStates.State::arrivalSeq).orElse(0L);
            Instant lastArrival = fresh.map(SubscriptionStates.State::lastArrivalAt).orElse(null);
            List<PendingEntry> rest = pending.oldest(subscription.id(), 1);
            Optional<Instant> oldest = rest.isEmpty() ? Optional.empty() : Optional.of(rest.get(0).ingestedAt());
            if (states.release(lease, oldest, arrivals)) {
                if (oldest.isPresent()) {
                    Instant now = clock.instant();
                    Instant due = timing.dueAt(oldest.get(), lastArrival);
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
        states.release(lease, Optional.of(now), 0L);
        signals.send(List.of(new DigestSignals.Signal(subscription.id(), now, timing.quietPeriod())));
    }

    /**
     * The signal's work is done (a digest went out, or was recovered or quarantined) but the release or the follow-up
     * signal for the leftovers failed. The outcome stands and must be reported; the signal goes back to the queue so
     * that whatever is left gets its digest.
     */
    public static final class FollowUpFailedException extends TransientFailureException {
        private static final long serialVersionUID = 1L;
        private final transient SendOutcome outcome;

        FollowUpFailedException(SendOutcome outcome, RuntimeException cause) {
            super("done, but the release or the follow-up signal failed: " + cause.getMessage(), cause);
            this.outcome = outcome;
        }

        public SendOutcome outcome() {
            return outcome;
        }
    }

    /** The active digest cannot be resumed at all (no record, or a record that is not in flight). */
    static final class MissingDigestException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MissingDigestException(String message) {
            super(message);
        }
    }
}
