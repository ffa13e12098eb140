package io.bucketdigest.core.normalize;

/** A message that can never be processed, whatever the retries. The reason names what was wrong. */
public final class MalformedMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public MalformedMessageException(String reason) {
        super(reason);
        this.reason = reason;
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
