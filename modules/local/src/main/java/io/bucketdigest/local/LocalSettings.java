package io.bucketdigest.local;

import io.bucketdigest.aws.config.Environment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local pipeline's settings, from environment variables, with defaults short enough for a demo.
 *
 * @param existingEmulator AWS_ENDPOINT_URL: use this running emulator (moto or LocalStack) instead of starting moto
 * @param motoPort         MOTO_PORT: the loopback port for the moto we start (default: any free port)
 * @param home             BUCKET_DIGEST_HOME: where local.json (the ready line) and the outbox go
 */
public record LocalSettings(
        Optional<URI> existingEmulator,
        Optional<Integer> motoPort,
        Duration quietPeriod,
        Duration maxDelay,
        int maxEntries,
        int inlineLimit,
        List<String> recipients,
        String senderAddress,
        int ingestConcurrency,
        int digestConcurrency,
        boolean rawMessageDelivery,
        String namePrefix,
        Path home,
        boolean jsonLogs) {

    public static LocalSettings fromEnvironment(Map<String, String> variables) {
        Environment env = new Environment(variables);
        Optional<URI> endpoint = env.uri("AWS_ENDPOINT_URL");
        Optional<Integer> port = env.optional("MOTO_PORT").map(p -> env.integer("MOTO_PORT", 0, 1, 65535));
        Duration quiet = env.seconds("QUIET_PERIOD_SECONDS", Duration.ofSeconds(15), 900);
        Duration maxDelay = env.seconds("MAX_DELAY_SECONDS", Duration.ofSeconds(120), 86_400);
        int maxEntries = env.integer("MAX_ENTRIES", 10_000, 1, 10_000);
        int inlineLimit = env.integer("INLINE_LIMIT", 200, 1, 10_000);
        List<String> recipients = env.list("DEFAULT_RECIPIENTS");
        String sender = env.optional("SENDER_ADDRESS").orElse("digest@bucket-digest.local");
        int ingestConcurrency = env.integer("INGEST_CONCURRENCY", 2, 1, 64);
        int digestConcurrency = env.integer("DIGEST_CONCURRENCY", 2, 1, 64);
        boolean raw = Boolean.parseBoolean(env.optional("RAW_MESSAGE_DELIVERY").orElse("false"));
        String prefix = env.optional("LOCAL_NAME_PREFIX").orElse("bucket-digest");
        Path home = env.optional("BUCKET_DIGEST_HOME").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".bucket-digest"));
        boolean json = "json".equalsIgnoreCase(env.optional("LOG_FORMAT").orElse("human"));
        env.check("local pipeline");
        return new LocalSettings(endpoint, port, quiet, maxDelay, maxEntries, inlineLimit,
                recipients.isEmpty() ? List.of("team@example.com") : recipients, sender, ingestConcurrency,
                digestConcurrency, raw, prefix, home, json);
    }

    public String bucket() {
        return namePrefix + "-local";
    }

    public String topic() {
        return namePrefix + "-events";
    }

    public String ingestQueue() {
        return namePrefix + "-ingest";
    }

    public String ingestDlq() {
        return namePrefix + "-ingest-dlq";
    }

    public String deliveryDlq() {
        return namePrefix + "-delivery-dlq";
    }

    public String digestQueue() {
        return namePrefix + "-digest";
    }

    public String digestDlq() {
        return namePrefix + "-digest-dlq";
    }

    public String table() {
        return namePrefix + "-history";
    }

    public Path readyFile() {
        return home.resolve("local.json");
    }

    public Path outbox() {
        return home.resolve("outbox");
    }
}
