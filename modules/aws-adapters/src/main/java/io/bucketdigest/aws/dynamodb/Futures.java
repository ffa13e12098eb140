package io.bucketdigest.aws.dynamodb;

import java.util.concurrent.CompletionException;

/** The failure inside a {@link CompletionException}, as the caller would have seen it had the task run in its thread. */
final class Futures {

    private Futures() {}

    /** Throws the cause if it is an {@link Error}; returns it if it is unchecked, or the wrapper itself otherwise. */
    static RuntimeException cause(CompletionException wrapped) {
        Throwable cause = wrapped.getCause();
        while (cause instanceof CompletionException nested && nested.getCause() != null) {
            cause = nested.getCause();
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException unchecked ? unchecked : wrapped;
    }
}
