package io.bucketdigest.core.port;

/** A write under a lease found the lease owned by someone else: this holder must stop at once. */
public final class LeaseLostException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
