package io.bucketdigest.local;

import io.bucketdigest.core.digest.BurstPart;
import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestComposer;
import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.event.ObjectEvent.PreviousVersion;
import io.bucketdigest.core.render.DigestRenderer;
import io.bucketdigest.core.render.ListHeaders;
import io.bucketdigest.core.render.MimeMessageWriter;
import io.bucketdigest.core.render.RenderedDigest;
import io.bucketdigest.core.subscription.DigestTiming;
import io.bucketdigest.core.subscription.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Renders sample digests the way the sender does (composer, renderer, MIME writer with the default list headers) into a
 * folder, for people to look at: {@code scripts/preview-digest} runs it and screenshots the HTML. The samples are
 * generated from a fixed seed, so a rerun on unchanged code writes the same files.
 */
public final class PreviewDigests {

    private static final String BUCKET = "analytics-landing";
    private static final String REGION = "eu-west-1";
    private static final Instant T0 = Instant.parse("2026-11-30T14:02:00Z");
    private static final Subscription SUBSCRIPTION = new Subscription(
            "data-platform", List.of("data-platform@example.com"), BUCKET, List.of(), Set.of(), null,
            ZoneId.of("Europe/Berlin")).withExclusions(List.of("**/_temporary/**", "*.tmp", "_SUCCESS"));

