package io.bucketdigest.bench;

import io.bucketdigest.aws.dynamodb.HistoryTable;
import io.bucketdigest.aws.dynamodb.StoredItems;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.bucketdigest.core.sender.DigestSignalCodec;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.digest.DigestHandler;
import io.bucketdigest.ingest.IngestHandler;
import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.emulator.MotoServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Times the real handlers in-process against moto_server with the {@link LatencyModel} applied (every SDK call takes
 * max(emulator, modelled round trip)), and counts the digest sender's reads. Stages:
 *
 * <ol>
 *   <li>Ingest: batches of 100 new object events through the real {@code IngestHandler} (template.yaml's BatchSize),
 *       wall time per batch under the model; one modelled round trip (a single conditional-free PutItem on the history
 *       table through the same model); events/s per invocation and the Lambda duration cost per million events.</li>
 *   <li>Digest read amplification: a backlog of B pending events for one subscription, one signal through the real
 *       {@code DigestHandler} with MAX_ENTRIES = M; items read (GetItem, Query, BatchGetItem results, counted by
 *       {@link RequestLedger}) divided by the entries sent. Counted, not timed: the model is off.</li>
 * </ol>
 *
 * <p>Arguments: {@code --repeats N --backlogs 100,1000,20000@10000 --max-entries 100 --seed S --out FILE --figures
 * FILE}; a backlog {@code B@M} runs with MAX_ENTRIES M instead of {@code --max-entries}. Must
 * run with target/interceptor on the classpath.
 */
public final class ModelledRoundTrips {

    static final int BATCH = WorkPerEvent.INGEST_BATCH;
    static final int WARM_UP_BATCHES = 2;
    static final int ROUND_TRIPS = 50;

    private static final RequestLedger LEDGER = RequestLedger.INSTANCE;
    private static final ModelledLatency MODEL = ModelledLatency.INSTANCE;
    /** Issue 13: items read / entries sent. */
    private static final double AMPLIFICATION_TARGET = 1.25;

    private ModelledRoundTrips() {}

    record IngestResult(List<Double> batchMs, List<Double> roundTripMs, Map<String, Long> callsPerBatch,
            long modelledCalls, long emulatorSlowerCalls) {

        double batchP50() {
            return Stats.of(batchMs).median();
        }

        double roundTripP50() {
            return Stats.of(roundTripMs).median();
        }

        /** Calls that took longer on the emulator than modelled: above a few %, the figures are emulator time. */
        double emulatorBoundShare() {
            return modelledCalls == 0 ? 0 : emulatorSlowerCalls / (double) modelledCalls;
        }

        String basis() {
            return emulatorBoundShare() <= 0.05 ? "modelled" : String.format(Locale.ROOT, "modelled, but **%.0f %% of "
                    + "the calls were emulator-bound** (moto slower than the model: its Python serves one request "
                    + "at a time, so a batch's concurrent requests queue there), so this is closer to emulator time; "
                    + "section 7 has the batch under the model", 100 * emulatorBoundShare());
        }

        double eventsPerSecond() {
            return BATCH / (batchP50() / 1000);
        }

        /** Lambda duration only (GB-s at the ingest function's memory), per million events, at the p50 batch. */
        double durationUsdPerMillionEvents() {
            return Prices.lambdaDurationUsdPerMillionEvents(batchP50(), BATCH, WorkPerEvent.INGEST_MEMORY_MB);
        }
    }

    /** {@code timedDigestMs} and {@code timedEntriesSent}: a second signal under the model (0 sent: it sent nothing). */
    record Amplification(int backlog, int maxEntries, long itemsRead, long entriesSent, long emails,
            Map<String, Long> calls, Map<String, Long> itemsByOperation, double timedDigestMs, long timedEntriesSent) {

        double ratio() {
            return itemsRead / (double) entriesSent;
        }
    }

    /** One read-amplification run: {@code size} pending entries, sent with MAX_ENTRIES {@code maxEntries}. */
    record Backlog(int size, int maxEntries) {

        /** {@code B} (MAX_ENTRIES from {@code --max-entries}) or {@code B@M}. */
        static Backlog parse(String spec, int defaultMaxEntries) {
            String[] parts = spec.trim().split("@", 2);
            try {
                return new Backlog(Integer.parseInt(parts[0]),
                        parts.length == 2 ? Integer.parseInt(parts[1]) : defaultMaxEntries);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--backlogs: '" + spec + "' is not B or B@MAX_ENTRIES", e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int repeats = 10;
        String backlogSpecs = "100,1000";
        int maxEntries = 100;
        long seed = 13;
        Path out = Path.of("target/bench-results/modelled.md");
        Path figures = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--backlogs" -> backlogSpecs = args[++i];
                case "--max-entries" -> maxEntries = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--figures" -> figures = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        int plainMaxEntries = maxEntries;
        List<Backlog> backlogs = java.util.Arrays.stream(backlogSpecs.split(","))
                .map(spec -> Backlog.parse(spec, plainMaxEntries)).toList();
        // The handlers log JSON to stdout; keep it off the terminal (before log4j initializes).
        PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
        }

        IngestResult ingest;
        List<Amplification> amplifications = new ArrayList<>();
        try (MotoServer moto = MotoServer.start(); AwsTestClients aws = new AwsTestClients(moto.endpoint())) {
            LEDGER.reader(aws.dynamoDb());
            console.printf(Locale.ROOT, "modelled: ingest, %d timed batches of %d%n", repeats, BATCH);
            ingest = ingest(moto, aws, repeats, seed);
            for (Backlog backlog : backlogs) {
                moto.reset();
                console.printf(Locale.ROOT, "modelled: read amplification, backlog %,d, MAX_ENTRIES %d%n",
                        backlog.size(), backlog.maxEntries());
                amplifications.add(amplification(moto, aws, backlog.size(), backlog.maxEntries(), seed));
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report(ingest, amplifications, repeats, backlogSpecs, maxEntries, seed),
                StandardCharsets.UTF_8);
        Files.write(Path.of(out + ".headlines"), headlines(ingest, amplifications), StandardCharsets.UTF_8);
        if (figures != null) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("ingest_on_moto_batch100_ms_p50", ingest.batchP50());
            values.put("ingest_on_moto_round_trip_ms", ingest.roundTripP50());
            values.put("ingest_on_moto_batch100_in_round_trips", ingest.batchP50() / ingest.roundTripP50());
            values.put("ingest_on_moto_events_per_second_per_invocation", ingest.eventsPerSecond());
            values.put("ingest_on_moto_duration_usd_per_million_events", ingest.durationUsdPerMillionEvents());
            values.put("ingest_on_moto_emulator_bound_share", ingest.emulatorBoundShare());
            // The target holds for any backlog, so the headline is the worst ratio measured.
            Amplification worst = amplifications.stream().max(java.util.Comparator.comparingDouble(Amplification::ratio))
                    .orElseThrow();
            values.put("digest_read_amplification", worst.ratio());
            values.put("digest_read_amplification_backlog", (double) worst.backlog());
            values.put("digest_read_amplification_max_entries", (double) worst.maxEntries());
            values.put("digest_read_amplification_small_backlog", amplifications.get(0).ratio());
            amplifications.stream().filter(a -> a.maxEntries() == DigestTiming.DEFAULTS.maxEntries()).reduce((a, b) -> b)
                    .ifPresent(a -> values.put("digest_read_amplification_default_max_entries", a.ratio()));
            Amplification largest = amplifications.get(amplifications.size() - 1);
            if (largest.timedEntriesSent() > 0) {
                values.put("digest_modelled_ms", largest.timedDigestMs());
                values.put("digest_modelled_entries", (double) largest.timedEntriesSent());
            }
            Figures.write(figures, values);
        }
        console.println("modelled: wrote " + out);
    }

    private static IngestResult ingest(MotoServer moto, AwsTestClients aws, int repeats, long seed) {
        LEDGER.stage(RequestLedger.NOT_COUNTED);
        BenchStack stack = BenchStack.provision(aws, moto.endpoint(), 60, 10_000);
        IngestHandler handler = stack.ingestHandler(Clock.systemUTC());
        Instant eventTime = Instant.now().minusSeconds(60);
        int nextObject = 0;
        for (int i = 0; i < WARM_UP_BATCHES; i++, nextObject += BATCH) {
            ingestBatch(handler, nextObject, eventTime);
        }
        // One batch counted (model off: the ledger's read-backs would otherwise be timed too).
        LEDGER.reset();
        LEDGER.stage("ingest");
        ingestBatch(handler, nextObject, eventTime);
        nextObject += BATCH;
        LEDGER.stage(RequestLedger.NOT_COUNTED);
        Map<String, Long> calls = LEDGER.calls("ingest");

        MODEL.resetCounts();
        MODEL.enable(LatencyModel.AWS_IN_REGION, seed);
        List<Double> batchMs = new ArrayList<>();
        List<Double> roundTripMs = new ArrayList<>();
        try {
            for (int i = 0; i < repeats; i++, nextObject += BATCH) {
                long start = System.nanoTime();
                ingestBatch(handler, nextObject, eventTime);
                batchMs.add((System.nanoTime() - start) / 1e6);
            }
            for (int i = 0; i < ROUND_TRIPS; i++) {
                Map<String, AttributeValue> item = Map.of(HistoryTable.PK, AttributeValue.fromS("bench-round-trip"),
                        HistoryTable.SK, AttributeValue.fromS(Integer.toString(i)));
                long start = System.nanoTime();
                aws.dynamoDb().putItem(b -> b.tableName(stack.table()).item(item));
                roundTripMs.add((System.nanoTime() - start) / 1e6);
            }
        } finally {
            MODEL.disable();
        }
        return new IngestResult(batchMs, roundTripMs, calls, MODEL.modelledCalls(), MODEL.callsWhereTheEmulatorWasSlower());
    }

    private static void ingestBatch(IngestHandler handler, int firstObject, Instant eventTime) {
        SQSBatchResponse response = handler.handleRequest(
                SqsEvents.of(S3Fixtures.snsBodies("bench-bucket", firstObject, BATCH, eventTime),
                        BenchStack.INGEST_QUEUE_ARN),
                new BenchContext("IngestFunction", WorkPerEvent.INGEST_MEMORY_MB, Duration.ofSeconds(60)));
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException(response.getBatchItemFailures().size() + " of a batch of " + BATCH
                    + " failed to ingest");
        }
    }

    private static Amplification amplification(MotoServer moto, AwsTestClients aws, int backlog, int maxEntries,
            long seed) throws InterruptedException {
        int quietSeconds = 1;
        LEDGER.stage(RequestLedger.NOT_COUNTED);
        BenchStack stack = BenchStack.provision(aws, moto.endpoint(), quietSeconds, maxEntries);
        IngestHandler ingest = stack.ingestHandler(Clock.systemUTC());
        DigestHandler digest = stack.digestHandler(Clock.systemUTC());
        Instant eventTime = Instant.now().minusSeconds(60);
        for (int from = 0; from < backlog; from += BATCH) {
            int size = Math.min(BATCH, backlog - from);
            SQSBatchResponse response = ingest.handleRequest(
                    SqsEvents.of(S3Fixtures.snsBodies("bench-bucket", from, size, eventTime), BenchStack.INGEST_QUEUE_ARN),
                    new BenchContext("IngestFunction", WorkPerEvent.INGEST_MEMORY_MB, Duration.ofSeconds(60)));
            if (!response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("the backlog did not ingest: " + response.getBatchItemFailures().size()
                        + " failures");
            }
        }
        Thread.sleep((quietSeconds + 1) * 1000L);
        int pendingBefore = pending(aws, stack);
        LEDGER.reset();
        LEDGER.stage("digest");
        SQSBatchResponse response = signal(digest, stack);
        LEDGER.stage(RequestLedger.NOT_COUNTED);
        int pendingAfter = pending(aws, stack);
        long sent = pendingBefore - pendingAfter;
        if (!response.getBatchItemFailures().isEmpty() || sent <= 0) {
            throw new IllegalStateException("the digest sent nothing from a backlog of " + pendingBefore
                    + " pending entries (batch item failures: " + response.getBatchItemFailures().size() + ")");
        }
        long itemsRead = LEDGER.itemsRead("digest");
        Map<String, Long> itemsByOperation = LEDGER.itemsReadByOperation("digest");
        Map<String, Long> calls = LEDGER.calls("digest");

        // The same again under the model, timed (not counted: the ledger's read-backs would be timed too).
        double timedMs = 0;
        long timedSent = 0;
        if (pendingAfter > 0) {
            MODEL.enable(LatencyModel.AWS_IN_REGION, seed);
            try {
                long start = System.nanoTime();
                signal(digest, stack);
                timedMs = (System.nanoTime() - start) / 1e6;
            } finally {
                MODEL.disable();
            }
            timedSent = pendingAfter - pending(aws, stack);
        }
        return new Amplification(backlog, maxEntries, itemsRead, sent, calls.getOrDefault("SesV2:SendEmail", 0L), calls,
                itemsByOperation, timedMs, timedSent);
    }

    private static SQSBatchResponse signal(DigestHandler digest, BenchStack stack) {
        return digest.handleRequest(
                SqsEvents.of(List.of(DigestSignalCodec.encode(Subscription.DEFAULT_ID, Instant.now())),
                        stack.digestQueueArn()),
                new BenchContext("DigestFunction", WorkPerEvent.DIGEST_MEMORY_MB, Duration.ofSeconds(300)));
    }

    private static int pending(AwsTestClients aws, BenchStack stack) {
        return (int) HistoryTableFixture.scanAll(aws.dynamoDb(), stack.table()).stream()
                .filter(item -> StoredItems.decode(item) instanceof StoredItems.Pending).count();
    }

    private static String byOperation(Map<String, Long> items) {
        StringBuilder text = new StringBuilder();
        items.forEach((operation, count) -> text.append(text.isEmpty() ? "" : ", ")
                .append(operation.replace("DynamoDb:", "")).append(' ').append(String.format(Locale.ROOT, "%,d", count)));
        return text.toString();
    }

    private static List<String> headlines(IngestResult ingest, List<Amplification> amplifications) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Ingest on moto under the latency model (real handler and SDK; the "
                + "model-bound figure is section 7's): a batch of %d new events takes %.0f ms (p50) = %.1f round trips "
                + "of %.1f ms; %,.0f events/s per invocation; Lambda duration $%.3f per million events [%s]", BATCH, ingest.batchP50(),
                ingest.batchP50() / ingest.roundTripP50(), ingest.roundTripP50(), ingest.eventsPerSecond(),
                ingest.durationUsdPerMillionEvents(), ingest.basis().replace("**", "")));
        StringBuilder reads = new StringBuilder("Digest read amplification (items read / entries sent) [counted]:");
        for (Amplification a : amplifications) {
            reads.append(String.format(Locale.ROOT, " %.2f for a backlog of %,d with MAX_ENTRIES %,d;", a.ratio(),
                    a.backlog(), a.maxEntries()));
        }
        double worst = amplifications.stream().mapToDouble(Amplification::ratio).max().orElse(0);
        lines.add(reads.substring(0, reads.length() - 1) + String.format(Locale.ROOT,
                " (target ≤ %.2f for any backlog %s)", AMPLIFICATION_TARGET,
                worst <= AMPLIFICATION_TARGET ? "met" : "missed: see the fixed reads in section 6"));
        return lines;
    }

    private static String report(IngestResult ingest, List<Amplification> amplifications, int repeats,
            String backlogs, int maxEntries, long seed) {
        StringBuilder md = new StringBuilder("## 6. Round trips under the latency model (modelled)\n\n");
        md.append("moto answers on loopback in a few ms or less, so timing against it says nothing about AWS's round "
                + "trips. Here every SDK call the real handlers make takes max(emulator time, a modelled AWS round "
                + "trip): a global SDK interceptor (`LatencyInterceptor`) measures the call and sleeps the remainder of "
                + "a round trip drawn from `LatencyModel` (seeded, seed " + seed + "). The model's parameters are "
                + "**assumptions**, not AWS figures: " + LatencyModel.SOURCE + ". " + BenchEmulator.sentence() + "\n\n");
        md.append("| operation | p50 ms | p99 ms | mean ms |\n|---|---|---|---|\n");
        LatencyModel.AWS_IN_REGION.byOperation().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f |\n", e.getKey(),
                        e.getValue().p50Ms(), e.getValue().p99Ms(), e.getValue().meanMs())));
        md.append(String.format(Locale.ROOT, "| any other | %.0f | %.0f | %.1f |\n\n",
                LatencyModel.AWS_IN_REGION.otherwise().p50Ms(), LatencyModel.AWS_IN_REGION.otherwise().p99Ms(),
                LatencyModel.AWS_IN_REGION.otherwise().meanMs()));

        md.append("### Ingest: a batch of 100 new events on moto (modelled where moto is faster than the model)\n\n");
        Stats batch = Stats.of(ingest.batchMs());
        Stats roundTrip = Stats.of(ingest.roundTripMs());
        md.append(String.format(Locale.ROOT, "%d batches of %d new object events (distinct keys, after %d warm-up "
                + "batches) through the real `IngestHandler` in one JVM; wall time per `handleRequest`. One round trip is "
                + "a single PutItem on the history table through the same model (%d calls). Of the %,d calls made under "
                + "the model, %,d took longer on the emulator than their modelled round trip (those count at emulator "
                + "time). Timing basis: %s.%n%n", repeats, BATCH, WARM_UP_BATCHES, ROUND_TRIPS, ingest.modelledCalls(),
                ingest.emulatorSlowerCalls(), ingest.basis()));
        md.append("| figure (modelled: max(emulator, model) per call) | min | median | max |\n|---|---|---|---|\n");
        md.append("| batch of 100, ms | ").append(batch.cells("%.0f")).append(" |\n");
        md.append("| one round trip (PutItem), ms | ").append(roundTrip.cells("%.1f")).append(" |\n\n");
        md.append(String.format(Locale.ROOT, "- **batch of 100 = %.1f round trips** (p50 / p50; target ≤ 4, judged on section 7's figure)%n",
                ingest.batchP50() / ingest.roundTripP50()));
        md.append(String.format(Locale.ROOT, "- **%,.0f events/s per invocation** (100 / p50 batch time)%n",
                ingest.eventsPerSecond()));
        md.append(String.format(Locale.ROOT, "- Lambda duration at %d MB, Arm: %.4f GB-s per batch → **$%.3f per "
                + "million events** (duration only; billed per ms; requests and other services in section 2)%n%n",
                WorkPerEvent.INGEST_MEMORY_MB, ingest.batchP50() / 1000 * WorkPerEvent.INGEST_MEMORY_MB / 1024.0,
                ingest.durationUsdPerMillionEvents()));
        md.append("SDK calls of one batch of 100 (counted, model off):\n\n| operation | calls |\n|---|---|\n");
        ingest.callsPerBatch().forEach((op, n) -> md.append("| ").append(op).append(" | ").append(n).append(" |\n"));
        md.append("\n");

        md.append("### Digest: read amplification (counted)\n\n");
        md.append(String.format(Locale.ROOT, "A backlog of B pending events for the default subscription (ingested "
                + "through the real handler, quiet period 1 s), then one digest signal through the real `DigestHandler` "
                + "with the MAX_ENTRIES of its row. Items read are the items DynamoDB returned to it (GetItem, Query "
                + "pages, BatchGetItem); entries sent are the pending entries the invocation removed. The model is off "
                + "here: these are counts.%n%n"));
        md.append("| backlog B | MAX_ENTRIES | items read | of which by operation | entries sent | emails | **items read "
                + "/ entries sent** | next digest under the model, ms (entries sent) |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Amplification a : amplifications) {
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %s | %,d | %d | **%.2f** | %s |\n", a.backlog(),
                    a.maxEntries(), a.itemsRead(), byOperation(a.itemsByOperation()), a.entriesSent(), a.emails(),
                    a.ratio(), a.timedEntriesSent() > 0
                            ? String.format(Locale.ROOT, "%.0f (%,d)", a.timedDigestMs(), a.timedEntriesSent())
                            : "— (nothing left or nothing sent)"));
        }
        md.append("""

                Whatever the backlog, a digest reads a few items besides its entries: the subscription's state and the \
                previous digest's record (GetItem), one entry past MAX_ENTRIES (which tells whether the digest is cut), \
                and, after it is sent, one Query page of one item per non-empty shard (8 shards) to find the oldest \
                entry left, which sets when the next digest is due. The merge itself pages each shard lazily \
                (`PendingShards`; `PendingShardsTest` bounds it at a quarter more than it returns for a limit of a few \
                dozen or more). These fixed reads weigh on a MAX_ENTRIES of 100 and vanish at the default 10,000.
                """);
        md.append("\nThe last column is one more signal for the same subscription with the model on, timed (modelled: "
                + "max(emulator, model) per call; one sample, so context rather than a statistic).\n");
        md.append("\nDigest calls by operation, per backlog: ");
        for (Amplification a : amplifications) {
            md.append(String.format(Locale.ROOT, "B = %,d: %s. ", a.backlog(), a.calls()));
        }
        md.append("\n\nReproduce: `java -cp \"modules/bench/target/classes:modules/bench/target/interceptor:$(cat "
                + "modules/bench/target/bench-classpath.txt)\" io.bucketdigest.bench.ModelledRoundTrips --repeats "
                + repeats + " --backlogs " + backlogs + " --max-entries " + maxEntries + " --seed " + seed + "` (needs moto_server on PATH).\n\n");
        return md.toString();
    }
}
