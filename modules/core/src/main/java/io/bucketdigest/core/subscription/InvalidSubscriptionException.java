package io.bucketdigest.core.subscription;

import java.util.List;

/** A subscription that fails validation; the message lists every problem at once. */
public final class InvalidSubscriptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidSubscriptionException(List<String> problems) {
        super("invalid subscription: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
