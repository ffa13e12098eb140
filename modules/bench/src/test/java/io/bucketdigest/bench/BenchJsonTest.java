package io.bucketdigest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchJsonTest {

    @Test
    void write_withSomeFiguresMeasured_givesEveryKeyAndNullsWithTheirReason(@TempDir Path dir) throws Exception {
        Figures.write(dir.resolve("figures-work.properties"), Map.of("wru_per_event", 5.17, "work_burst_events", 800.0));
        Figures.write(dir.resolve("figures-coldstart.properties"), Map.of("jar_ingest_bytes", 15_234_567.0,
                "cold_start_ingest_c1_jvm_start_ms_p50", 120.5));
        Path out = dir.resolve("benchmarks.json");

        BenchJson.write(dir, List.of("mode=quick", "command=scripts/bench --quick"), out);

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.get("run").get("mode").asText()).isEqualTo("quick");
        assertThat(json.get("wru_per_event").asDouble()).isEqualTo(5.17);
        assertThat(json.get("jar_ingest_bytes").asLong()).isEqualTo(15_234_567L);
        assertThat(json.get("cold_start_ingest_c1_jvm_start_ms_p50").asDouble()).isEqualTo(120.5);
        assertThat(json.get("burst100k_lost").isNull()).isTrue();
        assertThat(json.get("notes").get("burst100k_lost").asText()).contains("Burst");
        assertThat(json.get("notes").has("wru_per_event")).isFalse();
        for (String key : List.of("burst100k_digests", "burst100k_max_digest_ms_modelled", "burst100k_lost",
                "burst100k_duplicated", "burst50subs_digests", "burst50subs_lost", "burst50subs_duplicated",
                "burst50subs_max_digest_ms_modelled")) {
            assertThat(BenchJson.FIGURES).as(key).containsKey(key);
        }
        for (String key : BenchJson.FIGURES.keySet()) {
            assertThat(json.has(key)).as(key).isTrue();
            assertThat(json.get("basis").get(key).asText()).as(key).isNotBlank();
        }
    }

    @Test
    void write_withTheBurstMeasured_carriesItsFiguresAndNoNoteForThem(@TempDir Path dir) throws Exception {
        Figures.write(dir.resolve("figures-burst.properties"), Map.of("burst100k_digests", 10.0, "burst100k_lost", 0.0,
                "burst100k_duplicated", 0.0, "burst100k_max_digest_ms_modelled", 10759.2, "burst50subs_digests", 49.0));
        Path out = dir.resolve("benchmarks.json");

        BenchJson.write(dir, List.of("mode=full"), out);

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.get("burst100k_digests").asLong()).isEqualTo(10);
        assertThat(json.get("burst100k_lost").isNull()).isFalse();
        assertThat(json.get("burst100k_lost").asLong()).isZero();
        assertThat(json.get("burst100k_max_digest_ms_modelled").asDouble()).isEqualTo(10759.2);
        assertThat(json.get("notes").has("burst100k_digests")).isFalse();
        assertThat(json.get("notes").has("burst100k_lost")).isFalse();
        assertThat(json.get("notes").get("burst50subs_lost").asText()).contains("Burst");
    }
}
