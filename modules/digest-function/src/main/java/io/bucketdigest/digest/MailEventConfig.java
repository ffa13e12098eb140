package io.bucketdigest.digest;

import io.bucketdigest.aws.config.Environment;
import io.bucketdigest.core.port.EventHistory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything the mail-event function reads from its environment, read in one place. */
public record MailEventConfig(String historyTable, Duration retention, String region, Optional<URI> endpoint) {

    /** The variables this config reads (besides AWS_REGION / AWS_ENDPOINT_URL, which the runtime or a developer sets). */
    public static final Set<String> VARIABLES = Set.of("HISTORY_TABLE", "RETENTION_DAYS");

    public static MailEventConfig fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        String table = env.required("HISTORY_TABLE");
        Duration retention = Duration.ofDays(
                env.integer("RETENTION_DAYS", 90, EventHistory.MIN_RETENTION_DAYS, 3650));
        String region = env.optional("AWS_REGION").orElse("us-east-1");
        Optional<URI> endpoint = env.uri("AWS_ENDPOINT_URL");
        env.check("mail-event function");
        return new MailEventConfig(table, retention, region, endpoint);
    }
}
