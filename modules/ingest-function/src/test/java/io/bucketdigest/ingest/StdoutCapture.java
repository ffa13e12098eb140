package io.bucketdigest.ingest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Captures what is written to System.out (the Lambda log stream) while a block runs, with the handlers' logs at DEBUG
 * (the build runs tests at WARN to keep its output readable).
 */
final class StdoutCapture {

    private static final String HANDLER_LOGGERS = "io.bucketdigest";

    private StdoutCapture() {}

    record Captured<T>(T result, List<String> lines) {}

    static synchronized <T> Captured<T> during(Supplier<T> block) {
        PrintStream original = System.out;
        Level level = LogManager.getLogger(HANDLER_LOGGERS).getLevel();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        Configurator.setLevel(HANDLER_LOGGERS, Level.DEBUG);
        try {
            T result = block.get();
            System.out.flush();
            return new Captured<>(result, buffer.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            Configurator.setLevel(HANDLER_LOGGERS, level);
            System.setOut(original);
        }
    }
}
