package io.bucketdigest.bench;

import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes each SDK call take at least its modelled round trip ({@link ModelledLatency}): it measures the call against
 * the emulator and sleeps the remainder, so a call takes max(emulator, modelled). Registered globally next to the
 * {@link CountingInterceptor} (target/interceptor), and a no-op while the model is off. The sleep is on the thread
 * that completes the call: calls made in parallel from several threads (a sync client on an executor) overlap their
 * modelled round trips as they would in AWS; with an async client it would hold the SDK's completion thread instead.
 * Keep the ledger's stage NOT_COUNTED while timing: its read-backs run inside the call and would be timed too.
 */
public final class LatencyInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench.latency.startedNanos");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        holdUntilModelled(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        holdUntilModelled(attributes);
    }

    private static void holdUntilModelled(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        double modelledMs = ModelledLatency.INSTANCE.drawMs(CountingInterceptor.name(attributes));
        if (started == null || modelledMs <= 0) {
            return;
        }
        long remaining = (long) (modelledMs * 1e6) - (System.nanoTime() - started);
        ModelledLatency.INSTANCE.completed(remaining <= 0);
        if (remaining > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
