package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared options are checked while picocli parses, before any AWS call: a bad value is a usage error (exit 2). */
class SharedOptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            events --limit 0                    | --limit must be at least 1 (or use --all)
            digests list --limit -3             | --limit must be at least 1 (or use --all)
            events --page-size 1001             | --page-size must be between 1 and 1000
            events -o xml                       | expected one of [TABLE, JSON, CSV] (case-insensitive) but was 'xml'
            resources --format yaml             | expected one of [TABLE, JSON, CSV]
            status -o csv                       | expected one of [TABLE, JSON] (case-insensitive) but was 'csv'
            ses status -o csv                   | expected one of [TABLE, JSON]
            digests list --status sent,lost     | expected one of [SENDING, SENT, COMPLETE, FAILED, QUARANTINED
            dlq peek ingest --max 0             | --max must be between 1 and 1000
            dlq replay ingest --max -1          | --max must be 0 (all) or more
            """)
    void parse_badSharedOption_isAUsageErrorThatSaysWhy(String command, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(Map.of("HOME", "/nonexistent"), new PrintWriter(out),
                new PrintWriter(err), Clock.systemUTC(), false, 1, List.of(), StopSignal.manual(),
                Duration.ofMillis(10));

        int code = BucketDigestCli.run(context, command.trim().split(" +"));

        assertThat(code).as(err.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).startsWith("bucket-digest: ").contains(message.trim());
        assertThat(out.toString()).isEmpty();
    }
}
