package io.bucketdigest.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttachedBucketsTest {

    @Test
    void parse_commaJoinedOutput_dropsBlanksAndRepeatsAndKeepsOrder() {
        assertThat(AttachedBuckets.parse("legacy-uploads, media-archive,,legacy-uploads ").buckets())
                .containsExactly("legacy-uploads", "media-archive");
        assertThat(AttachedBuckets.parse("").buckets()).isEmpty();
        assertThat(AttachedBuckets.parse(null).buckets()).isEmpty();
    }

    @Test
    void plusAndMinus_addOnlyWhatIsMissing_andRemoveOne() {
        AttachedBuckets list = AttachedBuckets.parse("a,b");

        assertThat(list.plus("c").buckets()).containsExactly("a", "b", "c");
        assertThat(list.plus("a").buckets()).containsExactly("a", "b");
        assertThat(list.plus(List.of("c", "b", "d")).buckets()).containsExactly("a", "b", "c", "d");
        assertThat(list.minus("a").buckets()).containsExactly("b");
        assertThat(list.minus("z")).isEqualTo(list);
        assertThat(list.contains("b")).isTrue();
    }

    @Test
    void deployCommand_namesStackAndRegionWhenKnown_andSpellsAnEmptyListAsEmptyQuotes() {
        AttachedBuckets list = AttachedBuckets.parse("media-archive").plus("legacy-uploads");

        assertThat(list.deployCommand(Optional.of("bucket-digest-prod"), Optional.of("eu-west-1"))).isEqualTo(
                "scripts/deploy --stack bucket-digest-prod --region eu-west-1 "
                        + "--parameter-overrides AttachedBuckets=media-archive,legacy-uploads");
        assertThat(AttachedBuckets.parse("x").deployCommand(Optional.empty(), Optional.empty()))
                .isEqualTo("scripts/deploy --parameter-overrides AttachedBuckets=x");
        assertThat(AttachedBuckets.parse("x").minus("x").deployCommand(Optional.of("s"), Optional.empty()))
                .isEqualTo("scripts/deploy --stack s --parameter-overrides AttachedBuckets=\"\"");
    }

    @Test
    void describe_forPeople() {
        assertThat(AttachedBuckets.parse("a,b").describe()).isEqualTo("a, b");
        assertThat(AttachedBuckets.parse("").describe()).isEqualTo("(none)");
    }
}
