package io.bucketdigest.template;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a command to completion, capturing its output. */
final class Processes {

    private Processes() {}

    record Result(int exitCode, String stdout, String stderr) {

        String both() {
            return stdout + stderr;
        }
    }

    static Optional<Path> onPath(String executable) {
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

    static Result run(List<String> command, Path workingDirectory, Consumer<Map<String, String>> environment,
            long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("process-", ".out");
            Path err = Files.createTempFile("process-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workingDirectory.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                environment.accept(builder.environment());
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds
                            + " s; output so far:\n" + Files.readString(out) + Files.readString(err));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }
}
