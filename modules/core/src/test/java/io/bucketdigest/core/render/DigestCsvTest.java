package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.delete;
import static io.bucketdigest.core.digest.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestCsvTest {

    @Test
    void render_writesHeaderAndOneRowPerStoryWithCrlf() {
        Digest digest = TestEvents.compose(List.of(
                put("a.txt").atSecond(0).sequencer("01").size(10).build(),
                put("a.txt").atSecond(5).sequencer("02").size(20).build(),
                delete("b,\"c\"\n.txt").atSecond(9).build()));

        String csv = DigestCsv.render(digest);

        assertThat(csv).startsWith(DigestCsv.HEADER + "\r\n").endsWith("\r\n");
        List<List<String>> rows = parse(csv);
        assertThat(rows).hasSize(3);
        String ids = digest.stories().get(0).events().get(0).id() + " " + digest.stories().get(0).events().get(1).id();
        assertThat(rows.get(1)).containsExactly(
                "my-bucket", "a.txt", "created then overwritten once", "WRITTEN", "2", "20", "2026-03-01T09:00:00Z",
                "2026-03-01T09:00:05Z", ids, "CREATED", "IAM user AIDAEXAMPLE", "192.0.2.10", "");
        assertThat(rows.get(2)).containsExactly(
                "my-bucket", "b,\"c\"\n.txt", "removed", "REMOVED", "1", "", "2026-03-01T09:00:09Z",
                "2026-03-01T09:00:09Z", digest.stories().get(1).events().get(0).id().value(), "REMOVED",
                "IAM user AIDAEXAMPLE", "192.0.2.10", "");
    }

    @Test
    void render_overwriteAndRemovalOfVersionsTheHistoryKnew_giveTheSizeBefore() {
        Digest digest = TestEvents.compose(List.of(
                put("a.txt").size(30).replacing(TestEvents.T0.minusSeconds(60), 21L).build(),
                delete("b.txt").replacing(TestEvents.T0.minusSeconds(60), 100L).build()));

        List<List<String>> rows = parse(DigestCsv.render(digest));

        assertThat(rows.get(1)).startsWith("my-bucket", "a.txt", "overwritten once", "WRITTEN", "1", "30")
                .endsWith("OVERWRITTEN", "IAM user AIDAEXAMPLE", "192.0.2.10", "21");
        assertThat(rows.get(2)).endsWith("REMOVED", "IAM user AIDAEXAMPLE", "192.0.2.10", "100");
    }

    @Test
    void attachment_isNamedAfterTheDigestAndUtf8() {
        Digest digest = TestEvents.compose(List.of(put("ü.txt").build()));

        RenderedDigest.Attachment attachment = DigestCsv.attachment(digest);

        assertThat(attachment.fileName()).isEqualTo("digest-d-20260301T091500Z-0000abcd.csv");
        assertThat(attachment.contentType()).isEqualTo("text/csv; charset=UTF-8");
        assertThat(new String(attachment.content(), StandardCharsets.UTF_8)).contains("my-bucket,ü.txt,created");
    }

    /** A strict RFC 4180 reader, so the test does not trust the writer's own notion of quoting. */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < csv.length()) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("bare quote or line break outside quotes at " + i).isNotIn('"', '\r', '\n');
                field.append(c);
            }
            i++;
        }
        assertThat(row).as("last line ends with CRLF").isEmpty();
        return rows;
    }
}
