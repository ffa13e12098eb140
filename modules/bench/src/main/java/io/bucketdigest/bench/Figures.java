package io.bucketdigest.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The machine-readable figures of one benchmark stage: a properties file {@code figures-*.properties} in the results
 * directory, merged into docs/benchmarks.json by {@code BenchReport json}. Keys are the JSON's keys; a figure a stage
 * did not measure is simply absent (the JSON then says null and why).
 */
final class Figures {

    private Figures() {}

    static void write(Path file, Map<String, Double> figures) throws IOException {
        Properties p = new Properties();
        figures.forEach((key, value) -> p.setProperty(key, value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString(value.longValue()) : String.format(Locale.ROOT, "%.6g", value)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "benchmark figures");
        }
    }
}
