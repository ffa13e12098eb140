package io.bucketdigest.cli;

import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.emulator.MotoServer;
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
    private int stacks;

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

    /**
     * A CloudFormation stack on moto whose outputs name this pipeline's resources (as the deployed template's do),
     * plus {@code extraOutputs} (such as AttachedBuckets); it holds nothing but a wait-condition handle. Returns its
     * name, for {@link #runStack}.
     */
    public String createStack(Map<String, String> extraOutputs) {
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("HistoryTableName", table);
        outputs.put("IngestQueueUrl", ingestQueueUrl);
        outputs.put("IngestDlqUrl", ingestDlqUrl);
        outputs.put("TopicDeliveryDlqUrl", deliveryDlqUrl);
        outputs.put("DigestQueueUrl", digestQueueUrl);
        outputs.put("DigestDlqUrl", digestDlqUrl);
        outputs.put("TopicArn", topicArn);
        outputs.put("BucketName", bucket);
        outputs.putAll(extraOutputs);
        com.fasterxml.jackson.databind.node.ObjectNode template =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        template.putObject("Resources").putObject("Handle").put("Type", "AWS::CloudFormation::WaitConditionHandle");
        com.fasterxml.jackson.databind.node.ObjectNode outputNode = template.putObject("Outputs");
        outputs.forEach((key, value) -> outputNode.putObject(key).put("Value", value));
        String stack = "bucket-digest-" + suffix + "-" + stacks++;
        try (var cfn = software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder()
                .endpointOverride(endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(AwsTestClients.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            cfn.createStack(b -> b.stackName(stack).templateBody(template.toString()));
        }
        return stack;
    }

    /** Runs the CLI with {@code --stack}, with only endpoint and region in the environment (no resource names). */
    public CliRun runStack(String stack, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--stack";
        all[1] = stack;
        System.arraycopy(args, 0, all, 2, args.length);
        return runWith(bareEnv(), all);
    }

    /**
     * Writes the local pipeline's ready file for these resources (as scripts/local does, sender {@code sender}, no
     * configuration set), and returns the environment that finds it: only the home, no endpoint or names.
     */
    public Map<String, String> localPipeline(String sender) {
        com.fasterxml.jackson.databind.node.ObjectNode local =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        local.put("endpoint", endpoint().toString());
        local.put("region", "us-east-1");
        local.put("bucket", bucket);
        local.put("topicArn", topicArn);
        local.put("ingestQueueUrl", ingestQueueUrl);
        local.put("ingestDlqUrl", ingestDlqUrl);
        local.put("deliveryDlqUrl", deliveryDlqUrl);
        local.put("digestQueueUrl", digestQueueUrl);
        local.put("digestDlqUrl", digestDlqUrl);
        local.put("historyTable", table);
        local.put("sender", sender);
        local.putArray("recipients").add("ops@example.com");
        try {
            Files.writeString(home.resolve("local.json"), local.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("BUCKET_DIGEST_HOME", home.toString());
        env.put("HOME", home.toString());
        return env;
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
