package io.bucketdigest.core.sender;

import io.bucketdigest.core.digest.DigestId;
import java.time.Duration;

/** What one digest signal led to. */
public sealed interface SendOutcome {

    record Sent(DigestId digestId, int entries, String subject, String sesMessageId, boolean resentAfterCrash)
            implements SendOutcome {}

    /**
     * A crashed digest whose mail SES had already accepted: only its cleanup was finished. {@code possibleDuplicate}:
     * the record says a send of it followed an uncertain one, so the recipients may have it twice.
     */
    record Recovered(DigestId digestId, int entries, boolean possibleDuplicate) implements SendOutcome {

        public Recovered(DigestId digestId, int entries) {
            this(digestId, entries, false);
        }
    }

    record NotDue(Duration rescheduledIn) implements SendOutcome {}

    /** A newer signal for the same subscription is on its way. */
    record Superseded() implements SendOutcome {}

    /** Another sender holds the lease; it re-checks what is pending when it finishes. */
    record Busy() implements SendOutcome {}

    record NothingPending() implements SendOutcome {}

    /** No such subscription, and nothing of it left behind. */
    record UnknownSubscription(String subscriptionId) implements SendOutcome {}

    /**
     * The subscription was deleted with work pending: its unsent entries were discarded and a digest in flight was
     * abandoned, so that nothing is mailed for it and a re-created subscription of the same id starts clean.
     */
    record SubscriptionDeleted(String subscriptionId, int discardedEntries) implements SendOutcome {}

    /** SES refused the digest permanently; the digest stays FAILED and is retried on replay. */
    record PermanentFailure(DigestId digestId, String reason) implements SendOutcome {}

    /**
     * The digest failed {@link io.bucketdigest.core.digest.DigestRecord#QUARANTINE_AFTER} times for a reason that is
     * neither transient nor an SES refusal: its entries are parked for an operator, and later entries flow on.
     */
    record Quarantined(DigestId digestId, String reason) implements SendOutcome {}
}
