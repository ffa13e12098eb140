package io.bucketdigest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.ingest.IncomingMessage;
import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.IngestService;
import io.bucketdigest.core.ingest.MessageOutcome;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.ratelimit.SendRateShare;
import io.bucketdigest.core.render.ListHeaders;
import io.bucketdigest.core.sender.Deadline;
import io.bucketdigest.core.sender.DigestSender;
import io.bucketdigest.core.sender.DigestBatch;
import io.bucketdigest.core.sender.Ids;
import io.bucketdigest.core.sender.SendOutcome;
import io.bucketdigest.core.sender.SenderSettings;
import io.bucketdigest.core.sender.StepListener;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import io.bucketdigest.core.subscription.SubscriptionCatalog;
import io.bucketdigest.digest.DigestWiring;
import io.bucketdigest.ingest.IngestConfig;
import io.bucketdigest.simulation.InMemoryBackend;
import io.bucketdigest.simulation.RequestKind;
import io.bucketdigest.testing.MutableClock;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A burst end to end through the real core services, the way the functions wire them (IngestService for each batch of
 * 100 SQS messages, DigestSender for each digest signal), over the simulation's in-memory fakes of DynamoDB, SQS and
 * SES ({@link InMemoryBackend}): moto cannot hold 100,000 events in reasonable time. The fakes make the very requests
 * the adapters make, one at a time; each becomes a modelled round trip ({@link ModelledInvocation}). Two bursts:
 * N objects for one subscription (every key), and M events over 50 subscriptions with overlapping prefixes. Signals are
 * processed until nothing is queued; then the simulation's exactly-once accounting checks every (event, subscription)
 * pair the history recorded against the digests SES accepted.
 *
 * <p>Arguments: {@code --events 100000 --subscription-events 10000 --seed S --template template.yaml --out FILE
 * --figures FILE}.
 */
public final class Burst {

    static final Instant START = Instant.parse("2026-11-30T09:00:00Z");
    static final int BATCH = WorkPerEvent.INGEST_BATCH;
    static final int DIGEST_BATCH = WorkPerEvent.DIGEST_BATCH;
    /** S3 → SQS → the ingest function's poller: the batch of events up to i is handled this long after event i. */
    static final Duration DELIVERY = Duration.ofSeconds(1);
    static final int EVENTS_PER_SECOND = 1000;
    static final int SUBSCRIPTIONS = 50;
    // template.yaml's defaults: MaxEntries, QuietPeriodSeconds, MaxDelaySeconds, InlineLimit, RetentionDays,
    // SubscriptionCacheSeconds, SesMaxSendRate and DIGEST_CONCURRENCY.
    static final DigestTiming TEMPLATE_TIMING = new DigestTiming(Duration.ofSeconds(60), Duration.ofSeconds(900), 10_000);
    static final int INLINE_LIMIT = 200;
    static final Duration RETENTION = Duration.ofDays(90);
    static final Duration SUBSCRIPTION_CACHE = Duration.ofSeconds(30);
    static final double SES_MAX_SEND_RATE = 1;
    static final int DIGEST_CONCURRENCY = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double MB = 1024.0 * 1024.0;

    private Burst() {}

    /** What goes in: the S3 messages in arrival order, the stored subscriptions, the default subscription if any. */
    record Scenario(String name, List<String> bodies, List<Subscription> stored,
            Optional<Subscription> defaultSubscription) {

        List<Subscription> all() {
            List<Subscription> all = new ArrayList<>(stored);
            defaultSubscription.ifPresent(all::add);
            return all;
        }
    }

    /** One invocation's modelled figures; {@code entries} is what a digest mailed (0: no digest went out). */
    record Invocation(double modelledMs, double roundTripsMs, double roundTripsSerialMs, double cpuMs, double sleptMs,
            long calls, double allocatedMb, int entries, String outcome) {

        /** The part of an invocation between two marks (its allocation is not split: 0). */
        static Invocation between(ModelledInvocation.Mark from, ModelledInvocation.Mark to, int entries,
                String outcome) {
            return new Invocation(to.elapsedMs() - from.elapsedMs(), to.roundTripsMs() - from.roundTripsMs(),
                    to.roundTripsSerialMs() - from.roundTripsSerialMs(), to.cpuMs() - from.cpuMs(),
                    to.sleptMs() - from.sleptMs(), to.calls() - from.calls(), 0, entries, outcome);
        }
    }

    /** A digest function invocation and each of its signals' share of it. */
    record DigestInvocation(Invocation invocation, List<Invocation> signals) {}

    record Heap(double maxHeapMb, double liveAfterIngestMb, double maxAfterGcIngestMb, double maxAfterGcDigestMb,
            double poolPeaksDigestMb, double digestAllocatedMaxMb) {}

