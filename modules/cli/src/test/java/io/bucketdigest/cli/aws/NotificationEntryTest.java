package io.bucketdigest.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationEntryTest {

    private static NotificationEntry entry(List<String> events, String prefix, String suffix) {
        return new NotificationEntry("queue", "id", "arn", events, prefix, suffix);
    }

    @Test
    void overlaps_sameFamilyWildcardAndSpecific() {
        NotificationEntry ours = entry(List.of("s3:ObjectCreated:*"), "", "");

        assertThat(ours.overlaps(entry(List.of("s3:ObjectCreated:Put"), "logs/", ""))).isTrue();
        assertThat(ours.overlaps(entry(List.of("ObjectCreated:*"), "", ".jpg"))).isTrue();
        assertThat(ours.overlaps(entry(List.of("s3:ObjectRemoved:*"), "", ""))).isFalse();
        assertThat(ours.overlaps(entry(List.of("s3:ObjectTagging:Put"), "", ""))).isFalse();
    }

    @Test
    void overlaps_needsBothFiltersToOverlap() {
        NotificationEntry ours = entry(List.of("s3:ObjectCreated:*"), "raw/", ".jpg");

        assertThat(ours.overlaps(entry(List.of("s3:ObjectCreated:Put"), "raw/2026/", ""))).isTrue();
        assertThat(ours.overlaps(entry(List.of("s3:ObjectCreated:Put"), "edits/", ""))).isFalse();
        assertThat(ours.overlaps(entry(List.of("s3:ObjectCreated:Put"), "", ".png"))).isFalse();
        assertThat(ours.overlaps(entry(List.of("s3:ObjectCreated:Put"), "", "cat.jpg"))).isTrue();
    }

    @Test
    void sharedEvents_namesBothSides() {
        NotificationEntry ours = entry(List.of("s3:ObjectCreated:*", "s3:ObjectRemoved:*"), "", "");

        assertThat(ours.sharedEvents(entry(List.of("s3:ObjectCreated:Copy", "s3:ObjectRemoved:*"), "", "")))
                .containsExactly("s3:ObjectCreated:* / s3:ObjectCreated:Copy", "s3:ObjectRemoved:*");
    }
}
