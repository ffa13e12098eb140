package io.bucketdigest.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.testing.RequestCounter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.InterceptorContext;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The shared RequestCounter (module test-support): counting and ConsumedCapacity, without an emulator. */
class RequestCounterTest {

    private final RequestCounter counter = new RequestCounter();

    private void call(String operation, SdkResponse response) {
        ExecutionAttributes attributes = ExecutionAttributes.builder()
                .put(SdkExecutionAttribute.OPERATION_NAME, operation).build();
        SdkRequest request = PutItemRequest.builder().tableName("t").build();
        counter.beforeExecution(InterceptorContext.builder().request(request).build(), attributes);
        if (response != null) {
            counter.afterExecution(InterceptorContext.builder().request(request).response(response).build(),
                    attributes);
        } else {
            counter.onExecutionFailure(null, attributes);
        }
    }

    @Test
    void counts_successfulAndFailedCallsPerOperation() {
        // WHEN
        call("PutItem", PutItemResponse.builder().build());
        call("PutItem", null);
        call("Query", QueryResponse.builder().build());

        // THEN
        assertThat(counter.counts()).containsExactly(Map.entry("PutItem", 2L), Map.entry("Query", 1L));
        assertThat(counter.failures("PutItem")).isEqualTo(1);
        assertThat(counter.count("UpdateItem")).isZero();
        assertThat(counter.total()).isEqualTo(3);
    }

    @Test
    void consumedCapacity_sumsSingleAndListValuesPerOperation() {
        // WHEN
        call("PutItem", PutItemResponse.builder()
                .consumedCapacity(ConsumedCapacity.builder().tableName("t").capacityUnits(1.0).build()).build());
        call("PutItem", PutItemResponse.builder()
                .consumedCapacity(ConsumedCapacity.builder().tableName("t").writeCapacityUnits(2.0).build()).build());
        call("BatchWriteItem", BatchWriteItemResponse.builder().consumedCapacity(
                ConsumedCapacity.builder().tableName("t").capacityUnits(25.0).build(),
                ConsumedCapacity.builder().tableName("u").capacityUnits(3.0).build()).build());
        call("Query", QueryResponse.builder().build());

        // THEN
        assertThat(counter.consumedCapacity("PutItem")).isEqualTo(3.0);
        assertThat(counter.consumedCapacity("BatchWriteItem")).isEqualTo(28.0);
        assertThat(counter.consumedCapacity("Query")).isZero();

        // AND WHEN
        counter.reset();

        // THEN
        assertThat(counter.total()).isZero();
        assertThat(counter.consumedCapacity("PutItem")).isZero();
    }
}