    record Outcome(Scenario scenario, int events, Map<String, Long> expectedBySubscription, List<Invocation> ingestBatches,
            List<Invocation> digestInvocations, List<Invocation> signals, Map<String, Long> callsByOperation, InMemoryBackend.Accounting accounting,
            int deadLettered, Heap heap, double wallSeconds) {

        long expectedPairs() {
            return expectedBySubscription.values().stream().mapToLong(Long::longValue).sum();
        }

        List<Invocation> digests() {
            return signals.stream().filter(i -> i.entries() > 0).toList();
        }

        Stats digestMs() {
            return Stats.of(digests().stream().map(Invocation::modelledMs).toList());
        }

        Stats invocationMs() {
            return Stats.of(digestInvocations.stream().map(Invocation::modelledMs).toList());
        }

        Stats ingestMs() {
            return Stats.of(ingestBatches.stream().map(Invocation::modelledMs).toList());
        }

        /** Recorded pairs in no mailed digest, plus expected pairs the history never recorded. */
        long lost() {
            long neverRecorded = expectedBySubscription.entrySet().stream().mapToLong(e -> Math.max(0,
                    e.getValue() - accounting.recordedBySubscription().getOrDefault(e.getKey(), 0L))).sum();
            return accounting.lost() + neverRecorded;
        }

        boolean exactlyOnce() {
            return lost() == 0 && accounting.duplicated() == 0 && accounting.mailsOfOneDigestAgain() == 0
                    && accounting.recorded() == expectedPairs() && accounting.recordedBySubscription()
                            .equals(expectedBySubscription) && accounting.stillPending() == 0 && deadLettered == 0;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = 100_000;
        int subscriptionEvents = 10_000;
        long seed = 13;
        Path template = Path.of("template.yaml");
        Path out = Path.of("target/bench-results/7-burst.md");
        Path figures = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--subscription-events" -> subscriptionEvents = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--template" -> template = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--figures" -> figures = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<String> templateLines = Files.readAllLines(template, StandardCharsets.UTF_8);
        Duration digestTimeout = functionTimeout(templateLines, "DigestFunction");
        Duration ingestTimeout = functionTimeout(templateLines, "IngestFunction");

        System.err.printf(Locale.ROOT, "burst: %,d objects, one subscription%n", events);
        Outcome single = run(oneSubscription(events), digestTimeout, ingestTimeout, seed);
        System.err.printf(Locale.ROOT, "burst: %,d digests, lost %d, duplicated %d, %.1f s%n", single.digests().size(),
                single.lost(), single.accounting().duplicated(), single.wallSeconds());
        System.err.printf(Locale.ROOT, "burst: %,d events over %d subscriptions%n", subscriptionEvents, SUBSCRIPTIONS);
        Outcome spread = run(fiftySubscriptions(subscriptionEvents), digestTimeout, ingestTimeout, seed);
        System.err.printf(Locale.ROOT, "burst: %,d digests, lost %d, duplicated %d, %.1f s%n", spread.digests().size(),
                spread.lost(), spread.accounting().duplicated(), spread.wallSeconds());

        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report(single, spread, digestTimeout, ingestTimeout, seed), StandardCharsets.UTF_8);
        Files.write(Path.of(out + ".headlines"), headlines(single, spread, digestTimeout), StandardCharsets.UTF_8);
        if (figures != null) {
            Figures.write(figures, figures(single, spread, digestTimeout));
        }
        System.err.println("burst: wrote " + out);
    }

    // ---- the two bursts ----

