package io.bucketdigest.template;

import java.util.OptionalInt;

/**
 * A function's SQS event source mapping.
 *
 * @param eventId                        the key under the function's {@code Events}
 * @param queueLogicalId                 logical id of the {@code AWS::SQS::Queue} it polls
 * @param batchSize                      BatchSize (Lambda's default 10 when absent)
 * @param maximumBatchingWindowInSeconds MaximumBatchingWindowInSeconds (0 when absent)
 * @param maximumConcurrency             ScalingConfig.MaximumConcurrency, empty when the mapping sets none
 * @param reportBatchItemFailures        whether FunctionResponseTypes contains ReportBatchItemFailures
 */
public record SqsEventSource(
        String eventId,
        String queueLogicalId,
        int batchSize,
        int maximumBatchingWindowInSeconds,
        OptionalInt maximumConcurrency,
        boolean reportBatchItemFailures) {}
