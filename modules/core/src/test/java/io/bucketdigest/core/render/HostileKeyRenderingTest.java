package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.event;
import static io.bucketdigest.core.digest.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.TestEvents;
import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.normalize.Fixtures;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.mailreader.CsvRows;
import io.bucketdigest.mailreader.MimeParts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The normalizer accepts keys with control and bidi characters because S3 allows them (docs/input-validation.md).
 * These tests render such keys, read from the accepted-hostile corpus (fixtures/hostile/), through every output a
 * reader sees and check that none of those characters arrives raw, that HTML stays escaped and that the CSV, the
 * one exact copy of each key, keeps its formula guard.
 */
class HostileKeyRenderingTest {

    /** Anything that can forge a line, ring a terminal, or reorder text; '\n' is the bodies' own line break. */
    private static final Pattern RAW_HOSTILE = Pattern.compile(
            "[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\u2028\\u2029]");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String HINT = TestEvents.DIGEST_ID.value();
    private static final Set<String> HEADERS = Set.of(
            "from", "to", "subject", "date", "message-id", "mime-version", "x-bucket-digest-id", "content-type", "list-id",
            "list-unsubscribe");

    private final S3MessageNormalizer normalizer = new S3MessageNormalizer(Clock.fixed(NOW, ZoneOffset.UTC));
    private final DigestRenderer renderer = new DigestRenderer();

