package io.bucketdigest.core.sender;

/** The points between the sender's durable steps; the fault-injection tests crash the sender at each one. */
public enum SendStep {
    LEASE_ACQUIRED,
    DIGEST_CLAIMED,
    RENDERED,
    SEND_STARTED,
    SES_ACCEPTED,
    SENT_RECORDED,
    HISTORY_ANNOTATED,
    PENDING_REMOVED,
    COMPLETED
}