    private PreviewDigests() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PreviewDigests OUTPUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        write(out, "small", small(), 200, BurstPart.WHOLE);
        write(out, "bulk-2000", bulk(2_000, 40, new Random(2_000)), 200, BurstPart.WHOLE);
        // The middle of a burst bigger than max entries: it continues one digest and another follows it.
        write(out, "bulk-10000", bulk(10_000, 180, new Random(10_000)), 200, new BurstPart(2,
                new DigestId("d-20261130T150159Z-5c1e02a7"), T0.plusSeconds(3_599), BurstPart.Cut.MAX_ENTRIES));
    }

    /** Keeps what the subscription matches, as ingest does, and counts what its exclusions kept out. */
    private static void write(Path out, String name, List<ObjectEvent> all, int inlineLimit, BurstPart part)
            throws IOException {
        List<ObjectEvent> events = all.stream().filter(SUBSCRIPTION::matches).toList();
        long excluded = all.size() - events.size();
        DigestId id = new DigestId(String.format(Locale.ROOT, "d-20261130T%06dZ-%08x", events.size() % 1_000_000,
                name.hashCode()));
        Digest digest = new DigestComposer().compose(id, SUBSCRIPTION, events, T0.plusSeconds(3_600), excluded, part,
                SUBSCRIPTION.describeDelivery(DigestTiming.DEFAULTS));
        RenderedDigest rendered = new DigestRenderer().render(digest, inlineLimit);
        byte[] mime = new MimeMessageWriter(new ListHeaders(ListHeaders.DEFAULT_SENDER_NAME, "ops@example.com"))
                .write("digests@example.com", SUBSCRIPTION.recipients(), null, rendered, id.value(), digest.createdAt());
        Files.writeString(out.resolve(name + ".html"), rendered.html(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve(name + ".txt"), rendered.text(), StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "%-11s %,6d events  subject: %s%n            html %,d bytes, text %,d bytes, "
                        + "MIME %,d bytes, attachment %s%n", name, events.size(), rendered.subject(),
                rendered.html().getBytes(StandardCharsets.UTF_8).length,
                rendered.text().getBytes(StandardCharsets.UTF_8).length, mime.length,
                rendered.attachment().map(a -> String.format(Locale.ROOT, "%,d bytes", a.content().length))
                        .orElse("none"));
    }

    /** A dozen events a team makes by hand: uploads, a re-upload, a delete, a tag, a short-lived temp file. */
    private static List<ObjectEvent> small() {
        List<ObjectEvent> events = new ArrayList<>();
        events.add(event("ObjectCreated:Put", "reports/2026/11/revenue.xlsx", 0, 48_213L));
        events.add(event("ObjectCreated:Put", "reports/2026/11/costs.xlsx", 4, 31_877L));
        events.add(event("ObjectCreated:Put", "reports/2026/10/summary.pdf", 95, 120_332L)
                .withPrevious(new PreviousVersion(T0.minusSeconds(86_400), 118_020L)));
        events.add(event("ObjectRemoved:Delete", "reports/2026/10/draft.docx", 130, null));
        events.add(event("ObjectTagging:Put", "reports/2026/10/final.pdf", 140, null));
        events.add(event("ObjectCreated:Put", "tmp/upload-7f3a.part", 150, 5_242_880L));
        events.add(event("ObjectRemoved:Delete", "tmp/upload-7f3a.part", 171, null));
        events.add(event("ObjectCreated:CompleteMultipartUpload", "exports/clickstream-2026-11-29.parquet", 180,
                734_003_200L));
        events.add(lifecycleExpiration("exports/clickstream-2026-08-29.parquet", 200, 701_114_880L));
        return events;
    }

    /**
     * A bulk job: new partitions under several folders (one folder holding most of them), then part of them
     * overwritten and part removed, over {@code minutes} minutes.
     */
    private static List<ObjectEvent> bulk(int count, int minutes, Random random) {
        String[] folders = {
            "raw/events/dt=2026-11-30/", "raw/events/dt=2026-11-29/", "raw/sessions/dt=2026-11-30/",
            "curated/orders/", "curated/customers/", "exports/partner-feeds/", "_temporary/0/"};
        int[] weights = {55, 15, 10, 8, 5, 4, 3};
        List<ObjectEvent> events = new ArrayList<>(count);
        int objects = count * 3 / 4;
        List<String> keys = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            String folder = pick(folders, weights, random);
            String key = folder + String.format(Locale.ROOT, "part-%05d-%08x.snappy.parquet", i, random.nextInt());
            keys.add(key);
            long second = (long) i * minutes * 60 / count;
            ObjectEvent put = event("ObjectCreated:Put", key, second, 1_048_576L + random.nextInt(64 * 1_048_576));
            boolean replacesYesterdays = folder.startsWith("curated/") && random.nextInt(3) > 0;
            events.add(replacesYesterdays ? put.withPrevious(new PreviousVersion(T0.minusSeconds(86_400),
                    1_048_576L + random.nextInt(64 * 1_048_576))) : put);
        }
        for (int i = 0; i < count / 100; i++) {
            events.add(lifecycleExpiration(String.format(Locale.ROOT, "raw/events/dt=2026-08-%02d/part-%05d.parquet",
                    1 + i % 28, i), (long) i * minutes * 60 / Math.max(1, count / 100), 2_097_152L + i));
        }
        for (int i = objects; i < count; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            long second = (long) i * minutes * 60 / count;
            events.add(random.nextInt(3) == 0
                    ? event("ObjectRemoved:Delete", key, second, null)
                    : event("ObjectCreated:Put", key, second, 1_048_576L + random.nextInt(64 * 1_048_576)));
        }
        return events;
    }

    private static String pick(String[] values, int[] weights, Random random) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** S3 Lifecycle expiring an object written long ago: S3 itself is the principal, and the history knew the size. */
    private static ObjectEvent lifecycleExpiration(String key, long second, long size) {
        Instant time = T0.plusSeconds(second);
        return ObjectEvent.builder(BUCKET, key, "LifecycleExpiration:Delete", time).region(REGION)
                .requestedBy("s3.amazonaws.com", "s3.amazonaws.com")
                .previous(new PreviousVersion(T0.minusSeconds(90L * 86_400), size)).build();
    }

    private static ObjectEvent event(String eventName, String key, long second, Long size) {
        Instant time = T0.plusSeconds(second);
        String sequencer = String.format(Locale.ROOT, "%018X", second * 1_000 + Math.floorMod(key.hashCode(), 1_000));
        EventKind kind = EventKind.fromEventName(eventName).orElseThrow();
        EventId id = EventId.of(REGION, BUCKET, key, eventName, time, null, sequencer, null, size);
        return new ObjectEvent(id, BUCKET, key, kind, eventName, time, REGION, null, sequencer, null, size,
                "AWS:AROAEXAMPLE:etl-batch", "10.0.4.17");
    }
}
