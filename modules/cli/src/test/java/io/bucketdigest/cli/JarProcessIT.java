package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shaded jar, run as a process the way the wrapper script runs it. */
class JarProcessIT {

    private static final Path JAR = Path.of("target", "bucket-digest.jar");
    private static TestPipeline pipeline;

    record Result(int exitCode, String out, String err) {}

    @BeforeAll
    static void create() {
        assertThat(JAR).as("mvn package builds the executable jar").exists();
        pipeline = TestPipeline.create();
    }

    @AfterAll
    static void close() {
        pipeline.close();
    }

    private static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("LANG", "C.UTF-8");
        Path out = Files.createTempFile("jar-out", ".txt");
        Path err = Files.createTempFile("jar-err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void help_exitsZero() throws Exception {
        Result result = run(pipeline.env(), "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: bucket-digest", "Exit codes:", "events", "dlq");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void commandsAgainstTheEmulator_printParseableOutputAndNoLogNoise() throws Exception {
        Result add = run(pipeline.env(), "subscriptions", "add", "jar-team", "-r", "ü@example.com", "--prefix",
                "fotos/ä/");
        assertThat(add.exitCode()).as(add.err()).isEqualTo(2);

        Result valid = run(pipeline.env(), "subscriptions", "add", "jar-team", "-r", "a@example.com", "--prefix",
                "fotos/ä/");
        assertThat(valid.exitCode()).as(valid.err()).isZero();
        assertThat(valid.err()).isEmpty();

        Result list = run(pipeline.env(), "subscriptions", "list", "-o", "json");
        assertThat(list.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(list.out());
        assertThat(json.get("prefixes").get(0).asText()).isEqualTo("fotos/ä/");
        assertThat(list.err()).isEmpty();
    }

    @Test
    void exitCodes_usageAndResource() throws Exception {
        assertThat(run(pipeline.env(), "events", "--nope").exitCode()).isEqualTo(2);
        Map<String, String> env = new java.util.HashMap<>(pipeline.env());
        env.put("HISTORY_TABLE", "missing-table");
        Result missing = run(env, "events", "--bucket", "b");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).startsWith("bucket-digest: Table missing-table does not exist");
    }
}
