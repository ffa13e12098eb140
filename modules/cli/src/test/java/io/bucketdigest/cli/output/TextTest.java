package io.bucketdigest.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void wrap_breaksBetweenWords_andIndentsContinuationLines() {
        assertThat(Text.wrap("one two three four", 9, 2)).isEqualTo("one two\n  three\n  four");
    }

    @Test
    void wrap_neverSplitsACommandInBackticks_evenWhenWiderThanTheLine() {
        String wrapped = Text.wrap("- fix: `scripts/deploy --stack prod --parameter-overrides AttachedBuckets=a,b`"
                + " or detach", 30, 4);

        assertThat(wrapped.split("\n")).containsExactly("- fix:",
                "    `scripts/deploy --stack prod --parameter-overrides AttachedBuckets=a,b`", "    or detach");
    }

    @Test
    void wrap_loneBacktick_isKept() {
        assertThat(Text.wrap("a ` b", 80, 0)).isEqualTo("a ` b");
    }
}
