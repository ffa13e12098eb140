package io.bucketdigest.bench;

/**
 * Published us-east-1 on-demand prices used for the cost per million events, with where each was confirmed. The
 * aws.amazon.com pricing pages themselves could not be opened from the benchmark machine (no internet access); the
 * figures were checked on 2026-11-29 against the secondary sources named in {@link #SOURCES}.
 */
final class Prices {

    static final String AS_OF = "2026-11-29";

    /** Lambda, Arm (template.yaml: Architectures [arm64]), first pricing tier. */
    static final double LAMBDA_PER_GB_SECOND_ARM = 0.0000133334;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    static final double SQS_PER_MILLION_REQUESTS = 0.40;
    static final double SNS_PER_MILLION_PUBLISHES = 0.50;
    static final double DYNAMODB_PER_MILLION_WRU = 0.625;
    static final double DYNAMODB_PER_MILLION_RRU = 0.125;
    /** SES à la carte: $0.10 per 1,000 outbound recipients (the Essentials plan is $0.16 per 1,000). */
    static final double SES_PER_THOUSAND_EMAILS = 0.10;
    static final double CLOUDWATCH_LOGS_PER_GB = 0.50;

    static final String SOURCES = """
            | item | price used | confirmed by | status |
            |---|---|---|---|
            | Lambda duration, Arm | $0.0000133334 per GB-s (first 7.5 B GB-s/month) | cloudchipr.com/blog/aws-lambda-pricing; artillery `lib/platform/aws-lambda/prices.js` (arm64 1333340e-11, citing aws.amazon.com/lambda/pricing) | confirmed (secondary) |
            | Lambda requests | $0.20 per 1 M | git.mcrn.ar lambda_local_runner docs/lambdas-md/lambda-13-cost.md; api-evangelist aws-lambda plans (quoting aws.amazon.com/lambda/pricing) | confirmed (secondary) |
            | SQS standard requests | $0.40 per 1 M (each 64 KB chunk is a request; first 1 M/month free, ignored here) | cloudburn.io/blog/amazon-sqs-pricing (March 2026); factualminds.com SQS pricing (June 2026) | confirmed (secondary) |
            | SNS standard publish | $0.50 per 1 M publishes | factualminds.com SNS pricing (June 2026); awsnegotiations.com | confirmed (secondary) |
            | SNS delivery to SQS | $0 | not confirmed in this session (long-standing "no charge for SQS deliveries") | **assumed** |
            | DynamoDB on-demand | $0.625 per 1 M WRU, $0.125 per 1 M RRU (after the Nov 2024 50 % cut) | airbyte.com/data-engineering-resources/dynamodb-pricing; jusdb.com cost guide | confirmed (secondary) |
            | SES outbound | $0.10 per 1,000 recipients à la carte; $0.12 per GB of attachments | api-evangelist/amazon-ses `plans/amazon-ses-plans-pricing.yml` (read from the AWS Price List API, publication 2026-07-22); it also lists the Essentials plan at $0.16 per 1,000 | confirmed (secondary) |
            | CloudWatch Logs ingestion | $0.50 per GB | not confirmed in this session | **assumed** |
            | KMS (the SNS topics use a customer-managed key) | not included | — | not modelled |
            """;

    private Prices() {}

    /**
     * Lambda duration on Arm, per million events, for invocations that each take {@code invocationMs} at
     * {@code memoryMb} and handle {@code eventsPerInvocation} events.
     */
    static double lambdaDurationUsdPerMillionEvents(double invocationMs, int eventsPerInvocation, int memoryMb) {
        double gbSecondsPerEvent = invocationMs / 1000 / eventsPerInvocation * memoryMb / 1024.0;
        return gbSecondsPerEvent * 1e6 * LAMBDA_PER_GB_SECOND_ARM;
    }
}
