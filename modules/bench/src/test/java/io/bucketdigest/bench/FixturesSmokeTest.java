package io.bucketdigest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Smoke checks of the benchmark inputs and arithmetic; no timing here (benchmarks run only from scripts/bench). */
class FixturesSmokeTest {

    private static final Instant TIME = Instant.parse("2026-11-29T09:32:43.940Z");

    @Test
    void snsBodies_normalize_toOneEventEachWithTheDecodedKey() {
        List<String> bodies = S3Fixtures.snsBodies("bench-bucket", 0, NormalizeBenchmark.BATCH, TIME);
        S3MessageNormalizer normalizer = new S3MessageNormalizer();
        for (int i = 0; i < bodies.size(); i++) {
            NormalizedMessage.Events events = (NormalizedMessage.Events) normalizer.normalize(bodies.get(i));
            assertThat(events.events()).hasSize(1);
            ObjectEvent event = events.events().get(0);
            assertThat(event.key()).isEqualTo(S3Fixtures.key(i));
            assertThat(event.versionId()).isNotNull();
            assertThat(event.sequencer()).isNotNull();
            assertThat(event.requester()).isNotNull();
            assertThat(event.sourceIp()).isNotNull();
        }
    }

    @Test
    void encodedKeys_coverEveryEscapeTheNormalizerUndoes() {
        String all = String.join(" ", java.util.stream.IntStream.range(0, 10).mapToObj(S3Fixtures::encodedKey).toList());
        assertThat(all).contains("+", "%2B", "%2F", "%C3%A9", "%E6%97%A5");
    }

    @Test
    void normalizeBenchmark_bothMethodsRunOnce() throws Exception {
        NormalizeBenchmark benchmark = new NormalizeBenchmark();
        benchmark.setUp();
        Blackhole blackhole = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        benchmark.normalize(blackhole);
        benchmark.parseFloor(blackhole);
        blackhole.evaporate(
                "Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    @Test
    void itemSizes_followTheDynamoDbRules() {
        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("abc"),
                "n", AttributeValue.fromN("12345"),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("xy"))));
        // pk: 2 + 3; n: 1 + (3 + 1); l: 1 + 3 + (2 + 1)
        assertThat(ItemSizes.itemSize(item)).isEqualTo(5 + 5 + 7);
        assertThat(ItemSizes.writeUnits(1024)).isEqualTo(1);
        assertThat(ItemSizes.writeUnits(1025)).isEqualTo(2);
        assertThat(ItemSizes.readUnits(0, false)).isEqualTo(0.5);
        assertThat(ItemSizes.readUnits(4097, true)).isEqualTo(2);
    }

    @Test
    void stats_takeTheMiddleOfAnEvenCount() {
        Stats stats = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertThat(stats.min()).isEqualTo(1.0);
        assertThat(stats.median()).isEqualTo(2.5);
        assertThat(stats.max()).isEqualTo(4.0);
    }

    @Test
    void renderEvents_haveRepeatedObjects() {
        List<ObjectEvent> events = RenderBench.events(100);
        assertThat(events).hasSize(100);
        assertThat(events.stream().map(e -> e.bucket() + "/" + e.key()).distinct().count()).isEqualTo(80);
    }
}
