package io.bucketdigest.aws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void check_severalProblems_namesEveryVariableInOneMessage() {
        // GIVEN
        Environment env = new Environment(Map.of("RETENTION_DAYS", "0", "QUIET_PERIOD_SECONDS", "soon",
                "AWS_ENDPOINT_URL", "localhost"));

        // WHEN
        env.required("HISTORY_TABLE");
        env.integer("RETENTION_DAYS", 90, 1, 3650);
        env.seconds("QUIET_PERIOD_SECONDS", Duration.ofSeconds(60), 900);
        env.uri("AWS_ENDPOINT_URL");

        // THEN
        assertThatThrownBy(() -> env.check("ingest function"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("ingest function is misconfigured: HISTORY_TABLE is not set; "
                        + "RETENTION_DAYS must be between 1 and 3650 (got 0); "
                        + "QUIET_PERIOD_SECONDS must be a whole number (got 'soon'); "
                        + "AWS_ENDPOINT_URL must be an absolute URL such as http://127.0.0.1:5000 (got 'localhost')");
    }

    @Test
    void readers_validValues_areParsedAndDefaultsApplyWhenUnset() {
        // GIVEN
        Environment env = new Environment(Map.of("HISTORY_TABLE", " history ", "RETENTION_DAYS", "7",
                "DEFAULT_RECIPIENTS", "a@example.com, b@example.com;c@example.com", "AWS_ENDPOINT_URL",
                "http://127.0.0.1:5000", "BLANK", "  "));

        // WHEN / THEN
        assertThat(env.required("HISTORY_TABLE")).isEqualTo("history");
        assertThat(env.integer("RETENTION_DAYS", 90, 1, 3650)).isEqualTo(7);
        assertThat(env.integer("MISSING", 90, 1, 3650)).isEqualTo(90);
        assertThat(env.list("DEFAULT_RECIPIENTS")).containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(env.list("MISSING")).isEmpty();
        assertThat(env.uri("AWS_ENDPOINT_URL")).contains(URI.create("http://127.0.0.1:5000"));
        assertThat(env.optional("BLANK")).isEmpty();
        env.check("test");
    }

    @Test
    void fromRecipients_invalidAddress_isAProblemThatDoesNotEchoTheAddress() {
        // GIVEN
        Environment env = new Environment(Map.of());

        // WHEN
        var subscription = DefaultSubscriptions.fromRecipients(List.of("alice-at-example.com"), env);

        // THEN
        assertThat(subscription).isEmpty();
        assertThatThrownBy(() -> env.check("ingest function"))
                .hasMessage("ingest function is misconfigured: DEFAULT_RECIPIENTS is invalid: "
                        + "recipient #1 is not a valid email address");
    }

    @Test
    void fromRecipients_noneOrValid_givesNoDefaultOrAnEverythingSubscription() {
        Environment env = new Environment(Map.of());

        assertThat(DefaultSubscriptions.fromRecipients(List.of(), env)).isEmpty();
        var subscription = DefaultSubscriptions.fromRecipients(List.of("ops@example.com"), env).orElseThrow();
        assertThat(subscription.id()).isEqualTo("default");
        assertThat(subscription.bucketFilter()).isEmpty();
        assertThat(subscription.prefixes()).isEmpty();
        assertThat(subscription.kinds()).isEmpty();
    }
}
