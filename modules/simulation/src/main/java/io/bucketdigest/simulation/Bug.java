package io.bucketdigest.simulation;

/**
 * Known bugs the simulator can put back, to prove it notices them (the self-test). Each one is a guard the code has
 * today, removed.
 */
enum Bug {
    /** The lease is granted even when another sender holds it: two senders send the same entries. */
    SEND_WITHOUT_LEASE,
    /** The release clears the pending marker without checking that no arrival was noted since. */
    RELEASE_IGNORES_ARRIVALS,
    /** The sender's "already reported" check answers "none" (PendingEntries.reportedBefore). */
    NO_REPORTED_BEFORE_CHECK,
    /** The follow-up signal a sender sends at its release (leftovers past max entries) is lost. */
    DROP_FOLLOW_UP_SIGNAL,
    /** The arrival note in two requests, pending marker first, as before issue 10. */
    TWO_STEP_ARRIVAL_NOTE,
    /** The SES client retries SendEmail on its own: a lost answer becomes a second, unflagged mail. */
    SES_SDK_RETRIES,
    /**
     * The complete transaction sets the state's last digest only where none is set (if_not_exists): every later part
     * of a burst claims to continue its first digest.
     */
    LAST_DIGEST_KEPT
}
