package io.bucketdigest.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MimeMessageWriterTest {

    private static final String FROM = "Bucket Digest <digest@example.com>";
    private static final String HINT = "d-20260301T091500Z-0000abcd";
    private static final Instant DATE = Instant.parse("2026-03-01T09:15:00Z");

    private final MimeMessageWriter writer = new MimeMessageWriter();

    @Test
    void write_withAttachment_parsesBackToTextHtmlAndCsv() {
        RenderedDigest rendered = new DigestRenderer().render(RenderFixtures.mixed(), 2);

        String raw = write(List.of("ops@example.com", "dev@example.com"), "digests", rendered);

        MimeTree message = MimeTree.parse(raw);
        assertThat(message.header("From")).isEqualTo(FROM);
        assertThat(message.header("To")).isEqualTo("ops@example.com, dev@example.com");
        assertThat(message.header("Subject")).isEqualTo(rendered.subject());
        assertThat(message.header("Date")).isEqualTo("Sun, 1 Mar 2026 09:15:00 GMT");
        assertThat(message.header("MIME-Version")).isEqualTo("1.0");
        assertThat(message.header("X-Bucket-Digest-Id")).isEqualTo(HINT);
        assertThat(message.header("Message-ID")).isEqualTo("<" + HINT + "@example.com>");
        assertThat(message.header("X-SES-CONFIGURATION-SET")).isEqualTo("digests");
        assertThat(message.header("List-Id")).isEqualTo("Bucket Digest team-a <team-a.bucket-digest.example.com>");
        assertThat(message.header("List-Unsubscribe"))
                .isEqualTo("<mailto:digest@example.com?subject=unsubscribe%20team-a>");
        assertThat(message.contentType()).startsWith("multipart/mixed;");

        List<MimeTree> mixed = message.children();
        assertThat(mixed).hasSize(2);
        assertThat(mixed.get(0).contentType()).startsWith("multipart/alternative;");
        List<MimeTree> alternatives = mixed.get(0).children();
        assertThat(alternatives).extracting(MimeTree::contentType)
                .containsExactly("text/plain; charset=UTF-8", "text/html; charset=UTF-8");
        assertThat(alternatives.get(0).decodedText()).isEqualTo(rendered.text().replace("\n", "\r\n"));
        assertThat(alternatives.get(1).decodedText()).isEqualTo(rendered.html().replace("\n", "\r\n"));

        MimeTree csv = mixed.get(1);
        String fileName = rendered.attachment().orElseThrow().fileName();
        assertThat(csv.contentType()).isEqualTo("text/csv; charset=UTF-8; name=\"" + fileName + "\"");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + fileName + "\"");
        assertThat(csv.decoded()).isEqualTo(rendered.attachment().orElseThrow().content());
    }

    @Test
    void write_withListHeaders_namesTheSenderAndSendsUnsubscribesToTheOperators() {
        MimeMessageWriter named = new MimeMessageWriter(new ListHeaders("Data \"Lake\" Digests", "ops@example.com"));
        RenderedDigest rendered = new DigestRenderer().render(RenderFixtures.mixed(), 50);

        MimeTree message = MimeTree.parse(new String(named.write("digest@example.com", List.of("a@example.com"), null,
                rendered, HINT, DATE), StandardCharsets.US_ASCII));

        assertThat(message.header("From")).isEqualTo("\"Data \\\"Lake\\\" Digests\" <digest@example.com>");
        assertThat(message.header("List-Unsubscribe")).isEqualTo("<mailto:ops@example.com?subject=unsubscribe%20team-a>");
        assertThat(message.header("List-Id")).isEqualTo("Bucket Digest team-a <team-a.bucket-digest.example.com>");
    }

    @Test
    void write_mailOutsideASubscription_hasNoListHeaders() {
        RenderedDigest rendered = new RenderedDigest("s", "t", "<p>h</p>", Optional.empty());

        MimeTree message = MimeTree.parse(write(List.of("ops@example.com"), null, rendered));

        assertThat(message.header("List-Id")).isNull();
        assertThat(message.header("List-Unsubscribe")).isNull();
    }

    @Test
    void listHeaders_rejectNamesThatCouldBreakTheHeader() {
        assertThatThrownBy(() -> new ListHeaders("evil\r\nBcc: x@example.com", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sender name");
        assertThatThrownBy(() -> new ListHeaders("ok", "ops@example.com>, <mailto:x@evil.example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsubscribe address");
    }

    @Test
    void write_withoutAttachment_hasOnlyTheAlternativePart() {
        RenderedDigest rendered = new DigestRenderer().render(RenderFixtures.mixed(), 50);

        MimeTree message = MimeTree.parse(write(List.of("ops@example.com"), null, rendered));

        assertThat(message.children()).hasSize(1);
        assertThat(message.header("X-SES-CONFIGURATION-SET")).isNull();
    }

    @Test
    void write_isSevenBitWithCrlfAndShortLines() {
        RenderedDigest rendered = new RenderedDigest(
                "Ünïcödé subject ☃ " + "long ".repeat(40), "text ü\n".repeat(200), "<p>ü</p>\n".repeat(200),
                Optional.of(new RenderedDigest.Attachment("digest.csv", DigestCsv.CONTENT_TYPE,
                        "a,b\r\n".repeat(500).getBytes(StandardCharsets.UTF_8))));
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            recipients.add("recipient-" + i + "@example.com");
        }

        byte[] bytes = writer.write(FROM, recipients, "digests", rendered, HINT, DATE);

        for (byte b : bytes) {
            assertThat(b & 0xFF).isLessThan(128);
        }
        String raw = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(raw.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        assertThat(raw.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(MimeTree.parse(raw).header("To").split(", ")).containsExactlyElementsOf(recipients);
    }

    @Test
    void write_nonAsciiSubject_isRfc2047Encoded() {
        String subject = "3 objects created in café-bücket ☃ 😀 " + "ü".repeat(60);
        RenderedDigest rendered = new RenderedDigest(subject, "t", "<p>h</p>", Optional.empty());

        String raw = write(List.of("ops@example.com"), null, rendered);

        String header = MimeTree.parse(raw).header("Subject");
        assertThat(header).startsWith("=?UTF-8?B?").doesNotContain("café");
        assertThat(MimeTree.decodeHeader(header)).isEqualTo(subject);
        assertThat(raw.lines().filter(line -> line.contains("=?UTF-8?B?")))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @Test
    void write_subjectWithLineBreak_cannotInjectHeaders() {
        RenderedDigest rendered = new RenderedDigest("hi\r\nBcc: victim@example.com", "t", "h", Optional.empty());

        MimeTree message = MimeTree.parse(write(List.of("ops@example.com"), null, rendered));

        assertThat(message.header("Bcc")).isNull();
        assertThat(message.header("Subject")).isEqualTo("hi Bcc: victim@example.com");
    }

    @Test
    void write_sameInput_yieldsSameBytes() {
        RenderedDigest rendered = new DigestRenderer().render(RenderFixtures.mixed(), 2);

        assertThat(write(List.of("ops@example.com"), null, rendered))
                .isEqualTo(write(List.of("ops@example.com"), null, rendered));
    }

    @Test
    void write_nonAsciiAttachmentName_usesRfc2231() {
        RenderedDigest rendered = new RenderedDigest("s", "t", "h", Optional.of(
                new RenderedDigest.Attachment("réport \"1\".csv", DigestCsv.CONTENT_TYPE, new byte[] {'x'})));

        MimeTree csv = MimeTree.parse(write(List.of("ops@example.com"), null, rendered)).children().get(1);

        assertThat(csv.header("Content-Disposition"))
                .isEqualTo("attachment; filename*=UTF-8''r%C3%A9port%20%221%22.csv");
    }

    @Test
    void write_unsafeHeaderValues_areRejected() {
        RenderedDigest rendered = new RenderedDigest("s", "t", "h", Optional.empty());

        assertThatThrownBy(() -> writer.write("a@example.com\r\nBcc: x@example.com", List.of("b@example.com"), null,
                rendered, HINT, DATE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.write(FROM, List.of(), null, rendered, HINT, DATE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.write(FROM, List.of("b@example.com"), "set\n", rendered, HINT, DATE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.write(FROM, List.of("b@example.com"), null, rendered, "bad id", DATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("messageIdHint");
    }

    private String write(List<String> to, String configurationSet, RenderedDigest rendered) {
        return new String(writer.write(FROM, to, configurationSet, rendered, HINT, DATE), StandardCharsets.US_ASCII);
    }
}
