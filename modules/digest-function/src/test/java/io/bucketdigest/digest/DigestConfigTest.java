package io.bucketdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.aws.config.ConfigurationException;
import io.bucketdigest.core.subscription.Subscription;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented defaults of the digest timing (docs/digest-design.md) and fail-fast configuration. */
class DigestConfigTest {

    private static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("HISTORY_TABLE", "history");
        env.put("DIGEST_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/digest");
        env.put("DIGEST_DLQ_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/digest-dlq");
        env.put("SENDER_ADDRESS", "digests@example.com");
        return env;
    }

    @Test
    void fromEnvironment_onlyRequiredVariables_usesTheDocumentedDefaults() {
        DigestConfig config = DigestConfig.fromEnvironment(required());

        assertThat(config.defaultTiming().quietPeriod()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.defaultTiming().maxDelay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.defaultTiming().maxEntries()).isEqualTo(10_000);
        assertThat(config.inlineLimit()).isEqualTo(200);
        assertThat(config.maxSendRate()).isEqualTo(1.0);
        assertThat(config.concurrency()).as("one instance takes the whole rate unless told otherwise").isEqualTo(1);
        assertThat(config.defaultSubscription()).isEmpty();
        assertThat(DigestWiring.LEASE_DURATION).as("longer than Lambda's 15-minute maximum timeout")
                .isGreaterThan(Duration.ofMinutes(15));
    }

    @Test
    void fromEnvironment_overrides_areRead() {
        Map<String, String> env = required();
        env.put("QUIET_PERIOD_SECONDS", "5");
        env.put("MAX_DELAY_SECONDS", "120");
        env.put("MAX_ENTRIES", "50");
        env.put("INLINE_LIMIT", "20");
        env.put("SES_MAX_SEND_RATE", "14");
        env.put("DIGEST_CONCURRENCY", "2");
        env.put("DEFAULT_RECIPIENTS", "a@example.com, b@example.com");

        DigestConfig config = DigestConfig.fromEnvironment(env);

        assertThat(config.defaultTiming().quietPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.defaultTiming().maxDelay()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.defaultTiming().maxEntries()).isEqualTo(50);
        assertThat(config.inlineLimit()).isEqualTo(20);
        assertThat(config.maxSendRate()).isEqualTo(14.0);
        assertThat(config.concurrency()).isEqualTo(2);
        assertThat(config.defaultSubscription()).get().extracting(Subscription::recipients)
                .asList().containsExactly("a@example.com", "b@example.com");
    }

    @Test
    void fromEnvironment_missingAndInvalidVariables_failsNamingEachOne() {
        Map<String, String> env = new HashMap<>();
        env.put("MAX_ENTRIES", "20000");
        env.put("DIGEST_CONCURRENCY", "0");

        assertThatThrownBy(() -> DigestConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HISTORY_TABLE is not set")
                .hasMessageContaining("DIGEST_QUEUE_URL is not set")
                .hasMessageContaining("DIGEST_DLQ_URL is not set")
                .hasMessageContaining("SENDER_ADDRESS is not set")
                .hasMessageContaining("MAX_ENTRIES must be between 1 and 10000")
                .hasMessageContaining("DIGEST_CONCURRENCY must be between 1 and 1000");
    }

    @Test
    void fromEnvironment_concurrencyAboveTheEventSourcesLimit_failsNamingIt() {
        Map<String, String> env = required();
        env.put("DIGEST_CONCURRENCY", "1001");

        assertThatThrownBy(() -> DigestConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DIGEST_CONCURRENCY must be between 1 and 1000");
    }

    @Test
    void variables_listDigestConcurrency() {
        assertThat(DigestConfig.VARIABLES).contains("DIGEST_CONCURRENCY", "SES_MAX_SEND_RATE");
    }
}
