package io.bucketdigest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class HelpTest {

    static Stream<List<String>> commands() {
        List<List<String>> paths = new ArrayList<>();
        collect(BucketDigestCli.commandLine(new RootCommand(context(new StringWriter(), new StringWriter()))),
                new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> next = new ArrayList<>(path);
            next.add(name);
            collect(sub, next, paths);
        });
    }

    private static CliContext context(StringWriter out, StringWriter err) {
        return new CliContext(Map.of("HOME", "/nonexistent"), new PrintWriter(out), new PrintWriter(err),
                Clock.systemUTC(), false, 1, List.of(), StopSignal.manual(), Duration.ofMillis(10));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void help_atEveryLevel_fitsEightyColumnsAndHasExamples(List<String> path) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(path);
        args.add("--help");

        int code = BucketDigestCli.run(context(out, err), args.toArray(String[]::new));

        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).contains("Usage: bucket-digest").contains("Examples:");
        assertThat(out.toString().split("\n")).allSatisfy(line ->
                assertThat(line.length()).as("help line of %s: %s", path, line).isLessThanOrEqualTo(80));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpTexts_indentedLinesFit_soPicocliNeverWrapsThem(List<String> path) {
        CommandLine command = BucketDigestCli.commandLine(new RootCommand(context(new StringWriter(),
                new StringWriter())));
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        List<String> texts = new ArrayList<>();
        texts.addAll(List.of(command.getCommandSpec().usageMessage().description()));
        texts.addAll(List.of(command.getCommandSpec().usageMessage().footer()));
        texts.addAll(List.of(command.getCommandSpec().usageMessage().header()));
        for (String text : texts) {
            for (String line : String.format(text).split("\\R")) {
                if (line.startsWith(" ")) {
                    assertThat(line.length()).as("indented text of %s: %s", path, line).isLessThanOrEqualTo(78);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void help_subcommandAfterGlobalOption_works(List<String> path) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--region", "eu-west-1"));
        args.addAll(path);
        args.add("-h");

        assertThat(BucketDigestCli.run(context(out, new StringWriter()), args.toArray(String[]::new))).isZero();
    }
}
