package io.bucketdigest.local;

import io.bucketdigest.aws.dynamodb.DynamoDbHistoryReads.EventRow;
import io.bucketdigest.core.digest.DigestRecord;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.time.SortableTime;
import io.bucketdigest.mailreader.CsvRows;
import io.bucketdigest.mailreader.MimeParts;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * {@code scripts/demo}: runs the local pipeline, uploads 500 objects with tricky names (one of them multipart), removes
 * 50, overwrites 20, waits for the digest, shows it, and exits 0 only if the digests account for every recorded event
 * exactly once.
 */
public final class Demo {

    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(8);

    private Demo() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("BUCKET_DIGEST_HOME", Path.of("local-run", "demo").toAbsolutePath().toString());
        env.remove("AWS_ENDPOINT_URL");
        LocalSettings settings = LocalSettings.fromEnvironment(env);
        LocalCredentials.ensure();
        deleteOldOutbox(settings.outbox());
        Console console = LocalPipelineMain.configureLogging(settings, out);
        Instant started = Instant.now();
        int exit;
        try (LocalPipeline pipeline = LocalPipeline.start(settings, console)) {
            exit = run(pipeline, settings, console, out, started);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            exit = 1;
        }
        System.exit(exit);
    }

    private static int run(LocalPipeline pipeline, LocalSettings settings, Console console, PrintStream out,
            Instant started) throws Exception {
        LocalResources resources = pipeline.resources();
        S3Client s3 = pipeline.clients().s3();
        List<String> keys = demoKeys(500);
        console.line("demo", "uploading " + keys.size() + " objects to s3://" + resources.bucket());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (i == 7) {
                multipartUpload(s3, resources.bucket(), key);
            } else {
                s3.putObject(b -> b.bucket(resources.bucket()).key(key),
                        RequestBody.fromString("object " + key + "\n".repeat(1 + i % 7)));
            }
        }
        console.line("demo", "removing 50 objects and overwriting 20");
        for (int i = 0; i < 50; i++) {
            String key = keys.get(keys.size() - 1 - i);
            s3.deleteObject(b -> b.bucket(resources.bucket()).key(key));
        }
        for (int i = 0; i < 20; i++) {
            String key = keys.get(20 + i);
            s3.putObject(b -> b.bucket(resources.bucket()).key(key), RequestBody.fromString("version 2 of " + key));
        }
        console.line("demo", "waiting for the digest (quiet period " + settings.quietPeriod().toSeconds() + " s)");

        PipelineInspector inspector = new PipelineInspector(pipeline.clients(), resources.historyTable());
        Instant giveUp = Instant.now().plus(GIVE_UP_AFTER);
        int expectedAtLeast = keys.size() + 50 + 20;
        while (true) {
            List<EventRow> events = inspector.events(resources.bucket());
            long pending = inspector.pendingCount();
            List<DigestRecord> digests = inspector.digests();
            boolean allComplete = !digests.isEmpty()
                    && digests.stream().allMatch(d -> d.status() == DigestRecord.Status.COMPLETE);
            if (events.size() >= expectedAtLeast && pending == 0 && allComplete
                    && queueEmpty(pipeline, resources.ingestQueueUrl())) {
                return report(pipeline, inspector, events, digests, settings, out, started, keys);
            }
            if (Instant.now().isAfter(giveUp)) {
                System.err.println("demo failed: after " + GIVE_UP_AFTER.toMinutes() + " min, " + events.size()
                        + " events recorded (expected at least " + expectedAtLeast + "), " + pending
                        + " still pending, " + digests.size() + " digest(s)");
                return 1;
            }
            Thread.sleep(1000);
        }
    }

    private static boolean queueEmpty(LocalPipeline pipeline, String queueUrl) {
        Map<String, String> attributes = pipeline.clients().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                        "ApproximateNumberOfMessagesDelayed")).attributesAsStrings();
        return attributes.values().stream().allMatch("0"::equals);
    }

    private static int report(LocalPipeline pipeline, PipelineInspector inspector,
            List<EventRow> events, List<DigestRecord> digests,
            LocalSettings settings, PrintStream out, Instant started, List<String> keys) throws Exception {
        Map<String, Integer> reported = new HashMap<>();
        List<Path> mails;
        try (Stream<Path> files = Files.list(settings.outbox())) {
            mails = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        Path htmlFile = null;
        for (Path mail : mails) {
            MimeParts parts = MimeParts.parse(Files.readAllBytes(mail));
            String digestId = mail.getFileName().toString().replace(".eml", "");
            List<String> ids = parts.csv().map(Demo::eventIdsFromCsv).orElseGet(() -> inspector.digestEventIds(digestId));
            ids.forEach(id -> reported.merge(id, 1, Integer::sum));
            if (htmlFile == null) {
                out.println();
                out.println("===== digest " + digestId + ": " + parts.subject() + " =====");
                String text = parts.part("text/plain").map(MimeParts.Part::text).orElse("(no text part)");
                String[] lines = text.split("\n");
                for (int i = 0; i < Math.min(lines.length, 60); i++) {
                    out.println(lines[i]);
                }
                if (lines.length > 60) {
                    out.println("... (" + (lines.length - 60) + " more lines in " + mail + ")");
                }
                htmlFile = settings.home().resolve(digestId + ".html");
                Files.writeString(htmlFile, parts.part("text/html").map(MimeParts.Part::text).orElse(""), StandardCharsets.UTF_8);
            }
        }

        String sampleKey = keys.get(25);
        out.println();
        out.println("===== history of s3://" + pipeline.resources().bucket() + "/" + sampleKey + " =====");
        for (PipelineInspector.ObjectHistoryEntry entry
                : inspector.objectHistory(pipeline.resources().bucket(), sampleKey)) {
            ObjectEvent event = entry.row().event();
            out.println("  " + SortableTime.format(event.eventTime()) + "  " + event.eventName() + "  id "
                    + event.id().value());
            entry.reportedIn().forEach((subscription, digest) -> out.println("  reported to subscription "
                    + subscription + " in digest " + digest + " (event " + event.id().value() + ")"));
        }

        Set<String> recorded = new HashSet<>();
        events.forEach(e -> recorded.add(e.event().id().value()));
        List<String> problems = new ArrayList<>();
        for (String id : recorded) {
            int count = reported.getOrDefault(id, 0);
            if (count != 1) {
                problems.add("event " + id + " reported " + count + " times");
            }
        }
        for (String id : reported.keySet()) {
            if (!recorded.contains(id)) {
                problems.add("digest reports unknown event " + id);
            }
        }
        out.println();
        out.println("HTML digest: " + (htmlFile == null ? "(none)" : htmlFile.toAbsolutePath()));
        Duration took = Duration.between(started, Instant.now());
        if (problems.isEmpty() && mails.size() == digests.size()) {
            out.printf("demo OK in %d s: %d events recorded, %d digest(s) sent, every event reported exactly once%n",
                    took.toSeconds(), recorded.size(), mails.size());
            return 0;
        }
        System.err.println("demo FAILED: " + mails.size() + " mail(s) for " + digests.size() + " digest record(s); "
                + problems.size() + " problem(s): " + problems.subList(0, Math.min(10, problems.size())));
        return 1;
    }

    static List<String> eventIdsFromCsv(String csv) {
        return CsvRows.wordsOfColumn(csv, "event_ids");
    }

    /** Realistic and tricky names: spaces, '+', '%', unicode, nested prefixes. */
    static List<String> demoKeys(int count) {
        String[] prefixes = {"reports/2026/11/", "images/raw/", "logs/app/", "raw data/", "café/naïve/", "日本語/",
                "backups/db+snapshots/", ""};
        String[] names = {"quarterly report %d.pdf", "photo %d.jpg", "app-%d.log", "data+%d.csv", "résumé %d.txt",
                "ファイル%d.txt", "100%% done %d.bin", "file_%d.json"};
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(prefixes[i % prefixes.length] + String.format(names[(i / prefixes.length) % names.length], i));
        }
        return keys;
    }

    private static void multipartUpload(S3Client s3, String bucket, String key) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        byte[] firstPart = new byte[5 * 1024 * 1024];
        String etag1 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(firstPart)).eTag();
        String etag2 = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
                RequestBody.fromString("tail")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(etag1).build(),
                CompletedPart.builder().partNumber(2).eTag(etag2).build())));
    }

    private static void deleteOldOutbox(Path outbox) throws java.io.IOException {
        if (Files.isDirectory(outbox)) {
            try (Stream<Path> files = Files.list(outbox)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
