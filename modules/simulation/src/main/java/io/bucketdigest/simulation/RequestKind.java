package io.bucketdigest.simulation;

/** What a request is, which decides the faults it can meet (public for {@link InMemoryBackend}'s observers). */
public enum RequestKind {
    /** GetItem, Query, BatchGetItem: can be throttled, never half-done. */
    DB_READ,
    /** PutItem or UpdateItem, with or without a condition. */
    DB_WRITE,
    /** TransactWriteItems: the SDK's retry carries the same client request token, so it is applied at most once. */
    DB_TRANSACTION,
    /** One BatchWriteItem of up to 25 items: each item applied on its own. */
    DB_BATCH_WRITE,
    SQS_SEND,
    SES_SEND,
    /** A wait (rate limit, backoff): no request, no fault. */
    SLEEP
}
