package io.bucketdigest.ingest;

import io.bucketdigest.aws.AwsClients;
import io.bucketdigest.aws.dynamodb.DynamoDbArrivalLedger;
import io.bucketdigest.aws.dynamodb.DynamoDbEventHistory;
import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.aws.sqs.SqsDigestSignals;
import io.bucketdigest.aws.sqs.SqsRejectedMessages;
import io.bucketdigest.core.ingest.IngestService;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The one place that builds the ingest function's object graph. */
public final class IngestWiring {

    /** Every IAM action this function's code calls; template.yaml must grant exactly these (checked by a test). */
    public static final Set<String> IAM_ACTIONS = Set.of(
            "dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem",
            "dynamodb:Query",
            "sqs:SendMessage");

    private final AwsClients clients;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final IngestService service;
    private final SubscriptionCatalog catalog;

    public IngestWiring(IngestConfig config, Clock clock) {
        this.clients = new AwsClients(Region.of(config.region()), config.endpoint());
        this.dynamoDb = clients.dynamoDb();
        this.sqs = clients.sqs();
        this.catalog = new SubscriptionCatalog(
                new DynamoDbSubscriptionStore(dynamoDb, config.historyTable()), config.defaultSubscription(),
                config.subscriptionCacheTtl(), clock);
        this.service = new IngestService(
                new S3MessageNormalizer(),
                catalog,
                new DynamoDbEventHistory(dynamoDb, config.historyTable(), config.retention(),
                        writePool(config.writeConcurrency())),
                new DynamoDbArrivalLedger(dynamoDb, config.historyTable()),
                new SqsDigestSignals(sqs, config.digestQueueUrl()),
                new SqsRejectedMessages(sqs, config.ingestDeadLetterQueueUrl()),
                config.defaultTiming(),
                clock);
    }

    /**
     * The threads that make a batch's history requests, at most {@code size} at once; built once per execution
     * environment like the clients. Each task carries the invocation's logging context (request id) to its thread.
     */
    private static Executor writePool(int size) {
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(size, task -> {
            Thread thread = new Thread(task, "ingest-write-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return task -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            pool.execute(() -> {
                if (context != null) {
                    MDC.setContextMap(context);
                }
                try {
                    task.run();
                } finally {
                    MDC.clear();
                }
            });
        };
    }

    public static IngestWiring fromEnvironment() {
        return new IngestWiring(IngestConfig.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    public IngestService service() {
        return service;
    }

    /**
     * Warms the code paths before a SnapStart snapshot: normalizes a sample message and reads the subscriptions, which
     * loads Jackson, the SDK marshallers and the HTTP stack. Best effort: a failure here resurfaces on the first event.
     */
    void prime() {
        try {
            new S3MessageNormalizer().normalize(PRIMING_MESSAGE);
            catalog.all();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(IngestWiring.class).info("priming incomplete: {}", e.toString());
        }
    }

    private static final String PRIMING_MESSAGE = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
            + "\"awsRegion\":\"us-east-1\",\"eventTime\":\"2026-01-01T00:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\","
            + "\"s3\":{\"bucket\":{\"name\":\"priming\"},\"object\":{\"key\":\"a+b%2Fc\",\"size\":1}}}]}";
}
