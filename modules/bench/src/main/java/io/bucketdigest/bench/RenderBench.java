package io.bucketdigest.bench;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestComposer;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.render.DigestRenderer;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.core.render.RenderedDigest;
import io.bucketdigest.core.subscription.Subscription;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One fresh JVM: compose, render (text, HTML, CSV attachment) and write the MIME message of a digest of N entries, as
 * the digest sender does. Records the first (cold) iteration, then warm iterations, the heap high-water mark (from
 * the GC log given with {@code --gc-log}, written by {@code -Xlog:gc:file=...}, and the heap pools' peak usage) and the
 * live size of the result. Writes a properties file; {@link BenchReport} turns several into a table.
 *
 * <p>Arguments: {@code --entries 10000 --warmup 5 --iterations 10 --gc-log FILE --out FILE}.
 */
public final class RenderBench {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private RenderBench() {}

    public static void main(String[] args) throws IOException {
        int entries = 10_000;
        int warmup = 5;
        int iterations = 10;
        Path gcLog = null;
        Path out = Path.of("target/bench-results/render.properties");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> entries = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--gc-log" -> gcLog = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<ObjectEvent> events = events(entries);
        Subscription subscription = new Subscription("team-uploads", List.of("team@example.com", "ops@example.com"),
                null, List.of(), Set.of(), null);
        System.gc();
        long inputHeap = usedHeap();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

        long start = System.nanoTime();
        Result first = renderOnce(events, subscription);
        double firstMs = (System.nanoTime() - start) / 1e6;
        long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();

        for (int i = 0; i < warmup; i++) {
            renderOnce(events, subscription);
        }
        List<Double> times = new ArrayList<>();
        List<Double> composeTimes = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            Result result = renderOnce(events, subscription);
            times.add((System.nanoTime() - t0) / 1e6);
            composeTimes.add(result.composeNanos() / 1e6);
        }
        System.gc();
        long retained = usedHeap() - inputHeap;
        long keepAlive = first.mime().length;

        Properties p = new Properties();
        p.setProperty("entries", Integer.toString(entries));
        p.setProperty("stories", Integer.toString(first.digest().stories().size()));
        p.setProperty("firstMs", fmt(firstMs));
        Stats t = Stats.of(times);
        p.setProperty("warmMinMs", fmt(t.min()));
        p.setProperty("warmMedianMs", fmt(t.median()));
        p.setProperty("warmMaxMs", fmt(t.max()));
        p.setProperty("composeMedianMs", fmt(Stats.of(composeTimes).median()));
        p.setProperty("textBytes", Integer.toString(first.rendered().text().getBytes(StandardCharsets.UTF_8).length));
        p.setProperty("htmlBytes", Integer.toString(first.rendered().html().getBytes(StandardCharsets.UTF_8).length));
        p.setProperty("csvBytes", Integer.toString(first.rendered().attachment().map(a -> a.content().length).orElse(0)));
        p.setProperty("mimeBytes", Long.toString(keepAlive));
        p.setProperty("inputHeapMb", fmt(inputHeap / 1048576.0));
        p.setProperty("retainedResultMb", fmt(retained / 1048576.0));
        p.setProperty("poolPeaksMb", fmt(poolPeaks / 1048576.0));
        p.setProperty("maxHeapMb", fmt(Runtime.getRuntime().maxMemory() / 1048576.0));
        p.setProperty("gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        if (gcLog != null && Files.exists(gcLog)) {
            long highWater = 0;
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = GC_LINE.matcher(line);
                if (m.find()) {
                    highWater = Math.max(highWater, Long.parseLong(m.group(1)));
                }
            }
            p.setProperty("gcLogHighWaterMb", Long.toString(Math.max(highWater, usedHeap() / 1048576)));
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            p.store(stream, "RenderBench");
        }
        System.err.printf(Locale.ROOT, "render: %d entries, first %.0f ms, warm median %.0f ms, pool peaks %.0f MB%n",
                entries, firstMs, t.median(), poolPeaks / 1048576.0);
    }

    private record Result(Digest digest, RenderedDigest rendered, byte[] mime, long composeNanos) {}

    private static Result renderOnce(List<ObjectEvent> events, Subscription subscription) {
        Instant createdAt = Instant.parse("2026-11-29T10:00:00Z");
        DigestId id = DigestId.newId(createdAt, new java.util.SplittableRandom(7));
        long t0 = System.nanoTime();
        Digest digest = new DigestComposer().compose(id, subscription, events, createdAt);
        long composed = System.nanoTime() - t0;
        RenderedDigest rendered = new DigestRenderer().render(digest, 200);
        byte[] mime = new MimeMessageWriter().write("Bucket Digest <digest@example.com>", subscription.recipients(),
                null, rendered, id.value(), createdAt);
        return new Result(digest, rendered, mime, composed);
    }

    /**
     * N events from real-shaped notifications: 80 % of them are distinct objects, the rest are later events
     * (overwrites, deletes) on objects already in the digest, so stories have more than one line.
     */
    static List<ObjectEvent> events(int entries) {
        S3MessageNormalizer normalizer = new S3MessageNormalizer();
        int distinct = Math.max(1, entries * 4 / 5);
        Instant base = Instant.parse("2026-11-29T09:00:00Z");
        List<ObjectEvent> events = new ArrayList<>(entries);
        for (String body : S3Fixtures.snsBodies("team-uploads", 0, distinct, base)) {
            events.addAll(((NormalizedMessage.Events) normalizer.normalize(body)).events());
        }
        for (int i = distinct; i < entries; i++) {
            ObjectEvent earlier = events.get((i - distinct) * 3 % distinct);
            boolean delete = i % 2 == 0;
            String eventName = delete ? "ObjectRemoved:Delete" : "ObjectCreated:Put";
            Instant time = earlier.eventTime().plusSeconds(600 + i);
            Long size = delete ? null : earlier.size() == null ? 1L : earlier.size() + 100;
            EventId id = EventId.of(earlier.region(), earlier.bucket(), earlier.key(), eventName, time, null,
                    null, null, size);
            events.add(new ObjectEvent(id, earlier.bucket(), earlier.key(), delete ? EventKind.REMOVED : EventKind.CREATED,
                    eventName, time, earlier.region(), null, null, null, size, earlier.requester(), earlier.sourceIp()));
        }
        return events;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
