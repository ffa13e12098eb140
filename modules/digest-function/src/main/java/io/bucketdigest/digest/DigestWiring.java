package io.bucketdigest.digest;

import io.bucketdigest.aws.AwsClients;
import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.DynamoDbPendingEntries;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStates;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.ses.SesV2Clients;
import io.bucketdigest.aws.ses.SesV2DigestMailer;
import io.bucketdigest.aws.ses.SesV2SendQuota;
import io.bucketdigest.aws.sqs.SqsDigestSignals;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.ratelimit.SendRateShare;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.DigestSweep;
import io.bucketdigest.core.sender.SenderSettings;
import io.bucketdigest.core.sender.Sleeper;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The one place that builds the digest sender's object graph. */
public final class DigestWiring {

    /** Every IAM action this function's code calls; template.yaml must grant exactly these (checked by a test). */
    public static final Set<String> IAM_ACTIONS = Set.of(
            "dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:PutItem",
            "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
            "sqs:SendMessage", "ses:SendEmail", "ses:SendRawEmail", "ses:GetAccount");

    /** Longer than Lambda's 15-minute maximum timeout, so a live holder never loses its lease. */
    public static final Duration LEASE_DURATION = Duration.ofMinutes(16);

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SesV2Client ses;
    private final DigestSender sender;
    private final DigestSweep sweep;
    private final RejectedMessages deadLetters;
    private final DigestMetrics metrics;
    private final SubscriptionCatalog catalog;

    public DigestWiring(DigestConfig config, Clock clock, DigestMetrics metrics, StepListener steps) {
        this(config, clock, metrics, steps, UnaryOperator.identity());
    }

    /** {@code decorateMailer} wraps the SES mailer, e.g. the local runtime keeps a copy of each mail in an outbox. */
    public DigestWiring(DigestConfig config, Clock clock, DigestMetrics metrics, StepListener steps,
            UnaryOperator<DigestMailer> decorateMailer) {
        AwsClients clients = new AwsClients(Region.of(config.region()), config.endpoint());
        this.dynamoDb = clients.dynamoDb();
        this.sqs = clients.sqs();
        this.ses = SesV2Clients.withoutRetries(clients);
        this.metrics = metrics;
        this.catalog = new SubscriptionCatalog(new DynamoDbSubscriptionStore(dynamoDb, config.historyTable()),
                config.defaultSubscription(), config.subscriptionCacheTtl(), clock);
        DynamoDbSubscriptionStates states = new DynamoDbSubscriptionStates(dynamoDb, config.historyTable());
        SqsDigestSignals signals = new SqsDigestSignals(sqs, config.digestQueueUrl());
        Supplier<TokenBucket> sendRate = sendRate(config, new SesV2SendQuota(ses)::maxSendRate, clock);
        this.sender = new DigestSender(
                catalog,
                states,
                new DynamoDbPendingEntries(dynamoDb, config.historyTable(), config.retention(), clock),
                new DynamoDbDigestRecords(dynamoDb, config.historyTable(), config.retention(), clock),
                decorateMailer.apply(new SesV2DigestMailer(ses, config.configurationSet(), Sleeper.REAL, 6,
                        Duration.ofMillis(200), metrics::sesThrottled)),
                signals,
                sendRate,
                Sleeper.REAL,
                new SenderSettings(config.senderAddress(), config.configurationSet().orElse(null),
                        config.defaultTiming(), config.inlineLimit(), LEASE_DURATION, config.listHeaders()),
                clock,
                steps);
        this.sweep = new DigestSweep(catalog, states, signals, config.defaultTiming(), clock);
        this.deadLetters = new SqsRejectedMessages(sqs, config.digestDeadLetterQueueUrl());
    }

    public static DigestWiring fromEnvironment(DigestMetrics metrics) {
        return new DigestWiring(DigestConfig.fromEnvironment(System.getenv()), Clock.systemUTC(), metrics,
                StepListener.NONE);
    }

    public DigestSender sender() {
        return sender;
    }

    public DigestSweep sweep() {
        return sweep;
    }

    public RejectedMessages deadLetters() {
        return deadLetters;
    }

    public DigestMetrics metrics() {
        return metrics;
    }

    /** Warms the subscription read path before a SnapStart snapshot; best effort. */
    void prime() {
        try {
            catalog.all();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(DigestWiring.class).info("priming incomplete: {}", e.toString());
        }
    }

    /**
     * This instance's share of the account's send rate: the lower of SES_MAX_SEND_RATE and the account's MaxSendRate
     * (asked for on the first send), divided by DIGEST_CONCURRENCY.
     */
    static SendRateShare sendRate(DigestConfig config, Supplier<Optional<Double>> accountRate, Clock clock) {
        return new SendRateShare(config.maxSendRate(), config.concurrency(), accountRate, clock);
    }
}
