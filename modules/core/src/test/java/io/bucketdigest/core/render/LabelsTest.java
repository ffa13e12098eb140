package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.T0;
import static io.bucketdigest.core.digest.TestEvents.compose;
import static io.bucketdigest.core.digest.TestEvents.delete;
import static io.bucketdigest.core.digest.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.event.ObjectEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelsTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void size_overwriteThatGrew_showsSizeAndSignedChange() {
        ObjectStory story = only(put("a.bin").size(MIB + MIB / 2).replacing(T0.minusSeconds(60), MIB).build());

        assertThat(Labels.size(story)).isEqualTo("1.5 MiB (+512.0 KiB)");
    }

    @Test
    void size_overwriteThatShrank_showsAMinusSignNeverABareNegative() {
        ObjectStory story = only(put("a.txt").size(21L).replacing(T0.minusSeconds(60), 321L).build());

        assertThat(Labels.size(story)).isEqualTo("21 B (\u2212300 B)").doesNotContain("-");
    }

    @Test
    void size_overwriteOfUnknownEarlierSize_showsTheSizeOnly() {
        ObjectStory story = only(put("a.txt").size(21L).replacing(T0.minusSeconds(60), null).build());

        assertThat(story.change()).isEqualTo(ObjectStory.Change.OVERWRITTEN);
        assertThat(Labels.size(story)).isEqualTo("21 B");
    }

    @Test
    void size_created_showsTheSizeOnly() {
        assertThat(Labels.size(only(put("a.txt").size(21L).build()))).isEqualTo("21 B");
    }

    @Test
    void size_removalWithoutSize_showsTheSizeTheHistoryKnew() {
        ObjectStory story = only(delete("a.txt").replacing(T0.minusSeconds(60), 21L).build());

        assertThat(Labels.size(story)).isEqualTo("was 21 B");
    }

    @Test
    void removedSizeUnknown_removalWhoseSizeTheHistoryKnew_isFalse() {
        Digest digest = compose(List.of(delete("a.txt").replacing(T0.minusSeconds(60), 21L).build()));

        assertThat(Labels.removedSizeUnknown(digest)).isFalse();
        assertThat(digest.summary().bytesRemoved()).isEqualTo(21);
    }

    @Test
    void sizeChange_zero_isNeitherPlusNorMinus() {
        assertThat(Labels.sizeChange(0)).isEqualTo("±0 B");
    }

    private static ObjectStory only(ObjectEvent event) {
        return compose(List.of(event)).stories().get(0);
    }
}
