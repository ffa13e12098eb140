package io.bucketdigest.local;

import io.bucketdigest.mailreader.MimeParts;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.emulator.AwsTestClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Starts the local pipeline as scripts/local does (the shaded jar in a fresh JVM), reads its READY line, and drives it
 * only through AWS APIs: uploads and deletes, then the digest email and the history, then a poison message.
 */
class LocalPipelineEndToEndIT {

    private static final Duration PATIENCE = Duration.ofMinutes(4);

    @TempDir
    static Path home;

    private static Process pipeline;
    private static LocalResources resources;
    private static AwsTestClients aws;
    private static final List<String> output = new ArrayList<>();

    @BeforeAll
    static void startPipeline() throws Exception {
        Path jar = Path.of("target", "bucket-digest-local.jar");
        assertThat(jar).as("the shaded jar built by mvn package").exists();
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-XX:TieredStopAtLevel=1", "-jar", jar.toString())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("AWS_ENDPOINT_URL");
        env.put("BUCKET_DIGEST_HOME", home.toString());
        env.put("QUIET_PERIOD_SECONDS", "3");
        env.put("DEFAULT_RECIPIENTS", "ops@example.com,dev@example.com");
        env.put("LOCAL_NAME_PREFIX", "e2e");
        pipeline = builder.start();
        BufferedReader reader = new BufferedReader(
                new InputStreamReader(pipeline.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("READY ")) {
                        ready.complete(line.substring(6));
                    }
                }
                ready.completeExceptionally(new IllegalStateException("pipeline exited before READY: " + output));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "pipeline-output");
        pump.setDaemon(true);
        pump.start();
        resources = LocalResources.fromJson(ready.get(2, TimeUnit.MINUTES));
        aws = new AwsTestClients(resources.endpoint());
    }

    @AfterAll
    static void stopPipeline() throws Exception {
        if (aws != null) {
            aws.close();
        }
        if (pipeline != null) {
            pipeline.destroy();
            assertThat(pipeline.waitFor(30, TimeUnit.SECONDS)).as("pipeline stops on SIGTERM").isTrue();
        }
    }

    @Test
    void uploadsAndDeletes_yieldOneDigestEmail_andAnAnnotatedHistory() throws Exception {
        assertThat(Files.readString(home.resolve("local.json"))).isEqualTo(resources.toJson());
        assertThat(resources.deliveryDlqUrl()).endsWith("/e2e-delivery-dlq");
        for (int i = 0; i < 30; i++) {
            String key = "e2e/run " + i + "/file+" + i + ".txt";
            aws.s3().putObject(b -> b.bucket(resources.bucket()).key(key), RequestBody.fromString("x".repeat(i + 1)));
        }
        for (int i = 0; i < 5; i++) {
            String key = "e2e/run " + i + "/file+" + i + ".txt";
            aws.s3().deleteObject(b -> b.bucket(resources.bucket()).key(key));
        }

        // moto's /moto-api/data.json answers HTTP 500 once S3 objects exist, so read the copy the local runtime keeps
        // of each mail SES accepted (it is written only after SendEmail returned a message id).
        List<Path> mails = await("the digest email", () -> {
            List<Path> files = outbox();
            return files.isEmpty() ? null : files;
        });
        Thread.sleep(3000);
        assertThat(outbox()).as("exactly one digest for the burst").hasSize(1);
        String raw = Files.readString(mails.get(0), StandardCharsets.UTF_8);
        MimeParts parts = MimeParts.parse(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(parts.subject()).isEqualTo("25 objects created, 5 created and removed in " + resources.bucket());
        assertThat(parts.text())
                .contains("e2e/run 7/file+7.txt")
                .contains("created then removed");
        assertThat(parts.html()).contains("e2e/run 7/file+7.txt").doesNotContain("<script");
        assertThat(parts.header("To")).isEqualTo("ops@example.com, dev@example.com");
        // What every digest says about itself: who sends it, which list it belongs to, how to leave it.
        assertThat(parts.header("From")).isEqualTo("\"Bucket Digest\" <" + resources.sender() + ">");
        String subscription = "default";
        assertThat(parts.header("List-Id")).startsWith("Bucket Digest " + subscription + " <" + subscription + ".");
        assertThat(parts.header("List-Unsubscribe")).startsWith("<mailto:").endsWith("?subject=unsubscribe%20"
                + subscription + ">");
        assertThat(parts.header("Message-ID")).startsWith("<d-");
        assertThat(parts.header("X-Bucket-Digest-Id")).startsWith("d-");
        assertThat(parts.text()).doesNotStartWith("Bucket Digest d-")
                .containsPattern("(?m)^  e2e/ +30 +25 +0 +0 ")
                .contains("By whom")
                .containsPattern("(?m)^  \\S.* +35 events");

        // A second burst re-uploads objects the history knows: the mail says "overwritten", with the size change.
        for (int i = 10; i < 13; i++) {
            String key = "e2e/run " + i + "/file+" + i + ".txt";
            aws.s3().putObject(b -> b.bucket(resources.bucket()).key(key), RequestBody.fromString("y".repeat(100)));
        }
        Path second = await("the second digest email", () -> outbox().stream()
                .filter(file -> !file.equals(mails.get(0))).findFirst().orElse(null));
        MimeParts overwrites = MimeParts.parse(Files.readAllBytes(second));
        assertThat(overwrites.subject()).isEqualTo("3 objects overwritten in " + resources.bucket());
        assertThat(overwrites.text())
                .contains("e2e/run 11/file+11.txt  overwritten once  100 B (+88 B)")
                .containsPattern("(?m)^  e2e/run 11/ +1 +0 +1 +0 +100 B +12 B$");

        PipelineInspector inspector = new PipelineInspector(aws, resources.historyTable());
        List<PipelineInspector.ObjectHistoryEntry> history =
                inspector.objectHistory(resources.bucket(), "e2e/run 2/file+2.txt");
        assertThat(history).extracting(entry -> entry.row().event().eventName())
                .containsExactly("ObjectRemoved:Delete", "ObjectCreated:Put");
        assertThat(history).flatExtracting(entry -> List.copyOf(entry.reportedIn().values())).hasSize(2)
                .allSatisfy(digestId -> assertThat(digestId).startsWith("d-"));
    }

    @Test
    void poisonMessage_isParkedOnTheDeadLetterQueueWithItsReason() throws Exception {
        aws.sqs().sendMessage(b -> b.queueUrl(resources.ingestQueueUrl()).messageBody("this is not an S3 event"));

        Message parked = await("the poison message on the ingest DLQ", () -> {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(resources.ingestDlqUrl())
                    .messageAttributeNames("All").waitTimeSeconds(1).maxNumberOfMessages(10)).messages();
            return messages.stream().filter(m -> m.body().equals("this is not an S3 event")).findFirst().orElse(null);
        });
        assertThat(parked.messageAttributes().get("bucket-digest-failure-reason").stringValue())
                .isEqualTo("message body is not JSON");
        // Acknowledged, not left to be retried: the ingest queue drains (other tests' events may still be in flight).
        await("the ingest queue to drain", () -> {
            Map<QueueAttributeName, String> ingest = aws.sqs().getQueueAttributes(b -> b.queueUrl(
                    resources.ingestQueueUrl()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return ingest.values().stream().allMatch("0"::equals) ? Boolean.TRUE : null;
        });
    }

    @Test
    void sigterm_stopsThePipelineAndItsEmulator() throws Exception {
        Path otherHome = Files.createTempDirectory(home, "second");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-XX:TieredStopAtLevel=1", "-jar",
                Path.of("target", "bucket-digest-local.jar").toString()).redirectErrorStream(true);
        builder.environment().remove("AWS_ENDPOINT_URL");
        builder.environment().put("BUCKET_DIGEST_HOME", otherHome.toString());
        Process second = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
        String readyLine = null;
        for (String line; (line = reader.readLine()) != null; ) {
            if (line.startsWith("READY ")) {
                readyLine = line.substring(6);
                break;
            }
        }
        assertThat(readyLine).as("READY line of the second pipeline").isNotNull();
        int port = LocalResources.fromJson(readyLine).endpoint().getPort();
        List<ProcessHandle> children = second.descendants().toList();
        assertThat(listening(port)).isTrue();
        assertThat(children).as("moto_server runs as a child of the pipeline").isNotEmpty();

        second.destroy();

        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("the pipeline exits on SIGTERM").isTrue();
        assertThat(children).allSatisfy(child -> assertThat(child.isAlive()).as("child " + child.pid()).isFalse());
        assertThat(listening(port)).as("nothing listens on the emulator port any more").isFalse();
        assertThat(otherHome.resolve("local.json")).doesNotExist();
    }

    private static List<Path> outbox() {
        Path outbox = home.resolve("outbox");
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (var files = Files.list(outbox)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + outbox, e);
        }
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(500);
        }
        synchronized (output) {
            throw new AssertionError("timed out waiting for " + what + "; pipeline output:\n" + String.join("\n", output));
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