    static List<Fixtures.CorpusCase> hostileKeys() {
        return Fixtures.hostile().stream().filter(c -> c.fixture().startsWith("key-")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileKeys")
    void render_acceptedHostileKey_reachesNoBodySubjectOrHeaderRaw(Fixtures.CorpusCase hostile) {
        // GIVEN a digest of the events the normalizer accepted from the fixture
        List<ObjectEvent> events = events(hostile.body());
        String key = events.get(0).key();
        Digest digest = TestEvents.compose(events);

        // WHEN
        RenderedDigest rendered = renderer.render(digest, 50);
        MimeParts mime = MimeParts.parse(write(rendered));

        // THEN the bodies show the key, with its hostile characters spelled out
        assertThat(rendered.text()).contains("  " + DisplayText.visible(key) + "  created");
        assertThat(rendered.html()).contains(Html.escape(key));
        assertThat(rendered.subject()).doesNotContainPattern(RAW_HOSTILE);
        assertThat(rendered.text()).doesNotContainPattern(RAW_HOSTILE);
        assertThat(rendered.html()).doesNotContainPattern(RAW_HOSTILE);
        // and what is sent is what was rendered, with only the headers the writer writes
        assertThat(mime.headers().keySet()).isEqualTo(HEADERS);
        assertThat(mime.headers().values()).allSatisfy(value -> assertThat(value).doesNotContainPattern(RAW_HOSTILE));
        assertThat(mime.subject()).isEqualTo(rendered.subject());
        assertThat(mime.text()).isEqualTo(rendered.text().replace("\n", "\r\n"));
        assertThat(mime.html()).isEqualTo(rendered.html().replace("\n", "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileKeys")
    void render_acceptedHostileKey_isSevenBitMimeWithOnlyCrlfLineBreaks(Fixtures.CorpusCase hostile) {
        // GIVEN
        Digest digest = TestEvents.compose(events(hostile.body()));

        // WHEN the full list goes into the CSV attachment as well
        byte[] raw = write(renderer.render(digest, 0));

        // THEN
        String text = new String(raw, StandardCharsets.US_ASCII);
        for (byte b : raw) {
            assertThat(b & 0xFF).isLessThan(0x80);
        }
        assertThat(text.replace("\r\n", ""))
                .doesNotContain("\r")
                .doesNotContain("\n")
                .doesNotContainPattern(RAW_HOSTILE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileKeys")
    void render_acceptedHostileKey_csvKeepsTheExactKeyBehindTheFormulaGuard(Fixtures.CorpusCase hostile) {
        // GIVEN
        String key = events(hostile.body()).get(0).key();
        Digest digest = TestEvents.compose(events(hostile.body()));

        // WHEN
        List<List<String>> rows = CsvRows.parse(DigestCsv.render(digest));

        // THEN the key column is the key itself, quoted for a spreadsheet only when it could start a formula
        boolean formula = "=+-@\t\r\0".indexOf(key.charAt(0)) >= 0;
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(1)).isEqualTo(formula ? "'" + key : key);
    }

    @Test
    void render_markupAndFormulaKey_isEscapedInHtmlAndGuardedInCsv() {
        // GIVEN
        List<ObjectEvent> events = events(Fixtures.read("hostile/key-html-and-formula.json"));
        Digest digest = TestEvents.compose(events);

        // WHEN
        RenderedDigest rendered = renderer.render(digest, 0);
        String csv = new String(rendered.attachment().orElseThrow().content(), StandardCharsets.UTF_8);
        String html = renderer.render(digest, 50).html();

        // THEN
        assertThat(html).doesNotContain("<script").doesNotContain("href=")
                .contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)&lt;script&gt;alert(1)&lt;/script&gt;"
                        + "&amp;amp;");
        assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")<script>");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\u0000=1+1", "=1+1\u202E\u0007", "-\u001b[31m"})
    void csv_keyThatCouldStartAFormula_getsALeadingQuoteAndKeepsEveryOtherCharacter(String key) {
        // GIVEN
        Digest digest = TestEvents.compose(List.of(put(key).build()));

        // WHEN
        List<List<String>> rows = CsvRows.parse(DigestCsv.render(digest));

        // THEN
        assertThat(rows.get(1).get(1)).isEqualTo("'" + key);
    }

    @Test
    void render_eventNameCarryingALineBreak_cannotForgeATextLine() {
        // GIVEN an event that never passed today's ingest checks (stored earlier, or built directly): its story
        // quotes part of the eventName
        String eventName = "Replication:OperationFailed\nuploads/fake.txt  removed\u202E";
        Digest digest = TestEvents.compose(List.of(event(eventName, "data/part-1.parquet").build()));

        // WHEN
        RenderedDigest rendered = renderer.render(digest, 50);

        // THEN
        assertThat(rendered.text()).doesNotContainPattern(RAW_HOSTILE)
                .contains("  data/part-1.parquet  replication failed\\u000Auploads/fake.txt  removed\\u202E");
        assertThat(rendered.text().lines()).noneMatch(line -> line.startsWith("uploads/fake.txt"));
        assertThat(rendered.html()).doesNotContainPattern(RAW_HOSTILE);
    }

    @Test
    void render_bucketWithControlAndBidiCharacters_cannotReachTheSubjectOrHeadersRaw() {
        // GIVEN a bucket name the normalizer would reject, as a stored event could still carry it
        String bucket = "evil\r\nBcc: victim@example.com\u202Egro.elpmaxe";
        Digest digest = TestEvents.compose(List.of(put("a.txt").bucket(bucket).build()));

        // WHEN
        RenderedDigest rendered = renderer.render(digest, 50);
        MimeParts mime = MimeParts.parse(write(rendered));

        // THEN
        assertThat(rendered.subject())
                .isEqualTo("1 object created in evil\\u000D\\u000ABcc: victim@example.com\\u202Egro.elpmaxe");
        assertThat(mime.headers().keySet()).isEqualTo(HEADERS);
        assertThat(mime.subject()).isEqualTo(rendered.subject());
        assertThat(rendered.text()).doesNotContainPattern(RAW_HOSTILE);
        assertThat(rendered.html()).doesNotContainPattern(RAW_HOSTILE);
    }

    @Test
    void hostileKeys_coverC0DelC1BidiAndSeparators() {
        // GIVEN every key of the accepted-hostile corpus
        Set<Integer> characters = new TreeSet<>();
        for (Fixtures.CorpusCase hostile : hostileKeys()) {
            events(hostile.body()).get(0).key().chars().forEach(characters::add);
        }

        // THEN the rendering tests above really saw each class of character they claim to handle
        List<Integer> required = new ArrayList<>(List.of(0x00, 0x07, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9B,
                0x2028, 0x2029));
        for (int c = 0x202A; c <= 0x202E; c++) {
            required.add(c);
        }
        for (int c = 0x2066; c <= 0x2069; c++) {
            required.add(c);
        }
        assertThat(characters).containsAll(required);
    }

    private List<ObjectEvent> events(String body) {
        return ((NormalizedMessage.Events) normalizer.normalize(body)).events();
    }

    private static byte[] write(RenderedDigest rendered) {
        return new MimeMessageWriter().write(
                "Bucket Digest <digest@example.com>", List.of("ops@example.com"), null, rendered, HINT, NOW);
    }
}
