package io.bucketdigest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * docs/benchmarks.json: the figures of one {@code scripts/bench} run, merged from the stages' {@code figures-*.properties}
 * files. Every key of {@link #FIGURES} is always present: a figure this run did not measure is null, with the reason
 * under "notes" (never a made-up value). "basis" says for each figure whether it is modelled, emulator time, CPU on
 * this machine, or counted.
 */
final class BenchJson {

    record Figure(String basis, String whenMissing) {}

    /** The figures docs/benchmarks.json always carries, in order. */
    static final Map<String, Figure> FIGURES = figures();

    private BenchJson() {}

    private static Map<String, Figure> figures() {
        Map<String, Figure> f = new LinkedHashMap<>();
        String modelled = "modelled (each SDK call takes max(emulator, LatencyModel round trip))";
        String ingestModelled = "modelled (section 7: the real IngestService over the in-memory fakes, each request a "
                + "LatencyModel round trip, list-scheduled on WRITE_CONCURRENCY workers, + CPU time here; the median of "
                + "the 100,000-object burst's 1,000 batches)";
        String burst = "stage 7 (Burst) did not run";
        f.put("ingest_batch100_modelled_ms_p50", new Figure(ingestModelled, burst));
        f.put("ingest_round_trip_modelled_ms", new Figure("input: LatencyModel's DynamoDB single-item median",
                burst));
        f.put("ingest_batch100_in_round_trips_modelled", new Figure(ingestModelled + "; target ≤ 4 missed: four "
                + "dependent steps (docs/benchmarks.md section 7)", burst));
        f.put("ingest_events_per_second_per_invocation_modelled", new Figure(ingestModelled, burst));
        f.put("ingest_duration_usd_per_million_events_modelled",
                new Figure(ingestModelled + "; Lambda Arm price per GB-s at 512 MB", burst));
        f.put("ingest_batch100_serial_modelled_ms_p50", new Figure("modelled: the same round trips one after another "
                + "(ingest before WRITE_CONCURRENCY)", burst));
        f.put("ingest_on_moto_batch100_ms_p50", new Figure(modelled + "; against moto, whose GIL serializes the "
                + "batch's concurrent requests, so mostly emulator time (see ingest_on_moto_emulator_bound_share)",
                "stage 6 (ModelledRoundTrips) did not run"));
        f.put("ingest_on_moto_emulator_bound_share", new Figure("counted: share of calls under the model that took "
                + "longer on the emulator than modelled (above ~0.05 the figures on moto are closer to emulator time)",
                "stage 6 (ModelledRoundTrips) did not run"));
        f.put("digest_read_amplification", new Figure("counted: items DynamoDB returned to the digest handler / entries "
                + "it sent, the worst of the backlogs measured (see digest_read_amplification_backlog and _max_entries; "
                + "target ≤ 1.25)",
                "stage 6 (ModelledRoundTrips) did not run"));
        f.put("digest_read_amplification_small_backlog", new Figure("counted, backlog = MAX_ENTRIES",
                "stage 6 (ModelledRoundTrips) did not run"));
        f.put("digest_read_amplification_backlog", new Figure("input", "stage 6 (ModelledRoundTrips) did not run"));
        f.put("digest_read_amplification_max_entries", new Figure("input", "stage 6 (ModelledRoundTrips) did not run"));
        f.put("digest_modelled_ms", new Figure(modelled + "; one digest signal for the larger backlog, one sample",
                "stage 6 did not run, or its timed digest sent nothing"));
        f.put("digest_modelled_entries", new Figure("counted: entries in that digest",
                "stage 6 did not run, or its timed digest sent nothing"));
        String burstModelled = "modelled (real core services over the simulation's in-memory fakes: each request the "
                + "adapter would make takes a LatencyModel round trip; + CPU time here + send-rate waits)";
        f.put("burst100k_events", new Figure("input: objects in the burst (one subscription, every key)", burst));
        f.put("burst100k_digests", new Figure("counted: digests SES accepted for the burst", burst));
        f.put("burst100k_max_digest_ms_modelled", new Figure(burstModelled + "; the slowest digest", burst));
        f.put("burst100k_p50_digest_ms_modelled", new Figure(burstModelled + "; the median digest", burst));
        f.put("burst100k_max_invocation_ms_modelled", new Figure(burstModelled + "; the longest digest function "
                + "invocation (up to 10 signals), to compare with its timeout", burst));
        f.put("burst100k_digest_timeout_seconds", new Figure("input: the digest function's Timeout in template.yaml",
                burst));
        f.put("burst100k_lost", new Figure("counted: expected (event, subscription) pairs in no digest SES accepted",
                burst));
        f.put("burst100k_duplicated", new Figure("counted: pairs in more than one digest SES accepted", burst));
        f.put("burst100k_heap_max_after_gc_digests_mb", new Figure("measured: most heap in use after a GC while the "
                + "digests ran, this JVM (-XX:+UseSerialGC -Xmx1g), including the in-memory table", burst));
        f.put("burst50subs_digests", new Figure("counted: digests SES accepted, 50 subscriptions with overlapping "
                + "prefixes", burst));
        f.put("burst50subs_entries_expected", new Figure("counted: (event, subscription) pairs Subscription.matches "
                + "gives", burst));
        f.put("burst50subs_entries_mailed", new Figure("counted: entries in the digests SES accepted", burst));
        f.put("burst50subs_lost", new Figure("counted: expected pairs in no digest SES accepted", burst));
        f.put("burst50subs_duplicated", new Figure("counted: pairs in more than one digest SES accepted", burst));
        f.put("burst50subs_max_digest_ms_modelled", new Figure(burstModelled + "; the slowest digest", burst));
        f.put("burst50subs_max_invocation_ms_modelled", new Figure(burstModelled + "; the longest digest function "
                + "invocation (up to 10 signals)", burst));
        String moto = "stage 2 (WorkPerEvent) did not run";
        f.put("burst_moto_events", new Figure("counted: events recorded in section 2's largest burst (one subscription)",
                moto));
        f.put("burst_moto_digests", new Figure("counted: digests sent for that burst", moto));
        f.put("burst_moto_lost", new Figure("counted: recorded events in no digest sent", moto));
        f.put("burst_moto_duplicated", new Figure("counted: events in more than one digest sent", moto));
        f.put("work_burst_events", new Figure("input: the burst the per-event figures come from",
                "stage 2 (WorkPerEvent) did not run"));
        f.put("wru_per_event", new Figure("counted: computed from item sizes by DynamoDB's rules; the floor with "
                + "today's guarantees is 5 for one subscription, above issue 13's target of 3 "
                + "(docs/digest-design.md#the-write-floor-why-not-3-wru-per-event)",
                "stage 2 (WorkPerEvent) did not run"));
        f.put("rru_per_event", new Figure("counted: computed from item sizes by DynamoDB's rules",
                "stage 2 (WorkPerEvent) did not run"));
        f.put("cost_per_million_usd", new Figure("counted work × published prices; Lambda duration modelled (CPU here "
                + "+ mean modelled round trip per call)", "stage 2 (WorkPerEvent) did not run"));
        f.put("seed_cost_per_million_usd", new Figure("modelled: one invocation + one email per event",
                "stage 2 (WorkPerEvent) did not run"));
        f.put("cold_start_ingest_c1_ms_p50", new Figure("emulator: launch → first event handled against moto, "
                + "-XX:TieredStopAtLevel=1", "stage 4 (cold start) did not run"));
        f.put("cold_start_digest_c1_ms_p50", new Figure("emulator: launch → first event handled against moto, "
                + "-XX:TieredStopAtLevel=1", "stage 4 (cold start) did not run"));
        f.put("jar_ingest_bytes", new Figure("measured: size of the shaded deployment jar", "stage 4 did not run"));
        f.put("jar_digest_bytes", new Figure("measured: size of the shaded deployment jar", "stage 4 did not run"));
        f.put("normalize_ratio_to_parse_floor_c1", new Figure("CPU on this machine (JMH), C1 only; no I/O",
                "stage 1 (JMH, C1) did not run"));
        return f;
    }

    /** {@code meta} entries are "key=value" strings (command, mode, machine) written under "run". */
    static void write(Path resultsDir, List<String> meta, Path out) throws IOException {
        Map<String, String> measured = new TreeMap<>();
        try (Stream<Path> files = Files.list(resultsDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("figures-")
                    && f.getFileName().toString().endsWith(".properties")).sorted().toList()) {
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
                p.stringPropertyNames().forEach(key -> measured.put(key, p.getProperty(key)));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, String> run = new LinkedHashMap<>();
        for (String entry : meta) {
            String[] parts = entry.split("=", 2);
            run.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        json.put("run", run);
        Map<String, String> basis = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        for (Map.Entry<String, Figure> figure : FIGURES.entrySet()) {
            String value = measured.remove(figure.getKey());
            json.put(figure.getKey(), value == null ? null : number(value));
            basis.put(figure.getKey(), figure.getValue().basis());
            if (value == null) {
                notes.put(figure.getKey(), figure.getValue().whenMissing());
            }
        }
        // Further figures the stages wrote (cold-start phases, the C2 ratio...): their basis is in docs/benchmarks.md.
        measured.forEach((key, value) -> json.put(key, number(value)));
        json.put("basis", basis);
        json.put("notes", notes);
        Files.createDirectories(out.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    }

    private static Number number(String value) {
        double d = Double.parseDouble(value);
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Number) (long) d : (Number) d;
    }
}
