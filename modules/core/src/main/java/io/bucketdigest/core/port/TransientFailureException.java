package io.bucketdigest.core.port;

/** A failure worth retrying later (throttling, a service error, a timeout): the message goes back to its queue. */
public class TransientFailureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailureException(String message) {
        super(message);
    }
}
