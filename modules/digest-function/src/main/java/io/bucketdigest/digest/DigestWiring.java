package io.bucketdigest.digest;

import io.bucketdigest.aws.AwsClients;
import io.bucketdigest.aws.NotSent;
import io.bucketdigest.aws.dynamodb.DynamoDbDigestRecords;
import io.bucketdigest.aws.dynamodb.DynamoDbPendingEntries;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStates;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.ses.SesV2Clients;
import io.bucketdigest.aws.ses.SesV2DigestMailer;
import io.bucketdigest.aws.ses.SesV2SendQuota;
import io.bucketdigest.aws.sqs.SqsDigestSignals;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestComposer;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.digest.PendingEntry;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.port.DigestMailer;
import io.bucketdigest.core.port.DigestSignals;
import io.bucketdigest.core.port.Lease;
import io.bucketdigest.core.port.RejectedMessages;
import io.bucketdigest.core.ratelimit.SendRateShare;
import io.bucketdigest.core.render.DigestRenderer;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.core.render.RenderedDigest;
import io.bucketdigest.core.ratelimit.TokenBucket;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.DigestSweep;
import io.bucketdigest.core.sender.SenderSettings;
import io.bucketdigest.core.sender.Sleeper;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.exception.NonRetryableException;
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
    private final DigestConfig config;
    private final Clock clock;

    public DigestWiring(DigestConfig config, Clock clock, DigestMetrics metrics, StepListener steps) {
        this(config, clock, metrics, steps, UnaryOperator.identity());
    }

    /** {@code decorateMailer} wraps the SES mailer, e.g. the local runtime keeps a copy of each mail in an outbox. */
    public DigestWiring(DigestConfig config, Clock clock, DigestMetrics metrics, StepListener steps,
            UnaryOperator<DigestMailer> decorateMailer) {
        AwsClients clients = new AwsClients(Region.of(config.region()), config.endpoint());
        this.config = config;
        this.clock = clock;
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
                decorateMailer.apply(mailer(ses, config, metrics)),
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

    private static SesV2DigestMailer mailer(SesV2Client ses, DigestConfig config, DigestMetrics metrics) {
        return new SesV2DigestMailer(ses, config.configurationSet(), Sleeper.REAL, 6, Duration.ofMillis(200),
                metrics::sesThrottled);
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

    /**
     * Warms what the first signal runs, before a SnapStart snapshot: reads the subscriptions (a real read), composes,
     * renders and MIME-writes a sample digest, and runs each request the first send makes (lease, pending query, digest
     * claim, SES SendEmail, completion, signal, account quota) through the SDK on clients whose {@link NotSent}
     * interceptor stops it after marshalling and signing, so nothing reaches AWS. Best effort: a failure here
     * resurfaces on the first event. Returns how many requests were marshalled.
     */
    int prime() {
        attempt(catalog::all);
        Instant now = clock.instant();
        Subscription subscription = new Subscription("priming", List.of("priming@example.com"), "priming-bucket",
                List.of(), Set.of(), null);
        DigestId id = DigestId.newId(now, new SplittableRandom(1));
        List<PendingEntry> entries = sampleEntries(subscription.id(), now);
        List<PendingRef> refs = entries.stream().map(PendingEntry::ref).toList();
        List<ObjectEvent> events = entries.stream().map(PendingEntry::event).toList();
        Digest digest = new DigestComposer().compose(id, subscription, events, now);
        RenderedDigest rendered = new DigestRenderer().render(digest, config.inlineLimit());
        byte[] raw = new MimeMessageWriter(config.listHeaders()).write(config.senderAddress(),
                subscription.recipients(), config.configurationSet().orElse(null), rendered, id.value(), now);

        NotSent notSent = new NotSent();
        try (AwsClients offline = new AwsClients(Region.of(config.region()), config.endpoint(), List.of(notSent))) {
            DynamoDbClient offlineDynamoDb = offline.dynamoDb();
            SesV2Client offlineSes = SesV2Clients.withoutRetries(offline);
            var states = new DynamoDbSubscriptionStates(offlineDynamoDb, config.historyTable());
            var pending = new DynamoDbPendingEntries(offlineDynamoDb, config.historyTable(), config.retention(), clock);
            var records = new DynamoDbDigestRecords(offlineDynamoDb, config.historyTable(), config.retention(), clock);
            var mailer = mailer(offlineSes, config, metrics);
            var signals = new SqsDigestSignals(offline.sqs(), config.digestQueueUrl());
            Lease lease = new Lease(subscription.id(), "priming", now.plus(LEASE_DURATION));
            DigestRecord record = DigestRecord.sending(id, subscription.id(), entries.size(), now, now, now,
                    subscription.recipients());
            attempt(() -> states.read(subscription.id()));
            attempt(() -> states.acquire(subscription.id(), lease.owner(), now, lease.expiresAt()));
            attempt(() -> pending.oldest(subscription.id(), 100));
            attempt(() -> records.create(record, refs, lease));
            attempt(() -> records.markSendStarted(id, now, rendered.subject(), false, lease));
            attempt(() -> mailer.send(new DigestMailer.Mail(config.senderAddress(), subscription.recipients(),
                    raw, id, subscription.id())));
            attempt(() -> records.markSent(id, "priming", now, lease));
            attempt(() -> pending.annotate(id, entries));
            attempt(() -> pending.remove(subscription.id(), refs));
            attempt(() -> records.complete(id, lease));
            attempt(() -> states.release(lease, Optional.empty(), 0));
            attempt(() -> signals.send(List.of(new DigestSignals.Signal(subscription.id(), now,
                    Duration.ZERO))));
            attempt(() -> new SesV2SendQuota(offlineSes).maxSendRate());
        }
        return notSent.stopped();
    }

    private static List<PendingEntry> sampleEntries(String subscriptionId, Instant now) {
        List<PendingEntry> entries = new ArrayList<>();
        String[] names = {"ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete",
                "ObjectCreated:Put"};
        for (int i = 0; i < names.length; i++) {
            Instant at = now.minusSeconds(60L * (names.length - i));
            ObjectEvent event = ObjectEvent.builder("priming-bucket", "reports/2026/part-" + (i % 3) + ".csv",
                    names[i], at).size(names[i].startsWith("ObjectRemoved") ? null : 1_024L * (i + 1)).build();
            entries.add(new PendingEntry(subscriptionId, new PendingRef(i % 4, "p#" + at + "#" + i), event, at));
        }
        return entries;
    }

    /** Runs one priming step; ending at {@link NotSent} is the plan, any other failure is logged and skipped. */
    private static void attempt(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (!(e.getCause() instanceof NonRetryableException) && !(e instanceof NonRetryableException)) {
                org.slf4j.LoggerFactory.getLogger(DigestWiring.class).info("priming incomplete: {}", e.toString());
            }
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
