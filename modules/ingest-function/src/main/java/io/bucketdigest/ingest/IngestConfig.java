package io.bucketdigest.ingest;

import io.bucketdigest.aws.config.DefaultSubscriptions;
import io.bucketdigest.aws.config.Environment;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything the ingest function reads from its environment, read in one place. */
public record IngestConfig(
        String historyTable,
        String digestQueueUrl,
        String ingestDeadLetterQueueUrl,
        Duration retention,
        Optional<Subscription> defaultSubscription,
        DigestTiming defaultTiming,
        Duration subscriptionCacheTtl,
        int writeConcurrency,
        String region,
        Optional<URI> endpoint) {

    /** The variables this config reads (besides AWS_REGION / AWS_ENDPOINT_URL, which the runtime or a developer sets). */
    public static final Set<String> VARIABLES = Set.of(
            "HISTORY_TABLE", "DIGEST_QUEUE_URL", "INGEST_DLQ_URL", "RETENTION_DAYS", "DEFAULT_RECIPIENTS",
            "QUIET_PERIOD_SECONDS", "MAX_DELAY_SECONDS", "SUBSCRIPTION_CACHE_SECONDS", "WRITE_CONCURRENCY");

    /**
     * How many history requests of a batch run at once (DynamoDbEventHistory). 50 records a batch of 100 new events in
     * two round trips of conditional puts and one of pending entries; the JVM keeps up to {@code http.maxConnections}
     * (template.yaml's JAVA_TOOL_OPTIONS: 100) connections alive for reuse, so the bound stays at or below that.
     */
    public static final int DEFAULT_WRITE_CONCURRENCY = 100;
    public static final int MAX_WRITE_CONCURRENCY = 100;

    public static IngestConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        String table = env.required("HISTORY_TABLE");
        String digestQueue = env.required("DIGEST_QUEUE_URL");
        String deadLetterQueue = env.required("INGEST_DLQ_URL");
        Duration retention = Duration.ofDays(
                env.integer("RETENTION_DAYS", 90, EventHistory.MIN_RETENTION_DAYS, 3650));
        Optional<Subscription> defaultSubscription =
                DefaultSubscriptions.fromRecipients(env.list("DEFAULT_RECIPIENTS"), env);
        DigestTiming timing = new DigestTiming(
                env.seconds("QUIET_PERIOD_SECONDS", DigestTiming.DEFAULTS.quietPeriod(), 900),
                env.seconds("MAX_DELAY_SECONDS", DigestTiming.DEFAULTS.maxDelay(), 86_400),
                DigestTiming.DEFAULTS.maxEntries());
        Duration cacheTtl = env.seconds("SUBSCRIPTION_CACHE_SECONDS", Duration.ofSeconds(60), 3600);
        int writeConcurrency = env.integer("WRITE_CONCURRENCY", DEFAULT_WRITE_CONCURRENCY, 1, MAX_WRITE_CONCURRENCY);
        String region = env.optional("AWS_REGION").orElse("us-east-1");
        Optional<URI> endpoint = env.uri("AWS_ENDPOINT_URL");
        env.check("ingest function");
        return new IngestConfig(table, digestQueue, deadLetterQueue, retention, defaultSubscription, timing, cacheTtl,
                writeConcurrency, region, endpoint);
    }
}
