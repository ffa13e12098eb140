package io.bucketdigest.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * An SDK {@link ExecutionInterceptor} that counts API calls per operation name ({@code "TransactWriteItems"},
 * {@code "UpdateItem"}, {@code "SendMessageBatch"}, ...), and sums the DynamoDB ConsumedCapacity that responses carry
 * (only requests that set ReturnConsumedCapacity get one, and some emulators never send it).
 *
 * <p>Counts are per call as the caller sees it (one per {@code client.operation(...)}), successful or failed; SDK
 * retries of the same call are not counted again. Attach it with
 * {@code ClientOverrideConfiguration.builder().addExecutionInterceptor(counter)} or
 * {@code new AwsTestClients(endpoint, counter)}. Interceptors run in the order they are added: add the counter before
 * a {@link RequestFaults}, or the calls that one fails are never seen. Thread-safe.
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> capacity = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.computeIfAbsent(operation(attributes), o -> new LongAdder()).increment();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String operation = operation(attributes);
        double units = consumedCapacityUnits(context.response());
        if (units > 0) {
            capacity.computeIfAbsent(operation, o -> new DoubleAdder()).add(units);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        String operation = operation(attributes);
        failures.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    /** Calls of {@code operation} (successful or failed) since creation or the last {@link #reset()}. */
    public long count(String operation) {
        LongAdder adder = calls.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** Failed calls of {@code operation}. */
    public long failures(String operation) {
        LongAdder adder = failures.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    /** All calls by operation name, sorted by name: handy for {@code assertThat(counter.counts()).containsExactly..}. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        calls.forEach((operation, adder) -> snapshot.put(operation, adder.sum()));
        return snapshot;
    }

    public long total() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Capacity units reported in responses of {@code operation}; 0 when the service reported none. */
    public double consumedCapacity(String operation) {
        DoubleAdder adder = capacity.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    public void reset() {
        calls.clear();
        failures.clear();
        capacity.clear();
    }

    private static String operation(ExecutionAttributes attributes) {
        String name = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        return name == null ? "(unknown)" : name;
    }

    /** Reads the ConsumedCapacity field of any DynamoDB response, whether a single value or a list. */
    private static double consumedCapacityUnits(SdkResponse response) {
        if (response == null) {
            return 0;
        }
        Object value = response.getValueForField("ConsumedCapacity", Object.class).orElse(null);
        if (value instanceof ConsumedCapacity single) {
            return units(single);
        }
        if (value instanceof List<?> list) {
            double sum = 0;
            for (Object element : list) {
                if (element instanceof ConsumedCapacity each) {
                    sum += units(each);
                }
            }
            return sum;
        }
        return 0;
    }

    private static double units(ConsumedCapacity capacity) {
        Double total = capacity.capacityUnits();
        if (total != null) {
            return total;
        }
        double read = capacity.readCapacityUnits() == null ? 0 : capacity.readCapacityUnits();
        double write = capacity.writeCapacityUnits() == null ? 0 : capacity.writeCapacityUnits();
        return read + write;
    }
}
