package io.bucketdigest.core.digest;

import java.time.Instant;
import java.util.Optional;

/**
 * The durable record of one digest. Its life: SENDING (entries fixed, mail not yet confirmed) then SENT (SES accepted
 * it, id recorded) then COMPLETE (pending entries removed, history annotated). FAILED marks a permanent SES refusal;
 * a replay tries the same digest again.
 *
 * @param sendStartedAt set just before the SES call and cleared on a known failure: a SENDING record that still has it
 *                      after a crash is the one ambiguous window (SES may or may not have accepted the mail)
 */
public record DigestRecord(
        DigestId id,
        String subscriptionId,
        Status status,
        int entryCount,
        Instant firstEventTime,
        Instant lastEventTime,
        Instant createdAt,
        Instant sendStartedAt,
        Instant sentAt,
        String sesMessageId,
        String subject,
        String failureReason) {

    public enum Status {
        SENDING,
        SENT,
        COMPLETE,
        FAILED
    }

    public Optional<String> messageId() {
        return Optional.ofNullable(sesMessageId);
    }

    public DigestRecord withStatus(Status newStatus) {
        return new DigestRecord(id, subscriptionId, newStatus, entryCount, firstEventTime, lastEventTime, createdAt,
                sendStartedAt, sentAt, sesMessageId, subject, failureReason);
    }
}
