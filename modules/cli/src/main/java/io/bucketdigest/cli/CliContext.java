package io.bucketdigest.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Everything the CLI takes from its surroundings, in one place: environment variables, output streams, the clock,
 * whether stderr is a terminal, and SDK settings. Tests build one with captured writers and run commands in-process.
 *
 * @param environment     the environment variables (the only place the CLI reads them from)
 * @param interactive     true when progress may redraw one line (a terminal); false prints plain lines
 * @param sdkMaxAttempts  attempts per AWS call, retries included (the SDK's standard retry strategy)
 * @param interceptors    SDK execution interceptors added to every client (tests count requests with them)
 * @param stopSignal      how Ctrl-C reaches long operations (a JVM shutdown hook, or a test's hand)
 * @param pollInterval    how often progress of a native move task is polled
 * @param terminalInput   the operator's answers to a confirmation prompt; null when stdin is not a terminal (then a
 *                        command that needs confirmation refuses unless it is given --yes)
 */
public record CliContext(
        Map<String, String> environment,
        PrintWriter out,
        PrintWriter err,
        Clock clock,
        boolean interactive,
        int sdkMaxAttempts,
        List<ExecutionInterceptor> interceptors,
        StopSignal stopSignal,
        java.time.Duration pollInterval,
        BufferedReader terminalInput) {

    public static final int DEFAULT_WIDTH = 120;

    /** Without a terminal to ask: confirmations need --yes. */
    public CliContext(Map<String, String> environment, PrintWriter out, PrintWriter err, Clock clock,
            boolean interactive, int sdkMaxAttempts, List<ExecutionInterceptor> interceptors, StopSignal stopSignal,
            java.time.Duration pollInterval) {
        this(environment, out, err, clock, interactive, sdkMaxAttempts, interceptors, stopSignal, pollInterval, null);
    }

    public CliContext {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(clock, "clock");
        interceptors = List.copyOf(interceptors);
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    public static CliContext system(PrintWriter out, PrintWriter err) {
        String attempts = System.getenv("AWS_MAX_ATTEMPTS");
        int maxAttempts = 3;
        if (attempts != null && attempts.matches("[1-9][0-9]?")) {
            maxAttempts = Integer.parseInt(attempts);
        }
        Console console = System.console();
        return new CliContext(System.getenv(), out, err, Clock.systemUTC(), console != null, maxAttempts,
                List.of(), StopSignal.jvm(), java.time.Duration.ofSeconds(1),
                console != null ? new BufferedReader(console.reader()) : null);
    }

    public String env(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Terminal width from COLUMNS (the wrapper script exports it), else {@value #DEFAULT_WIDTH}. */
    public int terminalWidth() {
        String columns = env("COLUMNS");
        if (columns != null && columns.matches("[0-9]{1,4}")) {
            int width = Integer.parseInt(columns);
            if (width >= 20) {
                return width;
            }
        }
        return DEFAULT_WIDTH;
    }

    /** Where the local pipeline writes its ready file: $BUCKET_DIGEST_HOME/local.json, default ~/.bucket-digest. */
    public Path localPipelineFile() {
        String home = env("BUCKET_DIGEST_HOME");
        if (home != null) {
            return Path.of(home, "local.json");
        }
        String userHome = env("HOME");
        return Path.of(userHome != null ? userHome : System.getProperty("user.home"), ".bucket-digest", "local.json");
    }
}