    static Scenario oneSubscription(int events) {
        List<String> bodies = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            bodies.add(S3Fixtures.snsBody("bench-bucket", i, eventTime(i)));
        }
        Subscription everyKey = new Subscription(Subscription.DEFAULT_ID, List.of("team@example.com"), null, List.of(),
                Set.of(), null);
        return new Scenario(String.format(Locale.ROOT, "%,d objects, one subscription", events), bodies, List.of(),
                Optional.of(everyKey));
    }

    static final String[] TOPS = {"data", "logs", "media", "exports", "tmp"};
    static final int MIDS = 4;
    static final int LEAVES = 3;

    /** The key of event i: TOPS × 4 × 3 folders, filled round-robin. */
    static String spreadKey(int i) {
        return TOPS[i % TOPS.length] + "/m" + (i / TOPS.length) % MIDS + "/l" + (i / (TOPS.length * MIDS)) % LEAVES
                + "/file-" + i + ".dat";
    }

    /**
     * 50 subscriptions whose prefixes nest: 5 take every key, 5 a top folder, 20 a folder below one, 15 a folder below
     * that, and 5 mix overlapping prefixes of different depths (one of them created objects only, one another bucket).
     */
    static List<Subscription> overlappingSubscriptions() {
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            subscriptions.add(subscription(subscriptions.size(), List.of(), Set.of(), null));
        }
        for (String top : TOPS) {
            subscriptions.add(subscription(subscriptions.size(), List.of(top + "/"), Set.of(), null));
        }
        for (String top : TOPS) {
            for (int mid = 0; mid < MIDS; mid++) {
                subscriptions.add(subscription(subscriptions.size(), List.of(top + "/m" + mid + "/"), Set.of(), null));
            }
        }
        for (int i = 0; i < 15; i++) {
            String top = TOPS[i % TOPS.length];
            subscriptions.add(subscription(subscriptions.size(),
                    List.of(top + "/m" + i % MIDS + "/l" + i % LEAVES + "/"), Set.of(), null));
        }
        subscriptions.add(subscription(subscriptions.size(), List.of("data/", "data/m1/", "data/m1/l2/"), Set.of(),
                null));
        subscriptions.add(subscription(subscriptions.size(), List.of("logs/m0/", "media/"), Set.of(), null));
        subscriptions.add(subscription(subscriptions.size(), List.of("exports/", "tmp/m3/l1/"),
                EnumSet.of(EventKind.CREATED), null));
        subscriptions.add(subscription(subscriptions.size(), List.of(), Set.of(), "other-bucket"));
        subscriptions.add(subscription(subscriptions.size(), List.of("data/m0/", "logs/", "tmp/"), Set.of(), null));
        return subscriptions;
    }

    private static Subscription subscription(int number, List<String> prefixes, Set<EventKind> kinds, String bucket) {
        String id = String.format(Locale.ROOT, "sub-%02d", number);
        return new Subscription(id, List.of(id + "@example.com"), bucket, prefixes, kinds, null);
    }

    static Scenario fiftySubscriptions(int events) {
        List<String> bodies = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String eventName = i % 7 == 3 ? "ObjectRemoved:Delete" : "ObjectCreated:Put";
            String key = URLEncoder.encode(spreadKey(i), StandardCharsets.UTF_8).replace("%2F", "/");
            bodies.add(S3Fixtures.s3Message("bench-bucket", i, key, eventName, eventTime(i)));
        }
        List<Subscription> subscriptions = overlappingSubscriptions();
        if (subscriptions.size() != SUBSCRIPTIONS) {
            throw new IllegalStateException("expected " + SUBSCRIPTIONS + " subscriptions, built " + subscriptions.size());
        }
        return new Scenario(String.format(Locale.ROOT, "%,d events, %d subscriptions with overlapping prefixes",
                events, SUBSCRIPTIONS), bodies, subscriptions, Optional.empty());
    }

    private static Instant eventTime(int i) {
        return START.plusNanos(i * (1_000_000_000L / EVENTS_PER_SECOND));
    }

    /** When the batch ending with event {@code last} is handed to the ingest function. */
    private static Instant arrival(int last) {
        return eventTime(last).plus(DELIVERY);
    }

    /** The (event, subscription) pairs that should be reported, per subscription: Subscription.matches. */
    static Map<String, Long> expectedPairs(Scenario scenario) {
        S3MessageNormalizer reader = new S3MessageNormalizer(JSON, new MutableClock(arrival(scenario.bodies().size())));
        List<Subscription> subscriptions = scenario.all();
        Map<String, Long> pairs = new TreeMap<>();
        for (String body : scenario.bodies()) {
            if (reader.normalize(body) instanceof NormalizedMessage.Events events) {
                for (ObjectEvent event : events.events()) {
                    subscriptions.stream().filter(s -> s.matches(event))
                            .forEach(s -> pairs.merge(s.id(), 1L, Long::sum));
                }
            }
        }
        return pairs;
    }

    // ---- one run ----

    static Outcome run(Scenario scenario, Duration digestTimeout, Duration ingestTimeout, long seed) {
        Map<String, Long> expected = expectedPairs(scenario);
        BurstRun run = new BurstRun(scenario, digestTimeout, ingestTimeout, seed);
        return run.execute(expected);
    }

    /** One burst's driver: a clock, the fakes, the real services, and the invocation the fakes' requests go to. */
    private static final class BurstRun {
        private final Scenario scenario;
        private final Duration digestTimeout;
        private final Duration ingestTimeout;
        private final MutableClock clock = new MutableClock(START);
        private final Random roundTrips;
        private final InMemoryBackend backend;
        private final IngestService ingest;
        private final DigestSender sender;
        private final Map<String, Long> callsByOperation = new TreeMap<>();
        private ModelledInvocation current;

        BurstRun(Scenario scenario, Duration digestTimeout, Duration ingestTimeout, long seed) {
            this.scenario = scenario;
            this.digestTimeout = digestTimeout;
            this.ingestTimeout = ingestTimeout;
            this.roundTrips = new Random(seed);
            this.backend = new InMemoryBackend(clock::instant, RETENTION, this::requested);
            scenario.stored().forEach(backend.subscriptions()::save);
            this.ingest = new IngestService(new S3MessageNormalizer(JSON, clock), catalog(), backend.history(),
                    backend.arrivals(), backend.signals(), backend.ingestDeadLetters(), TEMPLATE_TIMING, clock);
            this.sender = new DigestSender(catalog(), backend.states(), backend.pending(), backend.records(),
                    backend.mailer(), backend.signals(),
                    new SendRateShare(SES_MAX_SEND_RATE, DIGEST_CONCURRENCY, Optional::empty, clock),
                    wait -> {
                        current.slept(wait);
                        clock.advance(wait);
                    },
                    new SenderSettings("digest@example.com", null, TEMPLATE_TIMING, INLINE_LIMIT,
                            DigestWiring.LEASE_DURATION, ListHeaders.NONE),
                    clock, StepListener.NONE, new Ids(new SplittableRandom(seed)));
        }

        /** One catalog per function instance, as each wiring builds its own (a warm container keeps its cache). */
        private SubscriptionCatalog catalog() {
            return new SubscriptionCatalog(backend.subscriptions(), scenario.defaultSubscription(), SUBSCRIPTION_CACHE,
                    clock);
        }

        private void requested(String label, RequestKind kind) {
            if (current == null) {
                throw new IllegalStateException("a request outside any invocation: " + label);
            }
            current.requested(label, kind);
        }

        Outcome execute(Map<String, Long> expectedPairs) {
            List<String> bodies = scenario.bodies();
            int batches = (bodies.size() + BATCH - 1) / BATCH;
            List<Invocation> ingestBatches = new ArrayList<>();
            List<Invocation> signals = new ArrayList<>();
            List<Invocation> invocations = new ArrayList<>();
            long started = System.nanoTime();
            try (HeapWatch heap = new HeapWatch()) {
                double liveAfterIngest = -1;
                double maxAfterGcIngest = 0;
                double maxAllocatedDigest = 0;
                int next = 0;
                for (long steps = 0; ; steps++) {
                    if (steps > 10_000_000) {
                        throw new IllegalStateException("the burst did not settle");
                    }
                    if (next == batches && liveAfterIngest < 0) {
                        maxAfterGcIngest = heap.maxAfterGcMb();
                        liveAfterIngest = heap.liveNowMb();
                        heap.resetPeaks();
                    }
                    Instant ingestAt = next < batches ? arrival(Math.min(bodies.size(), (next + 1) * BATCH) - 1) : null;
                    Optional<Instant> signalAt = backend.nextSignalAt();
                    if (ingestAt == null && signalAt.isEmpty()) {
                        break;
                    }
                    if (ingestAt != null && (signalAt.isEmpty() || !ingestAt.isAfter(signalAt.get()))) {
                        clock.moveTo(ingestAt);
                        ingestBatches.add(ingestBatch(bodies.subList(next * BATCH,
                                Math.min(bodies.size(), (next + 1) * BATCH)), next));
                        next++;
                    } else {
                        clock.moveTo(signalAt.get());
                        List<DigestBatch.Message> batch = backend.receiveSignals(clock.instant(), DIGEST_BATCH);
                        if (!batch.isEmpty()) {
                            DigestInvocation handled = handle(batch);
                            invocations.add(handled.invocation());
                            signals.addAll(handled.signals());
                            maxAllocatedDigest = Math.max(maxAllocatedDigest, handled.invocation().allocatedMb());
                        }
                    }
                }
                // A small burst may see no collection while its digests run: one now, before the table goes.
                double poolPeaks = heap.poolPeaksMb();
                double liveAtEnd = heap.liveNowMb();
                Heap figures = new Heap(heap.maxHeapMb(), liveAfterIngest, maxAfterGcIngest,
                        Math.max(heap.maxAfterGcMb(), liveAtEnd), poolPeaks, maxAllocatedDigest);
                double wall = (System.nanoTime() - started) / 1e9;
                return new Outcome(scenario, bodies.size(), expectedPairs, ingestBatches, invocations, signals,
                        callsByOperation,
                        backend.exactlyOnce(), backend.deadLettered(), figures, wall);
            }
        }

        private Invocation ingestBatch(List<String> bodies, int batch) {
            List<IncomingMessage> messages = new ArrayList<>(bodies.size());
            for (int i = 0; i < bodies.size(); i++) {
                messages.add(new IncomingMessage("ingest-" + batch + "-" + i, bodies.get(i), 1));
            }
            current = new ModelledInvocation(LatencyModel.AWS_IN_REGION, roundTrips,
                    IngestConfig.DEFAULT_WRITE_CONCURRENCY, ModelledInvocation::ingestPhaseOf);
            long allocated = allocatedBytes();
            IngestReport report = ingest.ingest(messages);
            Invocation invocation = finish(allocated, 0, "ingested");
            long notAccepted = report.outcomes().stream().filter(o -> !(o instanceof MessageOutcome.Recorded)).count();
            if (notAccepted > 0) {
                throw new IllegalStateException(notAccepted + " messages of ingest batch " + batch + " were not accepted: "
                        + report.outcomes().stream().filter(o -> !(o instanceof MessageOutcome.Recorded)).findFirst()
                                .orElseThrow());
            }
            if (invocation.modelledMs() > ingestTimeout.toMillis()) {
                System.err.printf(Locale.ROOT, "burst: ingest batch %d took %.0f ms modelled, over the timeout%n",
                        batch, invocation.modelledMs());
            }
            return invocation;
        }

        /**
         * One digest function invocation: DigestBatch over the received signals, as the handler runs it, with the
         * remaining time the invocation's modelled time leaves; each signal's share is the modelled time between
         * the results. Messages not retried are deleted; the others come back after the visibility timeout.
         */
        private DigestInvocation handle(List<DigestBatch.Message> batch) {
            ModelledInvocation invocation = ModelledInvocation.serial(LatencyModel.AWS_IN_REGION, roundTrips);
            current = invocation;
            long allocated = allocatedBytes();
            Deadline deadline = () -> digestTimeout.minusNanos((long) (invocation.elapsedMs() * 1e6));
            List<Invocation> perSignal = new ArrayList<>();
            ModelledInvocation.Mark[] previous = {invocation.mark()};
            List<DigestBatch.Result> results = new DigestBatch(sender, backend.digestDeadLetters()).process(batch,
                    deadline, result -> {
                        int entries = result instanceof DigestBatch.Handled handled
                                && handled.outcome() instanceof SendOutcome.Sent sent ? sent.entries() : 0;
                        String outcome = result instanceof DigestBatch.Handled handled
                                ? handled.outcome().getClass().getSimpleName() : result.getClass().getSimpleName();
                        ModelledInvocation.Mark now = invocation.mark();
                        perSignal.add(Invocation.between(previous[0], now, entries, outcome));
                        previous[0] = now;
                    });
            Invocation whole = finish(allocated, perSignal.stream().mapToInt(Invocation::entries).sum(),
                    batch.size() + " signal(s)");
            results.stream().filter(r -> !r.retried()).forEach(r -> backend.deleteSignal(r.messageId()));
            return new DigestInvocation(whole, perSignal);
        }

        private Invocation finish(long allocatedBefore, int entries, String outcome) {
            ModelledInvocation done = current;
            done.finished();
            current = null;
            done.callsByOperation().forEach((operation, n) -> callsByOperation.merge(operation, n, Long::sum));
            return new Invocation(done.elapsedMs(), done.roundTripsMs(), done.roundTripsSerialMs(), done.cpuMs(),
                    done.sleptMs(), done.calls(), (allocatedBytes() - allocatedBefore) / MB, entries, outcome);
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** The {@code Timeout} template.yaml sets on a function resource (the resource's own property, not a global). */
    static Duration functionTimeout(List<String> templateLines, String resource) {
        Pattern timeout = Pattern.compile("^\\s+Timeout:\\s*(\\d+)\\s*$");
        boolean inside = false;
        for (String line : templateLines) {
            if (line.equals("  " + resource + ":")) {
                inside = true;
            } else if (inside && line.matches("^  [A-Za-z0-9]+:\\s*$")) {
                break;
            } else if (inside) {
                Matcher m = timeout.matcher(line);
                if (m.matches()) {
                    return Duration.ofSeconds(Long.parseLong(m.group(1)));
                }
            }
        }
        throw new IllegalArgumentException("template.yaml sets no Timeout on " + resource);
    }

    // ---- the report ----

    private static Map<String, Double> figures(Outcome single, Outcome spread, Duration digestTimeout) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("burst100k_events", (double) single.events());
        values.put("burst100k_digests", (double) single.digests().size());
        values.put("burst100k_max_digest_ms_modelled", single.digestMs().max());
        values.put("burst100k_p50_digest_ms_modelled", single.digestMs().median());
        values.put("burst100k_max_entries_per_digest",
                (double) single.digests().stream().mapToInt(Invocation::entries).max().orElse(0));
        values.put("burst100k_lost", (double) single.lost());
        values.put("burst100k_duplicated", (double) single.accounting().duplicated());
        values.put("burst100k_digest_timeout_seconds", (double) digestTimeout.toSeconds());
        values.put("burst100k_max_invocation_ms_modelled", single.invocationMs().max());
        values.put("burst100k_ingest_batch_ms_modelled_p50", single.ingestMs().median());
        IngestBatchFigures ingest = IngestBatchFigures.of(single);
        values.put("ingest_batch100_modelled_ms_p50", ingest.concurrentMs());
        values.put("ingest_round_trip_modelled_ms", ingest.roundTripMs());
        values.put("ingest_batch100_in_round_trips_modelled", ingest.concurrentMs() / ingest.roundTripMs());
        values.put("ingest_events_per_second_per_invocation_modelled", ingest.eventsPerSecond(ingest.concurrentMs()));
        values.put("ingest_duration_usd_per_million_events_modelled", ingest.usdPerMillion(ingest.concurrentMs()));
        values.put("ingest_batch100_serial_modelled_ms_p50", ingest.serialMs());
        values.put("ingest_events_per_second_per_invocation_serial_modelled", ingest.eventsPerSecond(ingest.serialMs()));
        values.put("ingest_duration_usd_per_million_events_serial_modelled", ingest.usdPerMillion(ingest.serialMs()));
        values.put("burst100k_requests_per_event",
                single.callsByOperation().values().stream().mapToLong(Long::longValue).sum() / (double) single.events());
        values.put("burst100k_heap_live_after_ingest_mb", single.heap().liveAfterIngestMb());
        values.put("burst100k_heap_max_after_gc_digests_mb", single.heap().maxAfterGcDigestMb());
        values.put("burst100k_digest_allocated_max_mb", single.heap().digestAllocatedMaxMb());
        values.put("burst50subs_events", (double) spread.events());
        values.put("burst50subs_digests", (double) spread.digests().size());
        values.put("burst50subs_entries_expected", (double) spread.expectedPairs());
        values.put("burst50subs_entries_mailed",
                (double) spread.digests().stream().mapToInt(Invocation::entries).sum());
        values.put("burst50subs_lost", (double) spread.lost());
        values.put("burst50subs_duplicated", (double) spread.accounting().duplicated());
        values.put("burst50subs_max_digest_ms_modelled", spread.digestMs().max());
        values.put("burst50subs_p50_digest_ms_modelled", spread.digestMs().median());
        values.put("burst50subs_max_invocation_ms_modelled", spread.invocationMs().max());
        return values;
    }

    /**
     * Issue 13's ingest figures from the single-subscription burst: a batch of {@link #BATCH} as the pool runs it
     * (its requests list-scheduled on WRITE_CONCURRENCY workers) and the same round trips one after another, as
     * ingest made them before the pool. One round trip is the model's single-item median.
     */
    record IngestBatchFigures(double concurrentMs, double serialMs, double roundTripMs) {

        static IngestBatchFigures of(Outcome burst) {
            return new IngestBatchFigures(burst.ingestMs().median(),
                    Stats.of(burst.ingestBatches().stream().map(Invocation::roundTripsSerialMs).toList()).median(),
                    LatencyModel.AWS_IN_REGION.of("DynamoDb:PutItem").p50Ms());
        }

        double eventsPerSecond(double batchMs) {
            return BATCH / (batchMs / 1000);
        }

        /** Lambda duration only, at the ingest function's memory, Arm. */
        double usdPerMillion(double batchMs) {
            return Prices.lambdaDurationUsdPerMillionEvents(batchMs, BATCH, WorkPerEvent.INGEST_MEMORY_MB);
        }
    }

    /** The medians of ingest's four dependent steps: put (or look-up), entries, arrival note, signal. */
    private static double chainMedianMs() {
        LatencyModel model = LatencyModel.AWS_IN_REGION;
        return Math.max(model.of("DynamoDb:PutItem").p50Ms(), model.of("DynamoDb:Query").p50Ms())
                + model.of("DynamoDb:BatchWriteItem").p50Ms() + model.of("DynamoDb:UpdateItem").p50Ms()
                + model.of("Sqs:SendMessageBatch").p50Ms();
    }

    private static List<String> headlines(Outcome single, Outcome spread, Duration digestTimeout) {
        IngestBatchFigures ingest = IngestBatchFigures.of(single);
        return List.of(
                String.format(Locale.ROOT, "Ingest batch of %d new events under the latency model (real IngestService "
                        + "over the in-memory fakes, its requests on %d workers): %.0f ms p50 = %.1f round trips of "
                        + "%.0f ms (target ≤ 4 missed: four dependent steps, see section 7.1); %,.0f events/s per "
                        + "invocation, against %,.0f one request at a time (%.0f ms); Lambda duration $%.3f per million "
                        + "events, was $%.3f [modelled]", BATCH, IngestConfig.DEFAULT_WRITE_CONCURRENCY, ingest.concurrentMs(),
                        ingest.concurrentMs() / ingest.roundTripMs(), ingest.roundTripMs(),
                        ingest.eventsPerSecond(ingest.concurrentMs()), ingest.eventsPerSecond(ingest.serialMs()),
                        ingest.serialMs(), ingest.usdPerMillion(ingest.concurrentMs()),
                        ingest.usdPerMillion(ingest.serialMs())),
                String.format(Locale.ROOT, "Burst of %,d objects end to end (real services over the in-memory fakes): "
                        + "%d digests of up to %,d entries, %.0f ms per digest at most (p50 %.0f ms, modelled; the "
                        + "digest function's timeout is %d s, its longest invocation %.0f ms); lost %d, duplicated %d "
                        + "[counted]; heap in use after a GC at most %.0f MB while the digests ran (the in-memory "
                        + "table alone: %.0f MB after the last ingest batch)", single.events(), single.digests().size(), single.digests().stream()
                                .mapToInt(Invocation::entries).max().orElse(0), single.digestMs().max(),
                        single.digestMs().median(), digestTimeout.toSeconds(), single.invocationMs().max(),
                        single.lost(), single.accounting().duplicated(), single.heap().maxAfterGcDigestMb(),
                        single.heap().liveAfterIngestMb()),
                String.format(Locale.ROOT, "Burst of %,d events over %d subscriptions with overlapping prefixes: %d "
                        + "digests, %,d entries mailed of %,d expected matches; lost %d, duplicated %d [counted]; %.0f ms "
                        + "per digest at most (modelled, SES send-rate waits included)", spread.events(), SUBSCRIPTIONS,
                        spread.digests().size(), spread.digests().stream().mapToInt(Invocation::entries).sum(),
                        spread.expectedPairs(), spread.lost(), spread.accounting().duplicated(),
                        spread.digestMs().max()));
    }

    private static String report(Outcome single, Outcome spread, Duration digestTimeout, Duration ingestTimeout,
            long seed) {
        StringBuilder md = new StringBuilder("## 7. A burst end to end under the latency model (modelled, counted)\n\n");
        md.append("moto cannot hold 100,000 events in reasonable time, so this stage drives the real core services, "
                + "wired as the functions wire them, over the simulation's in-memory fakes (`InMemoryBackend`: the "
                + "`SimStore` fakes, split into the very requests the DynamoDB adapters make, and the simulated SQS "
                + "queue and SES mailbox). `IngestService` takes each batch of " + BATCH + " SQS messages "
                + "(template.yaml's BatchSize) as it arrives; `DigestSender` handles each digest signal once it is "
                + "visible on the queue, " + DIGEST_BATCH + " per invocation, until no signal is left. Events arrive at "
                + EVENTS_PER_SECOND + " per second; each batch reaches the function " + DELIVERY.toSeconds()
                + " s after its last event. Settings are template.yaml's defaults: MAX_ENTRIES "
                + TEMPLATE_TIMING.maxEntries() + ", quiet period " + TEMPLATE_TIMING.quietPeriod().toSeconds()
                + " s, max delay " + TEMPLATE_TIMING.maxDelay().toSeconds() + " s, INLINE_LIMIT " + INLINE_LIMIT
                + ", SES send rate " + (int) SES_MAX_SEND_RATE + "/s shared by DIGEST_CONCURRENCY "
                + DIGEST_CONCURRENCY + ". Nothing is faulted. Simulated time moves to each arrival and each signal; "
                + "invocations take no simulated time except the send-rate waits the sender asks for. The JVM runs "
                + "with -XX:+UseSerialGC (what the JVM picks on Lambda's fractional vCPU) and a 1 GB heap.\n\n");
        md.append(String.format(Locale.ROOT, "**How the modelled time is formed.** Every request the fakes make is "
                + "mapped to the SDK operation the adapter makes (GetItem, Query, BatchGetItem, PutItem/UpdateItem, "
                + "TransactWriteItems, BatchWriteItem, SQS SendMessageBatch, SES SendEmail) and given a round trip "
                + "drawn from `LatencyModel` (the same parameters as section 6, seeded, seed %d). An invocation's "
                + "modelled time = its round trips + the CPU time its thread used here (ThreadMXBean, C2 on this "
                + "machine: includes the fakes' own bookkeeping; Lambda's C1 on a smaller Arm share is slower) + the "
                + "waits it asked for (the SES send rate). The digest sender's adapters make their requests one after "
                + "another, so a digest's round trips add up. The ingest adapter makes its conditional puts and "
                + "look-ups, then its entry writes, on a pool of WRITE_CONCURRENCY = %d threads: those phases are "
                + "list-scheduled on %d workers (their serial sum is shown too). The deadline the sender sees is the "
                + "function's timeout minus the modelled time so far. The event source mappings' receives and deletes "
                + "are Lambda's and are not counted.%n%n", seed, IngestConfig.DEFAULT_WRITE_CONCURRENCY,
                IngestConfig.DEFAULT_WRITE_CONCURRENCY));
        md.append(String.format(Locale.ROOT, "Timeouts from template.yaml: DigestFunction %d s, IngestFunction %d s.%n%n",
                digestTimeout.toSeconds(), ingestTimeout.toSeconds()));
        appendOutcome(md, "7.1", single, digestTimeout);
        IngestBatchFigures ingest = IngestBatchFigures.of(single);
        md.append(String.format(Locale.ROOT, """
                **An ingest batch of %d (issue 13's item 2), from 7.1.** %.0f ms p50 with the pool, %.1f round trips \
                of %.0f ms (the model's single-item median); one request after another the same round trips take \
                %,.0f ms. So %,.0f events/s per invocation instead of %,.0f, and Lambda duration $%.3f per million \
                events instead of $%.3f (%d MB, Arm). The target of at most 4 round trips is **missed**, by design of \
                the guarantees rather than by the pool: a batch makes four dependent steps, each waiting for the \
                slowest request of the step before it. (1) The conditional puts and the look-ups: %d requests on \
                %d workers, so two waves, each as slow as its slowest of about a hundred draws (near the model's \
                p99: %.0f ms for a put, %.0f ms for a Query); (2) the pending entries, four \
                BatchWriteItems at once, which must follow the put that decides the event is new; (3) the arrival \
                note (UpdateItem), which must follow the entries, because the sender's release trusts that a noted \
                arrival's entry is written (`DigestSender.releaseAndRescheduleRest`); (4) the digest signal \
                (SendMessageBatch), whose delay comes from the state the note returns. Even with a worker per \
                request, the four steps' medians add up to %.0f ms, %.1f single-item round trips.

                """, BATCH, ingest.concurrentMs(), ingest.concurrentMs() / ingest.roundTripMs(), ingest.roundTripMs(),
                ingest.serialMs(), ingest.eventsPerSecond(ingest.concurrentMs()),
                ingest.eventsPerSecond(ingest.serialMs()), ingest.usdPerMillion(ingest.concurrentMs()),
                ingest.usdPerMillion(ingest.serialMs()), WorkPerEvent.INGEST_MEMORY_MB,
                2 * BATCH, IngestConfig.DEFAULT_WRITE_CONCURRENCY,
                LatencyModel.AWS_IN_REGION.of("DynamoDb:PutItem").p99Ms(),
                LatencyModel.AWS_IN_REGION.of("DynamoDb:Query").p99Ms(), chainMedianMs(),
                chainMedianMs() / ingest.roundTripMs()));
        appendOutcome(md, "7.2", spread, digestTimeout);
        appendSubscriptions(md, spread);
        md.append("**Exactly once, on moto.** Section 2 checks the same on moto_server through the real handlers and "
                + "adapters for its bursts (the `burst_moto_*` figures: every recorded event in exactly one digest SES "
                + "accepted). Its size is section 2's largest burst in this run (`burst_moto_events`): 10,000 "
                + "events in the full `scripts/bench`, 800 with `--quick`.\n\n");
        md.append("**RRU/WRU per event are not computed here.** WorkPerEvent computes capacity units from the sizes of "
                + "the DynamoDB items the adapters send and receive (`ItemSizes`, by DynamoDB's rules); the fakes hold "
                + "the core's objects, not the marshalled items, so their sizes are not known here. The requests per "
                + "event by operation are counted above; section 2's `wru_per_event` and `rru_per_event` are the "
                + "per-event units for the same requests on moto.\n\n");
        md.append("Reproduce: `java -XX:+UseSerialGC -Xmx1g -cp \"modules/bench/target/classes:$(cat "
                + "modules/bench/target/bench-classpath.txt)\" io.bucketdigest.bench.Burst --events " + single.events()
                + " --subscription-events " + spread.events() + " --seed " + seed + "` (no emulator needed).\n\n");
        return md.toString();
    }

    private static void appendOutcome(StringBuilder md, String number, Outcome o, Duration digestTimeout) {
        md.append("### ").append(number).append(' ').append(o.scenario().name()).append("\n\n");
        List<Invocation> digests = o.digests();
        InMemoryBackend.Accounting a = o.accounting();
        md.append("| figure | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| events | %,d in %,d ingest batches |%n", o.events(),
                o.ingestBatches().size()));
        md.append(String.format(Locale.ROOT, "| digests mailed | **%d** (%,d signals handled: %s) |%n", digests.size(),
                o.signals().size(), outcomeCounts(o.signals())));
        md.append(String.format(Locale.ROOT, "| entries per digest | %s |%n", digests.isEmpty() ? "—"
                : Stats.of(digests.stream().map(i -> (double) i.entries()).toList()).format("%,.0f")
                        + " (min / median / max)"));
        if (!digests.isEmpty()) {
            Stats ms = o.digestMs();
            md.append(String.format(Locale.ROOT, "| modelled ms per digest | **max %,.0f**, p50 %,.0f, min %,.0f |%n",
                    ms.max(), ms.median(), ms.min()));
            Invocation slowest = digests.stream().max((x, y) -> Double.compare(x.modelledMs(), y.modelledMs()))
                    .orElseThrow();
            md.append(String.format(Locale.ROOT, "| the slowest digest, formed | %,.0f ms round trips (%,d requests) + "
                    + "%,.0f ms CPU + %,.0f ms send-rate wait; %,d entries |%n", slowest.roundTripsMs(),
                    slowest.calls(), slowest.cpuMs(), slowest.sleptMs(), slowest.entries()));
            Stats invocations = o.invocationMs();
            Invocation longest = o.digestInvocations().stream()
                    .max((x, y) -> Double.compare(x.modelledMs(), y.modelledMs())).orElseThrow();
            md.append(String.format(Locale.ROOT, "| modelled ms per digest function invocation (up to %d signals) | "
                    + "max %,.0f (%s, %,d entries mailed), p50 %,.0f, over %,d invocations |%n", DIGEST_BATCH,
                    invocations.max(), longest.outcome(), longest.entries(), invocations.median(),
                    o.digestInvocations().size()));
            md.append(String.format(Locale.ROOT, "| fits the digest function's timeout (%d s, per invocation)? | %s |%n",
                    digestTimeout.toSeconds(), invocations.max() < digestTimeout.toMillis()
                            ? String.format(Locale.ROOT, "yes: the longest invocation uses %.0f %% of it",
                                    100 * invocations.max() / digestTimeout.toMillis())
                            : "**no**: the longest invocation needs more than the timeout"));
            md.append('|').append(" deferred by the deadline (DigestBatch leaves a signal for later when less than "
                    + DigestBatch.START_RESERVE.toSeconds() + " s remain) | ")
                    .append(o.signals().stream().filter(i -> i.outcome().equals("Deferred")).count()).append(" |\n");
        }
        Stats ingest = o.ingestMs();
        md.append(String.format(Locale.ROOT, "| modelled ms per ingest batch of %d | %s (min / median / max); serial "
                + "sum of the same round trips, median %,.0f |%n", BATCH, ingest.format("%,.0f"),
                Stats.of(o.ingestBatches().stream().map(Invocation::roundTripsSerialMs).toList()).median()));
        md.append(String.format(Locale.ROOT, "| (event, subscription) pairs expected (Subscription.matches) / recorded "
                + "| %,d / %,d |%n", o.expectedPairs(), a.recorded()));
        md.append(String.format(Locale.ROOT, "| reported exactly once / **lost** / **duplicated** | %,d / **%d** / "
                + "**%d** |%n", a.reportedOnce(), o.lost(), a.duplicated()));
        md.append(String.format(Locale.ROOT, "| digests mailed more than once / records not COMPLETE / entries still "
                + "pending / dead-lettered | %d / %d / %d / %d |%n", a.mailsOfOneDigestAgain(), a.recordsNotComplete(),
                a.stillPending(), o.deadLettered()));
        Heap h = o.heap();
        md.append(String.format(Locale.ROOT, "| heap: live after the last ingest batch (the fakes' table: DynamoDB's "
                + "share in AWS) | %,.0f MB (max heap %,.0f MB) |%n", h.liveAfterIngestMb(), h.maxHeapMb()));
        md.append(String.format(Locale.ROOT, "| heap during the digests: most in use after a GC / pools' peak | %,.0f MB "
                + "/ %,.0f MB (includes the table above) |%n", h.maxAfterGcDigestMb(), h.poolPeaksDigestMb()));
        md.append(String.format(Locale.ROOT, "| allocated by the largest digest invocation (its thread) | %,.0f MB |%n",
                h.digestAllocatedMaxMb()));
        long requests = o.callsByOperation().values().stream().mapToLong(Long::longValue).sum();
        md.append(String.format(Locale.ROOT, "| requests per event (all invocations) | %.2f: %s |%n",
                requests / (double) o.events(), perEvent(o.callsByOperation(), o.events())));
        md.append(String.format(Locale.ROOT, "| wall time of this run here | %.1f s |%n%n", o.wallSeconds()));
        md.append(o.exactlyOnce() ? "Every recorded (event, subscription) pair is in exactly one digest SES accepted, "
                + "and the recorded pairs are exactly the expected matches.\n\n"
                : "**Not exactly once**: see the counts above.\n\n");
    }

    private static void appendSubscriptions(StringBuilder md, Outcome o) {
        Map<String, Long> digests = new TreeMap<>();
        Map<String, Long> mailed = new TreeMap<>();
        for (InMemoryBackend.MailedDigest d : o.accounting().digests()) {
            digests.merge(d.subscriptionId(), 1L, Long::sum);
            mailed.merge(d.subscriptionId(), (long) d.entries(), Long::sum);
        }
        Map<String, Long> expected = o.expectedBySubscription();
        md.append("Per subscription of 7.2 (prefixes; expected matches from `Subscription.matches`; entries in the "
                + "digests SES accepted; digests):\n\n| subscription | scope | expected | mailed | digests |\n"
                + "|---|---|---|---|---|\n");
        for (Subscription s : o.scenario().all()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %d |%n", s.id(), s.describeScope()
                            .replace("|", "\\|"), expected.getOrDefault(s.id(), 0L), mailed.getOrDefault(s.id(), 0L),
                    digests.getOrDefault(s.id(), 0L)));
        }
        md.append('\n');
    }

    private static String outcomeCounts(List<Invocation> invocations) {
        Map<String, Long> counts = new TreeMap<>();
        invocations.forEach(i -> counts.merge(i.outcome(), 1L, Long::sum));
        StringBuilder s = new StringBuilder();
        counts.forEach((outcome, n) -> s.append(s.length() == 0 ? "" : ", ").append(outcome).append(' ').append(n));
        return s.toString();
    }

    private static String perEvent(Map<String, Long> calls, int events) {
        StringBuilder s = new StringBuilder();
        calls.forEach((operation, n) -> s.append(s.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.3g", operation, n / (double) events)));
        return s.toString();
    }
}
