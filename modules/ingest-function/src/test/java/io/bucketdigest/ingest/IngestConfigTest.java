package io.bucketdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.aws.config.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(
            "HISTORY_TABLE", "bucket-digest-history",
            "DIGEST_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/digest",
            "INGEST_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/ingest-dlq");

    @Test
    void fromEnvironment_onlyRequiredVariables_appliesTheDocumentedDefaults() {
        // WHEN
        IngestConfig config = IngestConfig.fromEnvironment(REQUIRED);

        // THEN
        assertThat(config.historyTable()).isEqualTo("bucket-digest-history");
        assertThat(config.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.defaultSubscription()).isEmpty();
        assertThat(config.defaultTiming().quietPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.defaultTiming().maxDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.subscriptionCacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.writeConcurrency()).isEqualTo(100);
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.endpoint()).isEmpty();
    }

    @Test
    void fromEnvironment_everyVariable_isRead() {
        // GIVEN
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.putAll(Map.of("RETENTION_DAYS", "30", "DEFAULT_RECIPIENTS", "ops@example.com,oncall@example.com",
                "QUIET_PERIOD_SECONDS", "120", "MAX_DELAY_SECONDS", "3600", "SUBSCRIPTION_CACHE_SECONDS", "5",
                "AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
        env.put("WRITE_CONCURRENCY", "8");

        // WHEN
        IngestConfig config = IngestConfig.fromEnvironment(env);

        // THEN
        assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.defaultSubscription()).hasValueSatisfying(s -> {
            assertThat(s.id()).isEqualTo("default");
            assertThat(s.recipients()).containsExactly("ops@example.com", "oncall@example.com");
        });
        assertThat(config.defaultTiming().quietPeriod()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.defaultTiming().maxDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(config.subscriptionCacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.writeConcurrency()).isEqualTo(8);
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.endpoint()).contains(URI.create("http://127.0.0.1:5000"));
    }

    @Test
    void fromEnvironment_missingAndInvalidVariables_failsNamingEachOne() {
        // GIVEN
        Map<String, String> env = Map.of("HISTORY_TABLE", "t", "RETENTION_DAYS", "0",
                "DEFAULT_RECIPIENTS", "not-an-address", "WRITE_CONCURRENCY", "101");

        // WHEN / THEN
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DIGEST_QUEUE_URL is not set")
                .hasMessageContaining("INGEST_DLQ_URL is not set")
                .hasMessageContaining("RETENTION_DAYS must be between 15 and 3650 (got 0)")
                .hasMessageContaining("DEFAULT_RECIPIENTS is invalid")
                .hasMessageContaining("WRITE_CONCURRENCY must be between 1 and 100 (got 101)")
                .message().doesNotContain("not-an-address");
    }

    @Test
    void fromEnvironment_retentionShorterThanSqsKeepsAMessage_isRefused() {
        // GIVEN 14 days: a message replayed from the dead-letter queue on its last day would find its history gone
        Map<String, String> env = Map.of("HISTORY_TABLE", "t", "DIGEST_QUEUE_URL", "q", "INGEST_DLQ_URL", "d",
                "RETENTION_DAYS", "14");

        // WHEN / THEN
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("RETENTION_DAYS must be between 15 and 3650 (got 14)");
    }
}
