package io.bucketdigest.core.sender;

import io.bucketdigest.core.digest.DigestId;
import java.time.Duration;

/** What one digest signal led to. */
public sealed interface SendOutcome {

    record Sent(DigestId digestId, int entries, String subject, String sesMessageId, boolean resentAfterCrash)
            implements SendOutcome {}

    /** A crashed digest whose mail SES had already accepted: only its cleanup was finished. */
    record Recovered(DigestId digestId, int entries) implements SendOutcome {}

    record NotDue(Duration rescheduledIn) implements SendOutcome {}

    /** A newer signal for the same subscription is on its way. */
    record Superseded() implements SendOutcome {}

    /** Another sender holds the lease; it re-checks what is pending when it finishes. */
    record Busy() implements SendOutcome {}

    record NothingPending() implements SendOutcome {}

    record UnknownSubscription(String subscriptionId) implements SendOutcome {}

    /** SES refused the digest permanently; the digest stays FAILED and is retried on replay. */
    record PermanentFailure(DigestId digestId, String reason) implements SendOutcome {}
}
