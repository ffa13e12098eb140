package io.bucketdigest.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.mailreader.CsvRows;
import io.bucketdigest.mailreader.MimeParts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MimePartsTest {

    @Test
    void parse_messageFromTheWriter_givesBackSubjectBodiesAndAttachment() {
        RenderedDigest digest = new RenderedDigest("1,204 objects created in café-bucket", "text ✓ body",
                "<p>html</p>", Optional.of(new RenderedDigest.Attachment("digest.csv", "text/csv; charset=UTF-8",
                        "bucket,key\r\nb,\"a,b\"\r\n".getBytes(StandardCharsets.UTF_8))));
        byte[] raw = new MimeMessageWriter().write("d@example.com", List.of("a@example.com"), null, digest,
                "d-1", Instant.parse("2026-11-29T10:00:00Z"));

        MimeParts parts = MimeParts.parse(raw);

        assertThat(parts.subject()).isEqualTo("1,204 objects created in café-bucket");
        assertThat(parts.header(MimeMessageWriter.DIGEST_ID_HEADER)).isEqualTo("d-1");
        assertThat(parts.text()).contains("text ✓ body");
        assertThat(parts.html()).contains("<p>html</p>");
        assertThat(parts.csv()).hasValueSatisfying(csv ->
                assertThat(CsvRows.parse(csv)).containsExactly(List.of("bucket", "key"), List.of("b", "a,b")));
    }
}
