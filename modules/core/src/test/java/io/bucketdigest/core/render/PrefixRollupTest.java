package io.bucketdigest.core.render;

import static io.bucketdigest.core.digest.TestEvents.delete;
import static io.bucketdigest.core.digest.TestEvents.event;
import static io.bucketdigest.core.digest.TestEvents.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.Digest;
import io.bucketdigest.core.digest.ObjectStory;
import io.bucketdigest.core.digest.TestEvents;
import io.bucketdigest.core.event.ObjectEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PrefixRollupTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 60, 2_000, 10_000})
    void rowsAccountForEveryObjectChangeAndByte(int events) {
        Digest digest = generated(events, new Random(events));

        PrefixRollup rollup = PrefixRollup.of(digest);

        List<ObjectStory> stories = digest.stories();
        assertThat(rollup.objects()).isEqualTo(stories.size());
        assertThat(sum(rollup, PrefixRollup.Row::created)).isEqualTo(count(stories, ObjectStory.Change.CREATED));
        assertThat(sum(rollup, PrefixRollup.Row::overwritten))
                .isEqualTo(count(stories, ObjectStory.Change.OVERWRITTEN));
        assertThat(sum(rollup, PrefixRollup.Row::removed)).isEqualTo(count(stories, ObjectStory.Change.REMOVED));
        assertThat(rollup.rows().stream().mapToLong(PrefixRollup.Row::bytesAdded).sum())
                .isEqualTo(digest.summary().bytesAdded());
        assertThat(rollup.rows().stream().mapToLong(PrefixRollup.Row::bytesRemoved).sum())
                .isEqualTo(digest.summary().bytesRemoved());
        assertThat(rollup.rows()).hasSizeLessThanOrEqualTo(PrefixRollup.MAX_ROWS);
        for (ObjectStory story : stories) {
            assertThat(rowsHolding(rollup, story)).as(story.key()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2_000, 10_000})
    void everyTopLevelFolderHasARow_includingThosePastTheInlineLimit(int events) {
        Digest digest = generated(events, new Random(7));
        Set<String> topLevel = digest.stories().stream().map(story -> story.prefixAtDepth(1))
                .collect(Collectors.toCollection(TreeSet::new));

        PrefixRollup rollup = PrefixRollup.of(digest);
        RenderedDigest rendered = new DigestRenderer().render(digest, 200);

        for (String folder : topLevel) {
            assertThat(rollup.rows()).as(folder).anyMatch(row -> row.prefix().startsWith(folder));
        }
        // "zz-late/" sorts after every key the inline list shows, yet both bodies count it.
        PrefixRollup.Row late = rollup.rows().stream().filter(row -> row.prefix().startsWith("zz-late/"))
                .findFirst().orElseThrow();
        assertThat(rendered.text()).contains(late.prefix());
        assertThat(rendered.html()).contains(late.prefix());
    }

    @Test
    void aFolderHoldingMostOfTheBurstIsShownDeeper() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            events.add(put("logs/2026/" + (i % 3 == 0 ? "01" : i % 3 == 1 ? "02" : "03") + "/f" + i).size(10).build());
        }
        for (int i = 0; i < 10; i++) {
            events.add(put("docs/d" + i).size(1).build());
            events.add(put("img/i" + i).size(1).build());
        }

        PrefixRollup rollup = PrefixRollup.of(TestEvents.compose(events));

        assertThat(rollup.rows()).extracting(PrefixRollup.Row::prefix)
                .containsExactly("docs/", "img/", "logs/2026/01/", "logs/2026/02/", "logs/2026/03/");
        assertThat(rollup.rows()).extracting(PrefixRollup.Row::objects).containsExactly(10, 10, 300, 300, 300);
    }

    @Test
    void aSplitThatWouldPassTheTargetKeepsTheFolderWhole() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(put("a/" + i + "/x").build());
        }
        events.add(put("b/y").build());

        PrefixRollup rollup = PrefixRollup.of(TestEvents.compose(events));

        assertThat(rollup.rows()).extracting(PrefixRollup.Row::prefix).containsExactly("a/", "b/");
    }

    @Test
    void filesDirectlyInASplitFolderKeepTheirOwnRow() {
        List<ObjectEvent> events = new ArrayList<>();
        events.add(put("a/top.txt").build());
        for (int i = 0; i < 5; i++) {
            events.add(put("a/sub/" + i).build());
        }
        events.add(put("root.txt").build());

        PrefixRollup rollup = PrefixRollup.of(TestEvents.compose(events));

        assertThat(rollup.rows()).extracting(row -> row.label(false))
                .containsExactly("(bucket root)", "a/ (files directly in it)", "a/sub/");
    }

    @Test
    void pastTheRowCap_theSmallestFoldersShareTheLastRow() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int folder = 0; folder < 100; folder++) {
            for (int i = 0; i <= folder; i++) {
                events.add(put(String.format("f%03d/%d", folder, i)).build());
            }
        }
        Digest digest = TestEvents.compose(events);

        PrefixRollup rollup = PrefixRollup.of(digest);

        assertThat(rollup.rows()).hasSize(PrefixRollup.MAX_ROWS);
        PrefixRollup.Row rest = rollup.rows().get(rollup.rows().size() - 1);
        assertThat(rest.folders()).isEqualTo(100 - (PrefixRollup.MAX_ROWS - 1));
        assertThat(rest.label(false)).isEqualTo("61 more folders");
        assertThat(rollup.objects()).isEqualTo(digest.stories().size());
        assertThat(rollup.rows().get(0).prefix()).isEqualTo("f061/");
    }

    @Test
    void countsChangesAndBytesPerFolder() {
        List<ObjectEvent> events = new ArrayList<>();
        events.add(put("a/new").size(100).build());
        events.add(event("ObjectTagging:Put", "a/old").atSecond(1).sequencer("01").size(40).build());
        events.add(put("a/old").atSecond(2).sequencer("02").size(50).build());
        events.add(event("ObjectTagging:Put", "a/gone").atSecond(1).sequencer("01").size(30).build());
        events.add(delete("a/gone").atSecond(2).sequencer("02").build());
        events.add(put("a/brief").atSecond(1).sequencer("01").size(70).build());
        events.add(delete("a/brief").atSecond(2).sequencer("02").build());

        PrefixRollup.Row row = PrefixRollup.of(TestEvents.compose(events)).rows().get(0);

        assertThat(row).isEqualTo(new PrefixRollup.Row(TestEvents.BUCKET, "a/", false, 1, 4, 1, 1, 1, 150, 30));
    }

    /** Objects under several top-level folders, one of them sorting last, with overwrites and removals. */
    static Digest generated(int events, Random random) {
        String[] folders = {"data/2026/11/", "data/2026/12/", "logs/", "img/", "tmp/", "", "zz-late/deep/"};
        List<ObjectEvent> out = new ArrayList<>(events);
        int objects = Math.max(1, events * 4 / 5);
        for (int i = 0; i < events; i++) {
            int object = i < objects ? i : random.nextInt(objects);
            String key = folders[object % folders.length] + "obj-" + object;
            boolean again = i >= objects;
            ObjectEvent event = again && random.nextBoolean()
                    ? delete(key).atSecond(i).sequencer(TestEvents.sequencer(i + 1)).build()
                    : put(key).atSecond(i).sequencer(TestEvents.sequencer(i + 1)).size(random.nextInt(5000)).build();
            out.add(event);
        }
        return TestEvents.compose(out);
    }

    private static int sum(PrefixRollup rollup, java.util.function.ToIntFunction<PrefixRollup.Row> field) {
        return rollup.rows().stream().mapToInt(field).sum();
    }

    private static long count(List<ObjectStory> stories, ObjectStory.Change change) {
        return stories.stream().filter(story -> story.change() == change).count();
    }

    /** Rows whose folder holds the story: the deepest matching rows; exactly one must. */
    private static long rowsHolding(PrefixRollup rollup, ObjectStory story) {
        return rollup.rows().stream().filter(row -> row.folders() == 1 && row.bucket().equals(story.bucket()))
                .filter(row -> row.direct() ? story.prefixAtDepth(99).equals(row.prefix())
                        : story.key().startsWith(row.prefix())
                                && rollup.rows().stream().noneMatch(deeper -> deeper != row
                                        && deeper.prefix().length() > row.prefix().length()
                                        && deeper.prefix().startsWith(row.prefix())
                                        && (deeper.direct() ? story.prefixAtDepth(99).equals(deeper.prefix())
                                                : story.key().startsWith(deeper.prefix()))))
                .count();
    }
}
