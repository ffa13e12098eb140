package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.TestEvents;
import io.bucketdigest.core.event.ObjectEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gmail clips a body past about 102 KB; SES v2 refuses a message past 40 MB. */
class DigestSizeBudgetTest {

    private static final int SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(ints = {200, 10_000})
    void tenThousandEntriesOf300CharacterKeys_keepBothBodiesUnder100KB(int inlineLimit) {
        Digest digest = digest(10_000, 300, 'k', 40);

        RenderedDigest rendered = new DigestRenderer().render(digest, inlineLimit);

        int html = rendered.html().getBytes(StandardCharsets.UTF_8).length;
        int text = rendered.text().getBytes(StandardCharsets.UTF_8).length;
        assertThat(html).isLessThan(100_000);
        assertThat(text).isLessThan(100_000);
        int listed = (int) rendered.html().lines().filter(line -> line.matches(".*<code>folder-\\d\\d/\\d.*")).count();
        assertThat(listed).isPositive().isLessThan(200);
        assertThat(rendered.html())
                .contains(Labels.budgetNote(10_000 - listed, listed, DigestCsv.fileName(digest.id())))
                .contains("bucket-digest subscriptions update team-a --help<br>\n")
                .contains("bucket-digest subscriptions remove team-a")
                .doesNotContain("\\u000A")
                .endsWith("</html>\n");
        assertThat(rendered.attachment()).isPresent();
        String csv = new String(rendered.attachment().orElseThrow().content(), StandardCharsets.UTF_8);
        assertThat(csv.lines()).hasSize(10_001);
    }

    @Test
    void typicalKeysUpToTheDefaultInlineLimit_areAllListedAndNeedNoAttachment() {
        Digest digest = digest(200, 60, 'k', 8);

        RenderedDigest rendered = new DigestRenderer().render(digest, 200);

        assertThat(rendered.html().lines().filter(line -> line.matches(".*<code>folder-\\d\\d/\\d.*")).count()).isEqualTo(200);
        assertThat(rendered.attachment()).isEmpty();
        assertThat(rendered.html()).doesNotContain("not listed");
    }

    @Test
    void worstCaseDigest_staysUnderTheSesMessageLimit() {
        // The longest keys S3 allows, made of the character CSV must double and the text body must spell out.
        Digest digest = digest(10_000, 1_024, '"', 40);
        RenderedDigest rendered = new DigestRenderer().render(digest, 10_000);

        byte[] mime = new MimeMessageWriter().write("Bucket Digest <digest@example.com>", List.of("a@example.com"),
                null, rendered, digest.id().value(), Instant.parse("2026-03-01T09:15:00Z"));

        assertThat(mime.length).isLessThan(SES_MAX_MESSAGE_BYTES);
        assertThat(rendered.html().getBytes(StandardCharsets.UTF_8).length).isLessThan(100_000);
        assertThat(rendered.text().getBytes(StandardCharsets.UTF_8).length).isLessThan(100_000);
    }

    /** {@code entries} new objects spread over {@code folders} folders, each key {@code keyLength} characters long. */
    private static Digest digest(int entries, int keyLength, char fill, int folders) {
        List<ObjectEvent> events = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            String head = String.format("folder-%02d/%05d-", i % folders, i);
            events.add(put(head + String.valueOf(fill).repeat(keyLength - head.length())).atSecond(i % 3600)
                    .size(1_000L + i).build());
        }
        return TestEvents.compose(events);
    }
}
