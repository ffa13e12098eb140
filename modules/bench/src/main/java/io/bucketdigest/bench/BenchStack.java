package io.bucketdigest.bench;

import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.digest.DigestConfig;
import io.bucketdigest.digest.DigestHandler;
import io.bucketdigest.digest.DigestWiring;
import io.bucketdigest.ingest.IngestConfig;
import io.bucketdigest.ingest.IngestHandler;
import io.bucketdigest.digest.DigestMetrics;
import io.bucketdigest.ingest.IngestMetrics;
import io.bucketdigest.ingest.IngestWiring;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The pipeline's resources in the emulator (history table, queues, SES identity) and the two functions' environments,
 * as template.yaml wires them, for benchmarks that run the real handlers in-process. One subscription: the default one,
 * with one recipient.
 */
record BenchStack(String table, String digestQueue, String digestQueueArn, Map<String, String> ingestEnv,
        Map<String, String> digestEnv) {

    static final String RECIPIENT = "team@example.com";
    static final String INGEST_QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:bench-ingest";

    static BenchStack provision(AwsTestClients aws, URI endpoint, int quietSeconds, int maxEntries) {
        String table = "bench-history";
        HistoryTableFixture.create(aws.dynamoDb(), table);
        String ingestDlq = aws.sqs().createQueue(b -> b.queueName("bench-ingest-dlq")).queueUrl();
        String digestDlq = aws.sqs().createQueue(b -> b.queueName("bench-digest-dlq")).queueUrl();
        String digestQueue = aws.sqs().createQueue(b -> b.queueName("bench-digest")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1800"))).queueUrl();
        String digestQueueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(digestQueue)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        String sender = "digest@bench.example.com";
        aws.ses().createEmailIdentity(b -> b.emailIdentity(sender));

        Map<String, String> env = new HashMap<>();
        env.put("HISTORY_TABLE", table);
        env.put("DIGEST_QUEUE_URL", digestQueue);
        env.put("INGEST_DLQ_URL", ingestDlq);
        env.put("DIGEST_DLQ_URL", digestDlq);
        env.put("SENDER_ADDRESS", sender);
        env.put("DEFAULT_RECIPIENTS", RECIPIENT);
        env.put("QUIET_PERIOD_SECONDS", Integer.toString(quietSeconds));
        env.put("MAX_DELAY_SECONDS", "900");
        env.put("MAX_ENTRIES", Integer.toString(maxEntries));
        env.put("SES_MAX_SEND_RATE", "50");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        Map<String, String> ingestEnv = new HashMap<>(env);
        ingestEnv.remove("DIGEST_DLQ_URL");
        ingestEnv.remove("SENDER_ADDRESS");
        ingestEnv.remove("MAX_ENTRIES");
        ingestEnv.remove("SES_MAX_SEND_RATE");
        Map<String, String> digestEnv = new HashMap<>(env);
        digestEnv.remove("INGEST_DLQ_URL");
        return new BenchStack(table, digestQueue, digestQueueArn, Map.copyOf(ingestEnv), Map.copyOf(digestEnv));
    }

    IngestHandler ingestHandler(Clock clock) {
        return IngestHandler.from(new IngestWiring(IngestConfig.fromEnvironment(ingestEnv), clock), IngestMetrics.none());
    }

    DigestHandler digestHandler(Clock clock) {
        return DigestHandler.from(new DigestWiring(DigestConfig.fromEnvironment(digestEnv), clock,
                DigestMetrics.none(), StepListener.NONE));
    }
}
