package io.bucketdigest.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An SDK {@link ExecutionInterceptor} that fails chosen requests before they are sent, to test failure handling
 * against a real emulator: {@code faults.failWhen(r -> r instanceof TransactWriteItemsRequest t && ..., () ->
 * DynamoDbException.builder().statusCode(500).message("injected").build())}. Requests matching no rule go through.
 * Thread-safe; rules apply until {@link #clear()}.
 */
public final class RequestFaults implements ExecutionInterceptor {

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();

    /** Every request matching {@code condition} throws the exception {@code failure} supplies. */
    public RequestFaults failWhen(Predicate<SdkRequest> condition, Supplier<? extends RuntimeException> failure) {
        rules.add(new Rule(condition, failure));
        return this;
    }

    /** How many requests were failed so far. */
    public int injectedFailures() {
        return injected.get();
    }

    public void clear() {
        rules.clear();
        injected.set(0);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        for (Rule rule : rules) {
            if (rule.condition().test(context.request())) {
                injected.incrementAndGet();
                throw rule.failure().get();
            }
        }
    }

    private record Rule(Predicate<SdkRequest> condition, Supplier<? extends RuntimeException> failure) {}
}
