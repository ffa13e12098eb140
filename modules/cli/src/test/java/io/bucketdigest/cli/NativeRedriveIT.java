package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.testing.RequestCounter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The native redrive (StartMessageMoveTask), which moto lacks, against an embedded ElasticMQ. */
class NativeRedriveIT {

    private static SQSRestServer server;
    private static URI endpoint;
    private static AwsTestClients aws;
    private Map<String, String> env;
    private String dlqUrl;
    private String queueUrl;
    private String deliveryDlqUrl;

    @BeforeAll
    static void start() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(0).withAWSRegion("us-east-1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://127.0.0.1:" + port);
        aws = new AwsTestClients(endpoint);
    }

    @AfterAll
    static void stop() {
        aws.close();
        server.stopAndWait();
    }

    @BeforeEach
    void queues() throws Exception {
        SqsClient sqs = aws.sqs();
        String suffix = Long.toHexString(System.nanoTime());
        dlqUrl = sqs.createQueue(b -> b.queueName("ingest-dlq-" + suffix)).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = sqs.createQueue(b -> b.queueName("ingest-" + suffix).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}"))).queueUrl();
        deliveryDlqUrl = sqs.createQueue(b -> b.queueName("delivery-dlq-" + suffix)).queueUrl();
        env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("BUCKET_DIGEST_HOME", Files.createTempDirectory("bd-home").toString());
        env.put("INGEST_QUEUE_URL", queueUrl);
        env.put("INGEST_DLQ_URL", dlqUrl);
        env.put("DELIVERY_DLQ_URL", deliveryDlqUrl);
        env.put("COLUMNS", "100");
    }

    @Test
    void replay_withoutFilters_usesStartMessageMoveTaskAndShowsProgress() {
        for (int i = 0; i < 25; i++) {
            Messages.send(aws.sqs(), dlqUrl, Messages.sns(Messages.s3("photos", "k" + i, "ObjectCreated:Put")));
        }

        CliRun run = run("dlq", "replay", "ingest", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode summary = run.json();
        assertThat(summary.get("method").asText()).isEqualTo("StartMessageMoveTask");
        assertThat(summary.get("moved").asLong()).isEqualTo(25);
        assertThat(summary.get("failed").asLong()).isZero();
        assertThat(run.err()).contains("moving 25/25");
        assertThat(depth(dlqUrl)).isZero();
        assertThat(depth(queueUrl)).isEqualTo(25);
    }

    @Test
    void replay_withFilter_usesReceiveSendDeleteEvenWhereNativeExists() {
        Messages.send(aws.sqs(), dlqUrl, Messages.sns(Messages.s3("photos", "a", "ObjectCreated:Put")));
        Messages.send(aws.sqs(), dlqUrl, Messages.sns(Messages.s3("logs", "b", "ObjectCreated:Put")));

        CliRun run = run("dlq", "replay", "ingest", "--bucket", "logs", "-o", "json");

        assertThat(run.json().get("method").asText()).isEqualTo("receive/send/delete");
        assertThat(run.json().get("moved").asLong()).isEqualTo(1);
        assertThat(depth(dlqUrl)).isEqualTo(1);
        assertThat(depth(queueUrl)).isEqualTo(1);
    }

    @Test
    void replay_messagesMovedBySqsAfterMaxReceives_goBackToTheirSource() {
        for (int i = 0; i < 3; i++) {
            Messages.send(aws.sqs(), queueUrl, "{\"poison\":" + i + "}");
        }
        for (int receive = 0; receive < 8 && depth(dlqUrl) < 3; receive++) {
            aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(0));
        }
        assertThat(depth(dlqUrl)).isEqualTo(3);

        CliRun run = run("dlq", "replay", "ingest");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("moved 3, skipped 0, failed 0 (StartMessageMoveTask)");
        assertThat(depth(queueUrl)).isEqualTo(3);
    }

    @Test
    void replay_deliveryQueue_neverAsksForTheNativeRedrive_evenWhereItExists() {
        for (int i = 0; i < 3; i++) {
            Messages.send(aws.sqs(), deliveryDlqUrl, Messages.sns(Messages.s3("photos", "k" + i, "ObjectCreated:Put")));
        }
        Messages.send(aws.sqs(), deliveryDlqUrl, Messages.s3("photos", "raw", "ObjectCreated:Put"));
        RequestCounter requests = new RequestCounter();

        CliRun run = run(List.of(requests), "dlq", "replay", "delivery", "-o", "json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.json().get("method").asText()).isEqualTo("receive/send/delete");
        assertThat(run.json().get("moved").asLong()).isEqualTo(4);
        assertThat(run.err()).contains("whose source is an SNS subscription; moving messages by receive/send/delete");
        assertThat(requests.count("StartMessageMoveTask") + requests.count("ListMessageMoveTasks")).isZero();
        assertThat(depth(deliveryDlqUrl)).isZero();
        assertThat(depth(queueUrl)).isEqualTo(4);
        assertThat(depth(dlqUrl)).isZero();
    }

    private int depth(String url) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    private CliRun run(String... args) {
        return run(List.of(), args);
    }

    private CliRun run(List<ExecutionInterceptor> interceptors, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(env, new PrintWriter(out), new PrintWriter(err), Clock.systemUTC(), false,
                1, interceptors, StopSignal.manual(), Duration.ofMillis(100));
        int code = BucketDigestCli.run(context, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
