package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketdigest.emulator.MotoServer;
import io.bucketdigest.testing.RequestFaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

class ResolutionIT {

    private TestPipeline pipeline;

    @BeforeEach
    void create() {
        pipeline = TestPipeline.create();
        pipeline.run("subscriptions", "add", "team", "-r", "t@example.com");
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    private Path writeLocalFile(String endpoint) throws IOException {
        ObjectNode local = new ObjectMapper().createObjectNode();
        local.put("endpoint", endpoint);
        local.put("region", "us-east-1");
        local.put("bucket", pipeline.bucket);
        local.put("topicArn", pipeline.topicArn);
        local.put("ingestQueueUrl", pipeline.ingestQueueUrl);
        local.put("ingestDlqUrl", pipeline.ingestDlqUrl);
        local.put("deliveryDlqUrl", pipeline.deliveryDlqUrl);
        local.put("digestQueueUrl", pipeline.digestQueueUrl);
        local.put("digestDlqUrl", pipeline.digestDlqUrl);
        local.put("historyTable", pipeline.table);
        local.put("sender", "digests@example.com");
        local.putArray("recipients").add("ops@example.com");
        Path file = pipeline.home.resolve("local.json");
        Files.writeString(file, local.toString());
        return file;
    }

    private Map<String, String> noEndpointEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("BUCKET_DIGEST_HOME", pipeline.home.toString());
        env.put("HOME", pipeline.home.toString());
        return env;
    }

    @Test
    void localPipelineFile_isTheDefault() throws IOException {
        Path file = writeLocalFile(pipeline.endpoint().toString());

        CliRun resources = pipeline.runWith(noEndpointEnv(), "resources", "-o", "json");
        assertThat(resources.exitCode()).as(resources.toString()).isZero();
        Map<String, JsonNode> bySetting = new HashMap<>();
        resources.jsonLines().forEach(l -> bySetting.put(l.get("setting").asText(), l));
        assertThat(bySetting.get("history table").get("value").asText()).isEqualTo(pipeline.table);
        assertThat(bySetting.get("history table").get("source").asText()).isEqualTo("local pipeline");
        assertThat(pipeline.runWith(noEndpointEnv(), "resources").out()).contains("(local pipeline = " + file + ")");
        assertThat(bySetting.get("endpoint").get("value").asText()).isEqualTo(pipeline.endpoint().toString());
        assertThat(bySetting.get("credentials").get("value").asText()).contains("dummy");

        CliRun list = pipeline.runWith(noEndpointEnv(), "subscriptions", "list", "-o", "json");
        assertThat(list.json().get("id").asText()).isEqualTo("team");
        assertThat(pipeline.runWith(noEndpointEnv(), "dlq", "stats").exitCode()).isZero();
    }

    @Test
    void localFileFromBeforeTheDeliveryDlq_namesTheMissingFieldAndTheFix() throws IOException {
        Path file = writeLocalFile(pipeline.endpoint().toString());
        ObjectNode older = (ObjectNode) new ObjectMapper().readTree(Files.readString(file));
        older.remove("deliveryDlqUrl");
        Files.writeString(file, older.toString());

        CliRun stats = pipeline.runWith(noEndpointEnv(), "dlq", "stats");

        assertThat(stats.exitCode()).as(stats.toString()).isEqualTo(3);
        assertThat(stats.err()).contains(file + " has no deliveryDlqUrl (the SNS delivery dead-letter queue)",
                "restart the local pipeline (scripts/local)", "--delivery-dlq-url", "DELIVERY_DLQ_URL");
        CliRun resources = pipeline.runWith(noEndpointEnv(), "resources", "-o", "json");
        assertThat(resources.exitCode()).isZero();
        assertThat(resources.out()).contains("not configured (--delivery-dlq-url)");
        Map<String, String> withFlag = noEndpointEnv();
        withFlag.put("DELIVERY_DLQ_URL", pipeline.deliveryDlqUrl);
        assertThat(pipeline.runWith(withFlag, "dlq", "stats").exitCode()).isZero();
    }

