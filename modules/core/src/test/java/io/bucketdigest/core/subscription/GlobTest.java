package io.bucketdigest.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(textBlock = """
            **/_temporary/**,  out/_temporary/0/part-1,          true
            **/_temporary/**,  _temporary/0/part-1,              true
            **/_temporary/**,  a/b/_temporary/x,                 true
            **/_temporary/**,  a/b/_temporary,                   false
            **/_temporary/**,  a/my_temporary/x,                 false
            *.tmp,             a.tmp,                            true
            *.tmp,             deep/down/a.tmp,                  true
            *.tmp,             deep/down/a.tmp.gz,               false
            *.tmp,             deep/a.tmp/b,                     false
            _SUCCESS,          jobs/2026/11/_SUCCESS,            true
            _SUCCESS,          _SUCCESS,                         true
            _SUCCESS,          jobs/_SUCCESS.json,               false
            **/_SUCCESS,       jobs/2026/_SUCCESS,               true
            **/_SUCCESS,       _SUCCESS,                         true
            logs/*.gz,         logs/a.gz,                        true
            logs/*.gz,         logs/2026/a.gz,                   false
            logs/**.gz,        logs/2026/a.gz,                   true
            logs/**,           logs/,                            true
            logs/**,           other/logs/a,                     false
            part-?,            out/part-1,                       true
            part-?,            out/part-12,                      false
            a?b/c,             a/b/c,                            false
            a.b,               axb,                              false
            (x)+[y],           dir/(x)+[y],                      true
            """)
    void matches_examplesAndEdgeCases(String pattern, String key, boolean expected) {
        assertThat(Glob.compile(pattern).matches(key)).isEqualTo(expected);
    }

    @Test
    void matches_regexCharactersInKeysAndPatterns_areLiteral() {
        assertThat(Glob.compile("$^{}|\\.tmp").matches("x/$^{}|\\.tmp")).isTrue();
        assertThat(Glob.compile("*.tmp").matches("line\nbreak.tmp")).isTrue();
    }

    @Test
    void problems_validPattern_hasNone() {
        assertThat(Glob.problems("**/_temporary/**")).isEmpty();
        assertThat(Glob.problems("x".repeat(Glob.MAX_LENGTH))).isEmpty();
    }

    @Test
    void compile_invalidPatterns_nameEveryProblem() {
        assertThat(Glob.problems("")).containsExactly("exclusion patterns must not be empty");
        assertThat(Glob.problems(null)).containsExactly("exclusion patterns must not be empty");
        assertThat(Glob.problems("a/***")).singleElement().asString().contains("three or more '*'");
        assertThat(Glob.problems("x".repeat(Glob.MAX_LENGTH + 1))).singleElement().asString()
                .contains("longer than 256 characters");
        assertThat(Glob.problems("   ")).singleElement().asString().contains("only blanks");

        InvalidSubscriptionException e = catchThrowableOfType(() -> Glob.compile("***\tx"),
                InvalidSubscriptionException.class);

        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0)).contains("control character").contains("\\u0009");
        assertThat(e.problems().get(1)).contains("three or more '*'");
    }

    @Test
    void firstMatch_returnsTheFirstMatchingPatternInOrder() {
        List<Glob> globs = List.of(Glob.compile("*.gz"), Glob.compile("*.tmp"), Glob.compile("**/tmp/**"));

        assertThat(Glob.firstMatch(globs, "a/tmp/b.tmp")).map(Glob::pattern).contains("*.tmp");
        assertThat(Glob.firstMatch(globs, "a/b.txt")).isEmpty();
    }

    @Test
    void equals_samePattern_isEqual() {
        assertThat(Glob.compile("*.tmp")).isEqualTo(Glob.compile("*.tmp")).hasSameHashCodeAs(Glob.compile("*.tmp"));
        assertThat(Glob.compile("*.tmp")).hasToString("*.tmp");
    }
}
