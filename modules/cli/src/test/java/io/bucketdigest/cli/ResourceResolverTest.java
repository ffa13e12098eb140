package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.cli.config.ResourceKind;
import io.bucketdigest.cli.config.ResourceResolver;
import io.bucketdigest.cli.config.Resolved;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceResolverTest {

    @TempDir
    Path home;

    private ResourceResolver resolver(Map<String, String> env, String stack, Map<ResourceKind, String> flags) {
        Map<String, String> all = new HashMap<>(env);
        all.put("BUCKET_DIGEST_HOME", home.toString());
        CliContext context = new CliContext(all, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Clock.systemUTC(), false, 1, List.of(), StopSignal.manual(),
                Duration.ZERO);
        return new ResourceResolver(new ResourceResolver.Flags(null, null, null, stack, flags), context);
    }

    private void localFile() throws Exception {
        Files.writeString(home.resolve("local.json"), "{\"endpoint\":\"http://127.0.0.1:4566\",\"region\":"
                + "\"eu-central-1\",\"historyTable\":\"local-table\",\"ingestDlqUrl\":\"http://local/dlq\"}");
    }

    @Test
    void precedence_flagThenEnvironmentThenStackThenLocal() throws Exception {
        localFile();
        assertThat(resolver(Map.of(), null, Map.of()).require(ResourceKind.TABLE).value()).isEqualTo("local-table");
        assertThat(resolver(Map.of("HISTORY_TABLE", "env-table"), null, Map.of()).require(ResourceKind.TABLE)
                .value()).isEqualTo("env-table");
        assertThat(resolver(Map.of("HISTORY_TABLE", "env-table"), null, Map.of(ResourceKind.TABLE, "flag-table"))
                .require(ResourceKind.TABLE).source()).isEqualTo("--table");

        AtomicInteger reads = new AtomicInteger();
        ResourceResolver stack = resolver(Map.of(), "prod", Map.of());
        stack.stackReader(name -> {
            reads.incrementAndGet();
            return new ResourceResolver.StackDescription(Map.of("HistoryTableName", "stack-table"), Map.of());
        });
        assertThat(stack.require(ResourceKind.TABLE).value()).isEqualTo("stack-table");
        assertThat(stack.find(ResourceKind.INGEST_DLQ)).as("the local file is not used with --stack").isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void connection_localEndpointAndRegion_useDummyCredentials() throws Exception {
        localFile();
        var connection = resolver(Map.of(), null, Map.of()).connection();

        assertThat(connection.endpoint()).hasValueSatisfying(u -> assertThat(u).hasPort(4566));
        assertThat(connection.region()).isEqualTo("eu-central-1");
        assertThat(connection.dummyCredentials()).isTrue();
        assertThat(resolver(Map.of("AWS_PROFILE", "sso-prod"), null, Map.of()).connection().dummyCredentials())
                .as("the local pipeline's endpoint never gets real credentials").isTrue();
        assertThat(resolver(Map.of("AWS_REGION", "us-west-2", "AWS_PROFILE", "ops", "AWS_ENDPOINT_URL",
                "https://sqs.example.internal"), null, Map.of()).connection())
                .satisfies(c -> {
                    assertThat(c.region()).isEqualTo("us-west-2");
                    assertThat(c.profile()).contains("ops");
                    assertThat(c.dummyCredentials()).as("an explicit endpoint keeps the configured profile").isFalse();
                });
    }

    @Test
    void missingFromTheLocalFile_saysAnOlderPipelineWroteIt() throws Exception {
        localFile();

        assertThatThrownBy(() -> resolver(Map.of(), null, Map.of()).require(ResourceKind.DELIVERY_DLQ))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("local.json has no deliveryDlqUrl (the SNS delivery dead-letter queue)")
                .hasMessageContaining("restart the local pipeline (scripts/local)")
                .hasMessageContaining("--delivery-dlq-url").hasMessageContaining("DELIVERY_DLQ_URL");
    }

    @Test
    void missingFromTheStack_saysToDeployTheCurrentTemplate() {
        ResourceResolver stack = resolver(Map.of(), "prod", Map.of());
        stack.stackReader(name -> new ResourceResolver.StackDescription(
                Map.of("IngestDlqUrl", "https://sqs/ingest-dlq"), Map.of()));

        assertThatThrownBy(() -> stack.require(ResourceKind.DELIVERY_DLQ))
                .hasMessageContaining("stack prod has no output TopicDeliveryDlqUrl (the SNS delivery dead-letter "
                        + "queue): deploy the current template (scripts/deploy), or pass --delivery-dlq-url");
    }

    @Test
    void missing_namesEveryWayToConfigure() {
        assertThatThrownBy(() -> resolver(Map.of(), null, Map.of()).require(ResourceKind.DIGEST_QUEUE))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("--digest-queue-url").hasMessageContaining("DIGEST_QUEUE_URL")
                .hasMessageContaining("output DigestQueueUrl").hasMessageContaining("local.json");
    }

    @Test
    void stackSetting_outputFirst_thenParameter_andNothingWithoutStack() throws Exception {
        localFile();
        ResourceResolver withOutput = resolver(Map.of(), "prod", Map.of());
        withOutput.stackReader(name -> new ResourceResolver.StackDescription(
                Map.of("AttachedBuckets", "a,b"), Map.of("AttachedBuckets", "stale")));
        ResourceResolver parameterOnly = resolver(Map.of(), "prod", Map.of());
        parameterOnly.stackReader(name -> new ResourceResolver.StackDescription(Map.of(),
                Map.of("AttachedBuckets", "")));
        ResourceResolver neither = resolver(Map.of(), "old", Map.of());
        neither.stackReader(name -> new ResourceResolver.StackDescription(Map.of(), Map.of()));

        assertThat(withOutput.stackSetting("AttachedBuckets")).contains(
                new Resolved("a,b", "stack prod output AttachedBuckets"));
        assertThat(parameterOnly.stackSetting("AttachedBuckets")).contains(
                new Resolved("", "stack prod parameter AttachedBuckets"));
        assertThat(neither.stackSetting("AttachedBuckets")).isEmpty();
        assertThat(resolver(Map.of(), null, Map.of()).stackSetting("AttachedBuckets")).isEmpty();
    }

    @Test
    void sender_comesFromTheLocalFile_andTheConfigurationSetIsAbsentThere() throws Exception {
        Files.writeString(home.resolve("local.json"), "{\"endpoint\":\"http://127.0.0.1:4566\",\"region\":"
                + "\"us-east-1\",\"sender\":\"digests@example.com\"}");
        ResourceResolver local = resolver(Map.of(), null, Map.of());

        assertThat(local.require(ResourceKind.SENDER)).isEqualTo(new Resolved("digests@example.com", "local pipeline"));
        assertThat(local.find(ResourceKind.CONFIGURATION_SET)).isEmpty();
        assertThat(resolver(Map.of("SENDER_ADDRESS", "env@example.com"), null, Map.of(ResourceKind.SENDER,
                "flag@example.com")).require(ResourceKind.SENDER).source()).isEqualTo("--sender");
    }
}
