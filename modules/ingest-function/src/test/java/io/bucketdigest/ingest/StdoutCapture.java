package io.bucketdigest.ingest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** Captures what is written to System.out (the Lambda log stream) while a block runs. */
final class StdoutCapture {

    private StdoutCapture() {}

    record Captured<T>(T result, List<String> lines) {}

    static synchronized <T> Captured<T> during(Supplier<T> block) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            T result = block.get();
            System.out.flush();
            return new Captured<>(result, buffer.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setOut(original);
        }
    }
}
