package io.bucketdigest.simulation;

/** What the world does to one request. */
enum Fault {
    NONE,
    /** The actor dies before the request (a crash, an out-of-memory kill). */
    CRASH_BEFORE,
    /** The request takes effect, then the actor dies before it sees the answer. */
    CRASH_AFTER,
    /** The actor pauses for a long while before the request (a slow network, a GC pause); it may hit its deadline. */
    STALL,
    /** Refused before taking effect (throttling, a 5xx the SDK gave up on). */
    THROTTLE,
    /** Took effect, but the caller sees an error (a timeout, an answer lost on the way back). */
    TIMEOUT_AFTER_EFFECT,
    /** Took effect, the answer was lost, and the SDK sent the same request again: the caller sees the second answer. */
    SDK_RETRY,
    /** SES accepted the mail, then the answer was lost. */
    SES_UNCERTAIN,
    /** SES refused the mail for good (an unverified sender, a paused account). */
    SES_PERMANENT
}
