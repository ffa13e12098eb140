package io.bucketdigest.cli;

import io.bucketdigest.testing.AwsTestClients;
import io.bucketdigest.testing.HistoryTableFixture;
import io.bucketdigest.testing.MotoServer;
import io.bucketdigest.testing.SharedMoto;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A pipeline's resources on the shared moto_server, with names unique to one test: the history table, both queue
 * pairs (with redrive policies), the SNS delivery dead-letter queue, the topic and a bucket. {@link #run} runs the CLI
 * in-process against them, with the names in the environment exactly as an operator would set them.
 */
public final class TestPipeline implements AutoCloseable {

    public final MotoServer moto;
    public final AwsTestClients aws;
    public final String suffix;
    public final String table;
    public final String ingestQueueUrl;
    public final String ingestDlqUrl;
    public final String deliveryDlqUrl;
    public final String digestQueueUrl;
    public final String digestDlqUrl;
    public final String topicArn;
    public final String bucket;
    public final Path home;
    private final Map<String, String> env = new HashMap<>();
    private int columns = 120;
    private List<ExecutionInterceptor> interceptors = List.of();
    private Clock clock = Clock.systemUTC();
    private StopSignal stopSignal = StopSignal.manual();
    private String terminalInput;

    private TestPipeline(MotoServer moto) {
        this.moto = moto;
        this.aws = new AwsTestClients(moto.endpoint());
        this.suffix = UUID.randomUUID().toString().substring(0, 8);
        this.table = HistoryTableFixture.create(aws.dynamoDb(), "history-" + suffix);
        this.ingestDlqUrl = aws.sqs().createQueue(b -> b.queueName("ingest-dlq-" + suffix)).queueUrl();
        this.digestDlqUrl = aws.sqs().createQueue(b -> b.queueName("digest-dlq-" + suffix)).queueUrl();
        this.deliveryDlqUrl = aws.sqs().createQueue(b -> b.queueName("delivery-dlq-" + suffix)).queueUrl();
        this.ingestQueueUrl = createWithRedrive("ingest-" + suffix, ingestDlqUrl);
        this.digestQueueUrl = createWithRedrive("digest-" + suffix, digestDlqUrl);
        this.topicArn = aws.sns().createTopic(b -> b.name("topic-" + suffix)).topicArn();
        this.bucket = "bucket-" + suffix;
        aws.s3().createBucket(b -> b.bucket(bucket));
        try {
            this.home = Files.createTempDirectory("bucket-digest-home-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("BUCKET_DIGEST_HOME", home.toString());
        env.put("HOME", home.toString());
        env.put("HISTORY_TABLE", table);
        env.put("INGEST_QUEUE_URL", ingestQueueUrl);
        env.put("INGEST_DLQ_URL", ingestDlqUrl);
        env.put("DELIVERY_DLQ_URL", deliveryDlqUrl);
        env.put("DIGEST_QUEUE_URL", digestQueueUrl);
        env.put("DIGEST_DLQ_URL", digestDlqUrl);
        env.put("TOPIC_ARN", topicArn);
        env.put("BUCKET_NAME", bucket);
    }

    public static TestPipeline create() {
        return new TestPipeline(SharedMoto.get());
    }

    private String createWithRedrive(String name, String deadLetterUrl) {
        String arn = aws.sqs().getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        return aws.sqs().createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
    }

    public URI endpoint() {
        return moto.endpoint();
    }

    public Map<String, String> env() {
        return env;
    }

    public TestPipeline columns(int width) {
        this.columns = width;
        return this;
    }

    public TestPipeline interceptors(ExecutionInterceptor... list) {
        this.interceptors = List.of(list);
        return this;
    }

    public TestPipeline clock(Clock fixed) {
        this.clock = fixed;
        return this;
    }

    public TestPipeline stopSignal(StopSignal signal) {
        this.stopSignal = signal;
        return this;
    }

    /**
     * Runs the following commands as if stdin were a terminal on which the operator types {@code lines}; null (the
     * default) runs them without a terminal.
     */
    public TestPipeline terminalInput(String lines) {
        this.terminalInput = lines;
        return this;
    }

    /** Runs the CLI with this pipeline's environment. */
    public CliRun run(String... args) {
        return runWith(env, args);
    }

    /** Runs the CLI with exactly this environment (plus COLUMNS). */
    public CliRun runWith(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> all = new HashMap<>(environment);
        all.put("COLUMNS", Integer.toString(columns));
        CliContext context = new CliContext(all, new PrintWriter(out), new PrintWriter(err), clock, false, 1,
                interceptors, stopSignal, Duration.ofMillis(100),
                terminalInput == null ? null : new BufferedReader(new StringReader(terminalInput)));
        int code = BucketDigestCli.run(context, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The environment without any resource variable: only endpoint, region and a clean home. */
    public Map<String, String> bareEnv() {
        Map<String, String> bare = new HashMap<>();
        bare.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        bare.put("AWS_REGION", "us-east-1");
        bare.put("BUCKET_DIGEST_HOME", home.toString());
        bare.put("HOME", home.toString());
        return bare;
    }

    public int visible(String queueUrl) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Override
    public void close() {
        aws.close();
    }
}
