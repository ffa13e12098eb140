package io.bucketdigest.core.digest;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of one digest. Its life: SENDING (entries and recipients fixed, mail not yet confirmed) then SENT
 * (SES accepted it, id recorded) then COMPLETE (pending entries removed, history annotated). FAILED marks a permanent
 * SES refusal; a replay tries the same digest again. QUARANTINED marks a digest that failed to send for a reason other
 * than SES several times: its entries are parked, its subscription flows on, and an operator retries or abandons it
 * (RETRIED, ABANDONED).
 *
 * @param recipients    the subscription's recipients when the digest was claimed; a re-send goes to exactly these
 * @param sendStartedAt set just before the SES call and cleared on a known failure: a SENDING record that still has it
 *                      after a crash is the one ambiguous window (SES may or may not have accepted the mail)
 * @param failedAttempts sends that failed with an error that is not transient; {@link #QUARANTINE_AFTER} of them
 *                      quarantine the digest
 * @param possibleDuplicate set, durably and before the SES call, when a send follows one whose result was never
 *                      recorded: the recipients may get this digest twice (the one ambiguous window)
 * @param part          where it stands in a burst spread over several digests, fixed when it is claimed
 */
public record DigestRecord(
        DigestId id,
        String subscriptionId,
        Status status,
        int entryCount,
        Instant firstEventTime,
        Instant lastEventTime,
        Instant createdAt,
        List<String> recipients,
        Instant sendStartedAt,
        Instant sentAt,
        String sesMessageId,
        String subject,
        String failureReason,
        int failedAttempts,
        boolean possibleDuplicate,
        BurstPart part) {

    public static final int QUARANTINE_AFTER = 3;

    public enum Status {
        SENDING,
        SENT,
        COMPLETE,
        FAILED,
        QUARANTINED,
        /** A quarantined digest an operator sent back: its entries are pending again, for the next digest. */
        RETRIED,
        ABANDONED;

        /** Still the subscription's active digest: it must be finished before anything newer is sent. */
        public boolean inFlight() {
            return this == SENDING || this == SENT || this == FAILED;
        }
    }

    public DigestRecord {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        part = part == null ? BurstPart.WHOLE : part;
    }

    /** A new digest, as the sender claims it. */
    public static DigestRecord sending(DigestId id, String subscriptionId, int entryCount, Instant firstEventTime,
            Instant lastEventTime, Instant createdAt, List<String> recipients) {
        return sending(id, subscriptionId, entryCount, firstEventTime, lastEventTime, createdAt, recipients,
                BurstPart.WHOLE);
    }

    /** A new digest that is {@code part} of a burst. */
    public static DigestRecord sending(DigestId id, String subscriptionId, int entryCount, Instant firstEventTime,
            Instant lastEventTime, Instant createdAt, List<String> recipients, BurstPart part) {
        return new DigestRecord(id, subscriptionId, Status.SENDING, entryCount, firstEventTime, lastEventTime,
                createdAt, recipients, null, null, null, null, null, 0, false, part);
    }

    public Optional<String> messageId() {
        return Optional.ofNullable(sesMessageId);
    }

    public DigestRecord withStatus(Status newStatus) {
        return new DigestRecord(id, subscriptionId, newStatus, entryCount, firstEventTime, lastEventTime, createdAt,
                recipients, sendStartedAt, sentAt, sesMessageId, subject, failureReason, failedAttempts,
                possibleDuplicate, part);
    }

    public DigestRecord withSendStarted(Instant at, String newSubject, boolean duplicateRisk) {
        return new DigestRecord(id, subscriptionId, status, entryCount, firstEventTime, lastEventTime, createdAt,
                recipients, at, sentAt, sesMessageId, newSubject, failureReason, failedAttempts,
                possibleDuplicate || duplicateRisk, part);
    }

    public DigestRecord withSent(String newSesMessageId, Instant at) {
        return new DigestRecord(id, subscriptionId, Status.SENT, entryCount, firstEventTime, lastEventTime, createdAt,
                recipients, sendStartedAt, at, newSesMessageId, subject, null, failedAttempts, possibleDuplicate, part);
    }

    public DigestRecord withFailure(Status newStatus, String reason, boolean clearSendStarted, int attempts) {
        return new DigestRecord(id, subscriptionId, newStatus, entryCount, firstEventTime, lastEventTime, createdAt,
                recipients, clearSendStarted ? null : sendStartedAt, sentAt, sesMessageId, subject,
                reason == null ? "unknown" : reason, attempts, possibleDuplicate, part);
    }
}
