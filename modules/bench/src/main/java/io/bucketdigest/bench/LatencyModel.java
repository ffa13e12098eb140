package io.bucketdigest.bench;

import java.util.Map;
import java.util.Random;

/**
 * The modelled AWS round trip of each SDK operation the functions make, in one place. Each is a lognormal distribution
 * fitted to a median and a 99th percentile (mu = ln p50, sigma = ln(p99 / p50) / z(0.99)).
 *
 * <p><b>Source: assumptions, not measurements.</b> AWS publishes no latency figures or SLA for these APIs (the SLAs
 * are about availability). The figures are typical in-region client-observed round trips (same region, warm HTTPS
 * connection, small items) as the issue that asked for this model states them: DynamoDB single-item p50 4 ms / p99
 * 12 ms, BatchWriteItem 8 ms, SQS 8 ms, SES SendEmail 60 ms. Where the issue gives one figure it is taken as the median
 * and given the same p99 / p50 spread (3x) as the single-item figure; Query, BatchGetItem and TransactWriteItems are
 * assumed by analogy (a page or a batch like BatchWriteItem; a transaction at twice a single write, it does two phases).
 * Every figure derived from this model is labelled "modelled" in docs/benchmarks.md.
 */
public record LatencyModel(Map<String, Distribution> byOperation, Distribution otherwise) {

    /** z such that P(Z <= z) = 0.99 for a standard normal Z. */
    static final double Z99 = 2.3263478740;

    public static final LatencyModel AWS_IN_REGION = new LatencyModel(Map.ofEntries(
            Map.entry("DynamoDb:GetItem", Distribution.of(4, 12)),
            Map.entry("DynamoDb:PutItem", Distribution.of(4, 12)),
            Map.entry("DynamoDb:UpdateItem", Distribution.of(4, 12)),
            Map.entry("DynamoDb:DeleteItem", Distribution.of(4, 12)),
            Map.entry("DynamoDb:Query", Distribution.of(6, 18)),
            Map.entry("DynamoDb:BatchWriteItem", Distribution.of(8, 24)),
            Map.entry("DynamoDb:BatchGetItem", Distribution.of(8, 24)),
            Map.entry("DynamoDb:TransactWriteItems", Distribution.of(8, 24)),
            Map.entry("Sqs:SendMessage", Distribution.of(8, 24)),
            Map.entry("Sqs:SendMessageBatch", Distribution.of(8, 24)),
            Map.entry("Sqs:ReceiveMessage", Distribution.of(8, 24)),
            Map.entry("Sqs:DeleteMessage", Distribution.of(8, 24)),
            Map.entry("Sqs:DeleteMessageBatch", Distribution.of(8, 24)),
            Map.entry("Sqs:ChangeMessageVisibility", Distribution.of(8, 24)),
            Map.entry("SesV2:SendEmail", Distribution.of(60, 180))),
            Distribution.of(8, 24));

    /** Where these figures come from, for the report. */
    public static final String SOURCE = "assumed typical in-region round trips (AWS publishes no latency figures for "
            + "these APIs): DynamoDB single-item p50 4 ms / p99 12 ms, Query p50 6 ms, BatchWriteItem, BatchGetItem, "
            + "TransactWriteItems and every SQS call p50 8 ms, SES SendEmail p50 60 ms; p99 = 3 × p50 throughout "
            + "(lognormal); see `LatencyModel`";

    /** A lognormal round trip given by its median and 99th percentile, in milliseconds. */
    public record Distribution(double p50Ms, double p99Ms) {

        public Distribution {
            if (p50Ms <= 0 || p99Ms < p50Ms) {
                throw new IllegalArgumentException("need 0 < p50 <= p99, got " + p50Ms + " and " + p99Ms);
            }
        }

        static Distribution of(double p50Ms, double p99Ms) {
            return new Distribution(p50Ms, p99Ms);
        }

        double sigma() {
            return Math.log(p99Ms / p50Ms) / Z99;
        }

        /** The mean of the lognormal, exp(mu + sigma^2 / 2): what a sum of many calls averages to. */
        public double meanMs() {
            double sigma = sigma();
            return p50Ms * Math.exp(sigma * sigma / 2);
        }

        public double sampleMs(Random random) {
            return p50Ms * Math.exp(sigma() * random.nextGaussian());
        }
    }

    /** {@code operation} as "Service:Operation" in the SDK's names, e.g. "DynamoDb:PutItem". */
    public Distribution of(String operation) {
        return byOperation.getOrDefault(operation, otherwise);
    }
}