    @Test
    void flagsBeatEnvironment_atAnyPosition() {
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("HISTORY_TABLE", "wrong-table");

        assertThat(pipeline.runWith(env, "subscriptions", "list").exitCode()).isEqualTo(3);
        CliRun before = pipeline.runWith(env, "--table", pipeline.table, "subscriptions", "list", "-o", "json");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        CliRun after = pipeline.runWith(env, "subscriptions", "list", "--table", pipeline.table, "-o", "json");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.json().get("id").asText()).isEqualTo("team");
        CliRun resources = pipeline.runWith(env, "resources", "--table", pipeline.table);
        assertThat(resources.out()).contains("--table");
    }

    @Test
    void stackOutputs_areReadWithStack_andTheLocalFileIsIgnored() throws IOException {
        writeLocalFile("http://127.0.0.1:1");
        String stack = "bucket-digest-" + pipeline.suffix;
        String template = "{\"Resources\":{\"Handle\":{\"Type\":\"AWS::CloudFormation::WaitConditionHandle\"}},"
                + "\"Outputs\":{"
                + "\"HistoryTableName\":{\"Value\":\"" + pipeline.table + "\"},"
                + "\"IngestQueueUrl\":{\"Value\":\"" + pipeline.ingestQueueUrl + "\"},"
                + "\"IngestDlqUrl\":{\"Value\":\"" + pipeline.ingestDlqUrl + "\"},"
                + "\"TopicDeliveryDlqUrl\":{\"Value\":\"" + pipeline.deliveryDlqUrl + "\"},"
                + "\"DigestQueueUrl\":{\"Value\":\"" + pipeline.digestQueueUrl + "\"},"
                + "\"DigestDlqUrl\":{\"Value\":\"" + pipeline.digestDlqUrl + "\"},"
                + "\"TopicArn\":{\"Value\":\"" + pipeline.topicArn + "\"},"
                + "\"BucketName\":{\"Value\":\"" + pipeline.bucket + "\"}}}";
        try (var cfn = software.amazon.awssdk.services.cloudformation.CloudFormationClient.builder()
                .endpointOverride(pipeline.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(io.bucketdigest.emulator.AwsTestClients.CREDENTIALS)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            cfn.createStack(b -> b.stackName(stack).templateBody(template));
        }

        CliRun resources = pipeline.runWith(pipeline.bareEnv(), "--stack", stack, "resources", "-o", "json");
        assertThat(resources.exitCode()).as(resources.toString()).isZero();
        assertThat(resources.out()).contains("stack " + stack + " output HistoryTableName",
                "stack " + stack + " output DigestDlqUrl", "stack " + stack + " output TopicDeliveryDlqUrl");
        CliRun list = pipeline.runWith(pipeline.bareEnv(), "subscriptions", "list", "--stack", stack, "-o", "json");
        assertThat(list.json().get("id").asText()).isEqualTo("team");
        assertThat(pipeline.runWith(pipeline.bareEnv(), "--stack", stack, "dlq", "stats").exitCode()).isZero();
    }

    @Test
    void missingStack_isResourceError() {
        CliRun run = pipeline.runWith(pipeline.bareEnv(), "--stack", "no-such-stack", "status");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Stack no-such-stack does not exist", "--region", "--profile");
    }

    @Test
    void nothingConfigured_isResourceErrorListingEveryWay() {
        CliRun run = pipeline.runWith(pipeline.bareEnv(), "subscriptions", "list");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("no history table configured", "--table", "HISTORY_TABLE", "--stack NAME",
                "local pipeline", "local.json");
    }

    @Test
    void staleLocalFile_unreachableEndpointSaysSo() throws IOException {
        Path file = writeLocalFile("http://127.0.0.1:" + MotoServer.freePort());

        CliRun run = pipeline.runWith(noEndpointEnv(), "subscriptions", "list");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:", "dynamodb:Query",
                "is the pipeline running?", file.toString());
    }

    @Test
    void accessDenied_namesTheExactActionAndResource() {
        RequestFaults faults = new RequestFaults().failWhen(r -> r instanceof QueryRequest,
                () -> (DynamoDbException) DynamoDbException.builder().statusCode(400)
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("AccessDeniedException")
                                .errorMessage("User: arn:aws:iam::1:user/x is not authorized").build())
                        .build());

        CliRun run = pipeline.interceptors(faults).run("subscriptions", "list");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("access denied: dynamodb:Query on table " + pipeline.table,
                "Grant dynamodb:Query");
    }

    @Test
    void badEndpoint_isUsageError() {
        Map<String, String> env = new HashMap<>(pipeline.env());
        env.put("AWS_ENDPOINT_URL", "localhost");

        CliRun run = pipeline.runWith(env, "subscriptions", "list");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'localhost'", "$AWS_ENDPOINT_URL");
    }

    @Test
    void malformedLocalFile_saysWhatToDo() throws IOException {
        Files.writeString(pipeline.home.resolve("local.json"), "{not json");

        CliRun run = pipeline.runWith(noEndpointEnv(), "status");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("local.json cannot be read", "delete the file");
    }
}
