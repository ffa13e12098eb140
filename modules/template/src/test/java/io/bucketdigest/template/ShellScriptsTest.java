package io.bucketdigest.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every script in scripts/ passes shellcheck and keeps to what macOS's bash 3.2 runs: no associative arrays, no case
 * conversion expansions, no mapfile/readarray, no other bash 4+ syntax, and no array expansion that fails under
 * {@code set -u} when the array is empty (bash before 4.4 treats "${a[@]}" of an empty array as unbound: write
 * {@code ${a[@]+"${a[@]}"}}).
 */
class ShellScriptsTest {

    private record Rule(Pattern pattern, String why) {}

    private static final List<Rule> BASH_4_ONLY = List.of(
            new Rule(Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*A"), "associative arrays are bash 4+"),
            new Rule(Pattern.compile("\\b(declare|local|typeset)\\s+-[a-zA-Z]*n\\b"), "namerefs are bash 4.3+"),
            new Rule(Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?(,|\\^)"),
                    "case conversion (${x,,} ${x^^}) is bash 4+: use tr"),
            new Rule(Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*@[QEPAaUuLK]}"), "${x@Q} is bash 4.4+"),
            new Rule(Pattern.compile("\\b(mapfile|readarray|coproc)\\b"), "mapfile/readarray/coproc are bash 4+"),
            new Rule(Pattern.compile("\\|&|&>>|;;&"), "|&, &>> and ;;& are bash 4+"),
            new Rule(Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[-[0-9]"), "negative array indexes are bash 4.3+"),
            new Rule(Pattern.compile("\\bwait\\s+-n\\b"), "wait -n is bash 4.3+"),
            new Rule(Pattern.compile("\\$(EPOCHSECONDS|EPOCHREALTIME)\\b"), "$EPOCHSECONDS is bash 5+"));

    private static final Pattern GUARDED_EXPANSION =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[@]\\+\"\\$\\{\\1\\[@]}\"}");
    private static final Pattern ARRAY_EXPANSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\[[@*]]}");

    static List<Path> scripts() throws IOException {
        Path dir = Repository.root().resolve("scripts");
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(file -> Repository.read(file).startsWith("#!/usr/bin/env bash")
                            || file.toString().endsWith(".sh"))
                    .sorted()
                    .forEach(scripts::add);
        }
        return scripts;
    }

    @Test
    void scripts_areFoundAndRunWithBash() throws IOException {
        assertThat(scripts()).extracting(path -> path.getFileName().toString())
                .contains("deploy", "test", "local", "bucket-digest", "common.sh");
    }

    @Test
    void scripts_useNothingBash32Lacks() throws IOException {
        List<String> findings = new ArrayList<>();
        for (Path script : scripts()) {
            String[] lines = Repository.read(script).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String code = withoutComment(lines[i]);
                String where = Repository.root().relativize(script) + ":" + (i + 1) + ": ";
                for (Rule rule : BASH_4_ONLY) {
                    if (rule.pattern().matcher(code).find()) {
                        findings.add(where + rule.why() + ": " + lines[i].strip());
                    }
                }
                Matcher unguarded = ARRAY_EXPANSION.matcher(GUARDED_EXPANSION.matcher(code).replaceAll(""));
                if (unguarded.find()) {
                    findings.add(where + "${" + unguarded.group(1) + "[@]} fails under set -u on bash 3.2 when the"
                            + " array is empty; write ${" + unguarded.group(1) + "[@]+\"${" + unguarded.group(1)
                            + "[@]}\"}: " + lines[i].strip());
                }
            }
        }
        assertThat(findings).as("bash 3.2 (macOS) incompatibilities in scripts/").isEmpty();
    }

    @Test
    void theRuleCatchesWhatItShould() {
        String unguarded = "aws \"${args[@]}\" --x";
        assertThat(ARRAY_EXPANSION.matcher(GUARDED_EXPANSION.matcher(unguarded).replaceAll("")).find()).isTrue();
        String guarded = "aws ${args[@]+\"${args[@]}\"} --x";
        assertThat(ARRAY_EXPANSION.matcher(GUARDED_EXPANSION.matcher(guarded).replaceAll("")).find()).isFalse();
        assertThat(BASH_4_ONLY).anySatisfy(rule -> assertThat(rule.pattern().matcher("x=${name,,}").find()).isTrue());
        assertThat(BASH_4_ONLY).anySatisfy(rule -> assertThat(rule.pattern().matcher("declare -A map").find())
                .isTrue());
        assertThat(BASH_4_ONLY).anySatisfy(rule -> assertThat(rule.pattern().matcher("mapfile -t lines").find())
                .isTrue());
        assertThat(BASH_4_ONLY).noneSatisfy(rule -> assertThat(rule.pattern().matcher("x=${#name[@]}").find())
                .isTrue());
    }

    @Test
    void scripts_passShellcheck() throws IOException {
        Path shellcheck = Processes.onPath("shellcheck").orElseGet(() -> fail("shellcheck is not on PATH, and"
                + " scripts/ must pass it: install it (Debian/Ubuntu: apt-get install shellcheck; macOS: brew install"
                + " shellcheck)"));
        List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "--shell=bash"));
        scripts().forEach(script -> command.add(script.toString()));

        Processes.Result result = Processes.run(command, Repository.root().resolve("scripts"), env -> { }, 120);

        assertThat(result.both()).as("shellcheck findings in scripts/ (its settings: scripts/.shellcheckrc)")
                .isBlank();
        assertThat(result.exitCode()).isZero();
    }

    /** The line up to an unquoted '#' that starts a comment (good enough for our scripts: no '#' inside words). */
    private static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
