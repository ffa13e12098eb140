package io.bucketdigest.bench;

import io.bucketdigest.aws.dynamodb.DynamoDbSubscriptionStore;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.ingest.IngestConfig;
import io.bucketdigest.ingest.IngestHandler;
import io.bucketdigest.ingest.IngestMetrics;
import io.bucketdigest.ingest.IngestWiring;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prepares the emulator for the cold-start runs. {@code provision --endpoint URL --env-file FILE} creates the table,
 * queues and SES identity and writes the functions' environment as {@code KEY=VALUE} lines. {@code seed --endpoint URL
 * --env-file FILE --subscriptions K} stores K subscriptions ({@code cold-01}...) and ingests 10 events into each, so that
 * each digest cold start sends a real 10-entry digest for its own subscription.
 */
public final class ColdStartFixture {

    private ColdStartFixture() {}

    public static void main(String[] args) throws Exception {
        String command = args[0];
        URI endpoint = null;
        Path envFile = null;
        int subscriptions = 0;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--endpoint" -> endpoint = URI.create(args[++i]);
                case "--env-file" -> envFile = Path.of(args[++i]);
                case "--subscriptions" -> subscriptions = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
        }
        try (AwsTestClients aws = new AwsTestClients(endpoint)) {
            if (command.equals("provision")) {
                provision(aws, endpoint, envFile);
            } else if (command.equals("seed")) {
                seed(aws, readEnv(envFile), subscriptions);
            } else {
                throw new IllegalArgumentException("unknown command " + command);
            }
        }
        System.exit(0);
    }

    private static void provision(AwsTestClients aws, URI endpoint, Path envFile) throws Exception {
        String table = "cold-history";
        HistoryTableFixture.create(aws.dynamoDb(), table);
        Map<String, String> env = new TreeMap<>();
        env.put("HISTORY_TABLE", table);
        env.put("DIGEST_QUEUE_URL", aws.sqs().createQueue(b -> b.queueName("cold-digest")).queueUrl());
        env.put("INGEST_DLQ_URL", aws.sqs().createQueue(b -> b.queueName("cold-ingest-dlq")).queueUrl());
        env.put("DIGEST_DLQ_URL", aws.sqs().createQueue(b -> b.queueName("cold-digest-dlq")).queueUrl());
        env.put("SENDER_ADDRESS", "digest@cold.example.com");
        aws.ses().createEmailIdentity(b -> b.emailIdentity("digest@cold.example.com"));
        env.put("DEFAULT_RECIPIENTS", "team@example.com");
        env.put("QUIET_PERIOD_SECONDS", "0");
        env.put("SES_MAX_SEND_RATE", "50");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("POWERTOOLS_METRICS_NAMESPACE", "BucketDigest");
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        List<String> lines = new ArrayList<>();
        env.forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(envFile, lines, StandardCharsets.UTF_8);
    }

    private static void seed(AwsTestClients aws, Map<String, String> env, int count) {
        DynamoDbSubscriptionStore store = new DynamoDbSubscriptionStore(aws.dynamoDb(), env.get("HISTORY_TABLE"));
        for (int i = 1; i <= count; i++) {
            store.save(new Subscription(String.format("cold-%02d", i), List.of("ops@example.com"), null, List.of(),
                    Set.of(), null));
        }
        Map<String, String> ingestEnv = new HashMap<>(env);
        ingestEnv.keySet().retainAll(IngestConfig.VARIABLES);
        ingestEnv.put("AWS_REGION", env.get("AWS_REGION"));
        ingestEnv.put("AWS_ENDPOINT_URL", env.get("AWS_ENDPOINT_URL"));
        IngestHandler ingest = IngestHandler.from(new IngestWiring(IngestConfig.fromEnvironment(ingestEnv),
                Clock.systemUTC()), IngestMetrics.none());
        ingest.handleRequest(SqsEvents.of(S3Fixtures.snsBodies("cold-seed-bucket", 100_000, 10, Instant.now()),
                "arn:aws:sqs:us-east-1:123456789012:seed"), new BenchContext("seed", 512, Duration.ofSeconds(60)));
    }

    static Map<String, String> readEnv(Path envFile) throws Exception {
        Map<String, String> env = new TreeMap<>();
        for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
