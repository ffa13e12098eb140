package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.delete;
import static io.bucketdigest.core.digest.TestEvents.put;
import static io.bucketdigest.core.render.RenderFixtures.TRICKY_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.DigestComposer;
import io.bucketdigest.core.digest.DigestSummary;
import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.digest.TestEvents;
import io.bucketdigest.core.event.ObjectEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DigestRendererTest {

    private static final Pattern BAR = Pattern.compile("data-bar=\"(\\d+)\"");
    private static final String CSV_NAME = "digest-d-20260301T091500Z-0000abcd.csv";

    private final DigestRenderer renderer = new DigestRenderer();

    @Test
    void render_subject_countsObjectsPerOutcomeWithThousandsSeparators() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 1_204; i++) {
            events.add(put("new/" + i).build());
        }
        for (int i = 0; i < 37; i++) {
            events.add(delete("old/" + i).build());
        }

        RenderedDigest rendered = renderer.render(TestEvents.compose(events), 50);

        assertThat(rendered.subject()).isEqualTo("1,204 objects created, 37 removed in my-bucket");
    }

    @Test
    void render_subject_namesEveryNonZeroOutcome() {
        assertThat(renderer.render(RenderFixtures.mixed(), 50).subject())
                .isEqualTo("2 objects created, 1 removed, 1 created and removed, 1 changed in my-bucket");
    }

    @Test
    void render_subject_singleObjectIsSingular() {
        Digest digest = TestEvents.compose(List.of(delete("a").build()));

        assertThat(renderer.render(digest, 50).subject()).isEqualTo("1 object removed in my-bucket");
    }

    @Test
    void render_subject_severalBuckets_countsThem() {
        Digest digest = TestEvents.compose(List.of(
                put("a").bucket("alpha").build(), put("a").bucket("beta").build(), put("a").bucket("gamma").build()));

        assertThat(renderer.render(digest, 50).subject()).isEqualTo("3 objects created in 3 buckets");
    }

    @Test
    void render_subject_ignoresTheDefaultLocale() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            events.add(put("k" + i).size(1_536).build());
        }
        Digest digest = TestEvents.compose(events);
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            RenderedDigest rendered = renderer.render(digest, 1);

            assertThat(rendered.subject()).startsWith("1,500 objects created");
            assertThat(rendered.text()).contains("1,500").contains("1.5 KiB");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void render_subject_staysUnder200Characters() {
        String longBucket = "b".repeat(63);
        DigestSummary summary = new DigestSummary(
                Integer.MAX_VALUE, Integer.MAX_VALUE, 0, Map.of(),
                Map.of(NetOutcome.WRITTEN, Integer.MAX_VALUE, NetOutcome.REMOVED, Integer.MAX_VALUE,
                        NetOutcome.TRANSIENT, Integer.MAX_VALUE, NetOutcome.OTHER, Integer.MAX_VALUE),
                new TreeMap<>(), 0, 0, null, null, new TreeMap<>(), new TreeSet<>(List.of(longBucket)));
        Digest digest = new Digest(TestEvents.DIGEST_ID, "team-a", longBucket, TestEvents.T0, List.of(), summary,
                null);

        assertThat(renderer.render(digest, 10).subject()).hasSizeLessThan(200).endsWith("in " + longBucket);
    }

    @Test
    void render_text_showsHeaderSummaryAndEntriesGroupedByPrefix() {
        String text = renderer.render(RenderFixtures.mixed(), 50).text();

        assertThat(text).isEqualTo("""
                Subscription: team-a
                Scope:  my-bucket · every kind
                Events: 2026-03-01 09:00:00 to 09:02:50 UTC

                Summary
                  Objects                               5
                  Events                                8  (1 duplicate delivery ignored)
                  Bytes added                     2.0 KiB
                  Bytes removed                       0 B  (at least: some removed objects' sizes are unknown)

                  Objects by outcome
                    created or overwritten              2
                    removed                             1
                    created and removed                 1
                    metadata changed                    1

                  Events by kind
                    created                             5
                    removed                             2
                    tagging                             1

                By folder
                  Folder                        Objects  Created Overwritten  Removed Bytes added Bytes removed
                  (bucket root)                       2        1           0        0       512 B           0 B
                  old/                                1        0           0        1         0 B           0 B
                  tmp/                                1        0           0        0         0 B           0 B
                  uploads/                            1        1           0        0     1.5 KiB           0 B

                By whom
                  IAM user AIDAEXAMPLE                8 events  from 192.0.2.10

                (root)  (2 objects)
                  a<b&"c".txt  created  512 B
                  readme.md  tags changed

                old/  (1 object)
                  old/report.pdf  removed

                tmp/  (1 object)
                  tmp/scratch  created then removed  was 12.0 MiB

                uploads/  (1 object)
                  uploads/a.txt  created then overwritten 2 times  1.5 KiB

                --\s
                You get this as a recipient of subscription team-a (my-bucket · every kind).
                Change it: bucket-digest subscriptions update team-a --help
                Stop it:   bucket-digest subscriptions remove team-a
                """);
    }

    @Test
    void render_subscriptionTimeZone_showsEveryTimeInIt() {
        Digest utc = RenderFixtures.mixed();
        Digest berlin = new Digest(utc.id(), utc.subscriptionId(), utc.scope(), utc.createdAt(), utc.stories(),
                utc.summary(), java.time.ZoneId.of("Europe/Berlin"));

        RenderedDigest rendered = renderer.render(berlin, 50);

        assertThat(rendered.text()).contains("Events: 2026-03-01 10:00:00 to 10:02:50 Europe/Berlin");
        assertThat(rendered.html()).contains("2026-03-01 10:00:00 to 10:02:50 Europe/Berlin")
                .contains("2026-03-01 10:00 Europe/Berlin: ")
                .contains(">10:03 Europe/Berlin</td>")
                .doesNotContain("UTC");
    }

    @Test
    void render_text_keyWithLineBreak_cannotForgeLines() {
        Digest digest = TestEvents.compose(List.of(put("evil\nuploads/fake.txt  removed").build()));

        String text = renderer.render(digest, 50).text();

        assertThat(text).contains("  evil\\u000Auploads/fake.txt  removed  created");
        assertThat(text.lines()).noneMatch(line -> line.startsWith("uploads/fake.txt"));
    }

    @Test
    void render_html_isSelfContainedAndMobileFriendly() {
        String html = renderer.render(RenderFixtures.mixed(), 50).html();

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .contains("max-width:680px")
                .contains("font-family:-apple-system")
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<img")
                .doesNotContainIgnoringCase("<style")
                .doesNotContainIgnoringCase("url(")
                .doesNotContainIgnoringCase("src=")
                .doesNotContainIgnoringCase("href=")
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    void render_html_escapesKeys() {
        String html = renderer.render(RenderFixtures.mixed(), 50).html();

        assertThat(html).contains("a&lt;b&amp;&quot;c&quot;.txt").doesNotContain(TRICKY_KEY);
    }

    @Test
    void render_html_keepsUnicodeKeysReadable() {
        String key = "café/naïve ☃ 日本.txt";
        Digest digest = TestEvents.compose(List.of(put(key).build()));

        RenderedDigest rendered = renderer.render(digest, 50);

        assertThat(rendered.html()).contains(key).contains("café/");
        assertThat(rendered.text()).contains("  " + key + "  created");
    }

    @Test
    void render_html_chartHasOneBarPerMinute() {
        String html = renderer.render(RenderFixtures.mixed(), 50).html();

        assertThat(bars(html)).containsExactly(3, 3, 2);
        assertThat(html).contains("events per minute, peak 3").contains(">09:00<").contains(">09:03 UTC<");
    }

    @Test
    void render_html_chartIncludesQuietMinutes() {
        Digest digest = TestEvents.compose(List.of(put("a").atSecond(0).build(), put("b").atSecond(4 * 60).build()));

        assertThat(bars(renderer.render(digest, 50).html())).containsExactly(1, 0, 0, 0, 1);
    }

    @Test
    void render_html_chartOverLongSpan_bucketsIntoAtMost60Bars() {
        Digest digest = RenderFixtures.created(500, 180);

        List<Integer> bars = bars(renderer.render(digest, 10).html());

        assertThat(bars).hasSize(60);
        assertThat(bars.stream().mapToInt(Integer::intValue).sum()).isEqualTo(500);
        assertThat(renderer.render(digest, 10).html()).contains("events per 3 minutes");
    }

    @Test
    void render_withinInlineLimit_hasNoAttachment() {
        RenderedDigest rendered = renderer.render(RenderFixtures.mixed(), 5);

        assertThat(rendered.attachment()).isEmpty();
        assertThat(rendered.text()).doesNotContain("more objects");
    }

    @Test
    void render_pastInlineLimit_listsTheFirstEntriesAndAttachesEveryRow() {
        Digest digest = RenderFixtures.created(30, 1);

        RenderedDigest rendered = renderer.render(digest, 10);

        assertThat(rendered.text().lines().filter(line -> line.startsWith("  data/part-"))).hasSize(10);
        assertThat(rendered.text()).contains("data/part-00009.parquet").doesNotContain("data/part-00010.parquet")
                .contains("data/  (30 objects)")
                .contains("20 objects are not listed below: the complete list is attached as " + CSV_NAME);
        assertThat(rendered.html()).contains("20 objects are not listed below: the complete list is attached as " + CSV_NAME)
                .doesNotContain("data/part-00010.parquet");
        RenderedDigest.Attachment csv = rendered.attachment().orElseThrow();
        assertThat(csv.fileName()).isEqualTo(CSV_NAME);
        assertThat(csv.contentType()).isEqualTo("text/csv; charset=UTF-8");
        List<String> rows = new String(csv.content(), StandardCharsets.UTF_8).lines().toList();
        assertThat(rows).hasSize(31);
        assertThat(rows.get(0)).isEqualTo(DigestCsv.HEADER);
        for (int i = 0; i < 30; i++) {
            assertThat(rows.get(i + 1)).startsWith(String.format("my-bucket,data/part-%05d.parquet,created,", i));
        }
    }

    @Test
    void render_inlineLimitZero_putsEverythingInTheAttachment() {
        RenderedDigest rendered = renderer.render(RenderFixtures.mixed(), 0);

        assertThat(rendered.text()).contains("5 objects are not listed below").doesNotContain("uploads/a.txt");
        assertThat(rendered.attachment()).isPresent();
    }

    @Test
    void render_negativeInlineLimit_isRejected() {
        assertThatThrownBy(() -> renderer.render(RenderFixtures.mixed(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void render_severalBuckets_groupsByBucketThenPrefix() {
        Digest digest = TestEvents.compose(List.of(
                put("logs/a").bucket("beta").build(), put("logs/a").bucket("alpha").build(),
                put("top").bucket("alpha").build()));

        String text = renderer.render(digest, 50).text();

        assertThat(text).containsSubsequence(
                "alpha: (root)  (1 object)", "  top  created", "alpha: logs/  (1 object)", "  logs/a  created",
                "beta: logs/  (1 object)", "  logs/a  created");
    }

    private static List<Integer> bars(String html) {
        List<Integer> bars = new ArrayList<>();
        Matcher matcher = BAR.matcher(html);
        while (matcher.find()) {
            bars.add(Integer.parseInt(matcher.group(1)));
        }
        return bars;
    }

    @Test
    void render_excludedEvents_oneLineInTextAndHtml_withThePatternsEscaped() {
        Digest digest = new DigestComposer().compose(TestEvents.DIGEST_ID,
                TestEvents.SUBSCRIPTION.withExclusions(List.of("**/_temporary/**", "*.tmp", "<b>&")),
                List.of(put("a").build()), TestEvents.T0, 412);

        RenderedDigest rendered = renderer.render(digest, 50);

        String line = "412 events matched your exclusions (**/_temporary/**, *.tmp, <b>&) and are not listed; "
                + "they stay in the history";
        assertThat(rendered.text()).containsOnlyOnce(line);
        assertThat(rendered.html()).containsOnlyOnce(Html.escape(line)).doesNotContain("<b>&");
    }

    @Test
    void render_excludedEvents_manyPatternsAreCutAfterFive_andNoCountMeansNoLine() {
        List<String> patterns = List.of("*.a", "*.b", "*.c", "*.d", "*.e", "*.f", "*.g");
        Digest counted = new DigestComposer().compose(TestEvents.DIGEST_ID,
                TestEvents.SUBSCRIPTION.withExclusions(patterns), List.of(put("a").build()), TestEvents.T0, 1);
        Digest none = new DigestComposer().compose(TestEvents.DIGEST_ID,
                TestEvents.SUBSCRIPTION.withExclusions(patterns), List.of(put("a").build()), TestEvents.T0, 0);

        assertThat(renderer.render(counted, 50).text()).contains("1 event matched your exclusions "
                + "(*.a, *.b, *.c, *.d, *.e and 2 more) and is not listed; it stays in the history");
        assertThat(renderer.render(none, 50).text()).doesNotContain("exclusions");
        assertThat(renderer.render(none, 50).html()).doesNotContain("exclusions");
    }
}
