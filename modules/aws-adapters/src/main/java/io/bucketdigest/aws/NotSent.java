package io.bucketdigest.aws;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Stops every call after the SDK has marshalled and signed its request and before the HTTP client sees it, so priming
 * can run a function's requests through the SDK without anything reaching AWS. The call fails with a
 * {@link NonRetryableException}, so the SDK does not retry it; the adapters report it as they would any client error.
 */
public final class NotSent implements ExecutionInterceptor {

    private final AtomicInteger stopped = new AtomicInteger();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        stopped.incrementAndGet();
        throw NonRetryableException.builder()
                .message("not sent: " + context.httpRequest().method() + " " + context.httpRequest().encodedPath()
                        + " was only marshalled (priming)")
                .build();
    }

    /** How many requests this interceptor has stopped, each after it was marshalled and signed. */
    public int stopped() {
        return stopped.get();
    }
}
