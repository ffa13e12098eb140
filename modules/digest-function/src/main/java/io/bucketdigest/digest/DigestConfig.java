package io.bucketdigest.digest;

import io.bucketdigest.aws.config.DefaultSubscriptions;
import io.bucketdigest.aws.config.Environment;
import io.bucketdigest.core.port.EventHistory;
import io.bucketdigest.core.ratelimit.SendRateShare;
import io.bucketdigest.core.render.ListHeaders;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the digest sender reads from its environment, read in one place.
 *
 * @param maxSendRate recipients per second for the whole account (SES_MAX_SEND_RATE); the account's own MaxSendRate
 *                    caps it when SES GetAccount gives one
 * @param concurrency instances of the function that may send at once (DIGEST_CONCURRENCY, the digest event source's
 *                    MaximumConcurrency): each one sends at its share of the rate, see {@link SendRateShare}
 */
public record DigestConfig(
        String historyTable,
        String digestQueueUrl,
        String digestDeadLetterQueueUrl,
        String senderAddress,
        ListHeaders listHeaders,
        Optional<Subscription> defaultSubscription,
        DigestTiming defaultTiming,
        int inlineLimit,
        Optional<String> configurationSet,
        double maxSendRate,
        int concurrency,
        Duration retention,
        Duration subscriptionCacheTtl,
        String region,
        Optional<URI> endpoint) {

    /** The variables this config reads (besides AWS_REGION / AWS_ENDPOINT_URL, which the runtime or a developer sets). */
    public static final Set<String> VARIABLES = Set.of(
            "HISTORY_TABLE", "DIGEST_QUEUE_URL", "DIGEST_DLQ_URL", "SENDER_ADDRESS", "SENDER_NAME", "UNSUBSCRIBE_ADDRESS",
            "DEFAULT_RECIPIENTS",
            "QUIET_PERIOD_SECONDS", "MAX_DELAY_SECONDS", "MAX_ENTRIES", "INLINE_LIMIT", "SES_CONFIGURATION_SET",
            "SES_MAX_SEND_RATE", "DIGEST_CONCURRENCY", "RETENTION_DAYS", "SUBSCRIPTION_CACHE_SECONDS");

    public static DigestConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        String table = env.required("HISTORY_TABLE");
        String digestQueue = env.required("DIGEST_QUEUE_URL");
        String deadLetterQueue = env.required("DIGEST_DLQ_URL");
        String sender = env.required("SENDER_ADDRESS");
        ListHeaders listHeaders = listHeaders(env);
        Optional<Subscription> defaultSubscription =
                DefaultSubscriptions.fromRecipients(env.list("DEFAULT_RECIPIENTS"), env);
        DigestTiming timing = new DigestTiming(
                env.seconds("QUIET_PERIOD_SECONDS", DigestTiming.DEFAULTS.quietPeriod(), 900),
                env.seconds("MAX_DELAY_SECONDS", DigestTiming.DEFAULTS.maxDelay(), 86_400),
                env.integer("MAX_ENTRIES", DigestTiming.DEFAULTS.maxEntries(), 1, DigestTiming.MAX_ENTRIES_LIMIT));
        int inlineLimit = env.integer("INLINE_LIMIT", 200, 1, 10_000);
        Optional<String> configurationSet = env.optional("SES_CONFIGURATION_SET");
        double sendRate = env.decimal("SES_MAX_SEND_RATE", 1.0, 0.01, 10_000);
        int concurrency = env.integer("DIGEST_CONCURRENCY", 1, 1, 1000);
        Duration retention = Duration.ofDays(
                env.integer("RETENTION_DAYS", 90, EventHistory.MIN_RETENTION_DAYS, 3650));
        Duration cacheTtl = env.seconds("SUBSCRIPTION_CACHE_SECONDS", Duration.ofSeconds(60), 3600);
        String region = env.optional("AWS_REGION").orElse("us-east-1");
        Optional<URI> endpoint = env.uri("AWS_ENDPOINT_URL");
        env.check("digest function");
        return new DigestConfig(table, digestQueue, deadLetterQueue, sender, listHeaders, defaultSubscription, timing, inlineLimit,
                configurationSet, sendRate, concurrency, retention, cacheTtl, region, endpoint);
    }

    private static ListHeaders listHeaders(Environment env) {
        String name = env.optional("SENDER_NAME").orElse(ListHeaders.DEFAULT_SENDER_NAME);
        String unsubscribe = env.optional("UNSUBSCRIBE_ADDRESS").orElse(null);
        try {
            return new ListHeaders(name, unsubscribe);
        } catch (IllegalArgumentException e) {
            env.problem("SENDER_NAME or UNSUBSCRIBE_ADDRESS: " + e.getMessage());
            return ListHeaders.NONE;
        }
    }
}
