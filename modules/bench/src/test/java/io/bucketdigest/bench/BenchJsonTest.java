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
        assertThat(json.get("notes").get("burst100k_lost").asText()).isNotBlank();
        assertThat(json.get("notes").has("wru_per_event")).isFalse();
        for (String key : BenchJson.FIGURES.keySet()) {
            assertThat(json.has(key)).as(key).isTrue();
            assertThat(json.get("basis").get(key).asText()).as(key).isNotBlank();
        }
    }
}
