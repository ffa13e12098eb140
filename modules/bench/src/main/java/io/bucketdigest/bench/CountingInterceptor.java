package io.bucketdigest.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Registered globally (resource {@code software/amazon/awssdk/global/handlers/execution.interceptors}, kept in
 * target/interceptor so only the work-per-event run sees it), so it also sees the clients the functions' wiring builds
 * internally. Every call is handed to the {@link RequestLedger} with the stage the driver has set.
 */
public final class CountingInterceptor implements ExecutionInterceptor {

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        RequestLedger.INSTANCE.succeeded(name(attributes), context.request(), context.response());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        RequestLedger.INSTANCE.failed(name(attributes), context.request(), context.exception());
    }

    static String name(ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return (service == null ? "?" : service) + ":" + (operation == null ? "?" : operation);
    }
}
