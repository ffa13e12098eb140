package io.bucketdigest.emulator;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A moto_server process on a free loopback port. Start failures throw: an integration test must fail, not skip,
 * when its emulator cannot start.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final Path logFile;

    private MotoServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
    }

    public static MotoServer start() {
        return start(freePort());
    }

    /** Starts on a given loopback port; a port already in use is a clear error, not a silent second server. */
    public static MotoServer start(int port) {
        if (!portIsFree(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is already in use: stop what listens there,"
                    + " choose another port (MOTO_PORT), or point AWS_ENDPOINT_URL at an emulator that is running");
        }
        List<String> command = command(port);
        Path log;
        try {
            log = Files.createTempFile("moto-" + port + "-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a log file for moto_server", e);
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server (" + String.join(" ", command)
                    + "): install it with: pip install 'moto[server]'", e);
        }
        MotoServer server = new MotoServer(process, port, log);
        server.awaitReady();
        return server;
    }

    /** The command {@link #start()} runs, without its host and port options: for reports that name their emulator. */
    public static String launcher() {
        List<String> command = command(0);
        return String.join(" ", command.subList(0, command.size() - 4));
    }

    /** moto_server from PATH, else `python3 -m moto.server`; MOTO_SERVER_COMMAND overrides both. */
    static List<String> command(int port) {
        List<String> command = new ArrayList<>();
        String override = System.getenv("MOTO_SERVER_COMMAND");
        if (override != null && !override.isBlank()) {
            command.addAll(List.of(override.trim().split("\\s+")));
        } else if (onPath("moto_server").isPresent()) {
            command.add(onPath("moto_server").get().toString());
        } else {
            command.addAll(List.of("python3", "-m", "moto.server"));
        }
        command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        return command;
    }

    private static Optional<Path> onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with code " + process.exitValue()
                        + " before it was ready; its output:\n" + tail()
                        + "\nInstall it with: pip install 'moto[server]'");
            }
            if (respondsOk()) {
                return;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + START_TIMEOUT
                + "; its output:\n" + tail());
    }

    private boolean respondsOk() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status < 500;
        } catch (IOException e) {
            return false;
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Wipes all emulated state (~0.1 s), cheaper than a new process between tests. */
    public void reset() {
        post("/moto-api/reset");
    }

    /** The emulator's full state as JSON (sent SES mail is under ses.RawMessage / ses.Message). */
    public String stateJson() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) endpoint().resolve("/moto-api/data.json").toURL().openConnection();
            connection.setReadTimeout(30_000);
            try (var in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read moto state from " + endpoint(), e);
        }
    }

    private void post(String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve(path).toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.getOutputStream().close();
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status >= 300) {
                throw new IllegalStateException("moto " + path + " answered HTTP " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot call moto " + path, e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto_server", e);
        }
    }
}
