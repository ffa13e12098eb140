package io.bucketdigest.core.digest;

import static io.bucketdigest.core.digest.TestEvents.compose;
import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.event.ObjectEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties over random event lists; seeded, so a failure names the seed that reproduces it. */
class DigestComposerPropertyTest {

    private static final int TRIES = 300;

    private static final List<String> KEYS = List.of("a.txt", "dir/b.bin", "dir/c", "z/deep/d.json");
    private static final List<String> EVENT_NAMES = List.of(
            "ObjectCreated:Put", "ObjectCreated:Put", "ObjectCreated:Copy", "ObjectRemoved:Delete",
            "ObjectRemoved:Delete", "ObjectRemoved:DeleteMarkerCreated", "ObjectTagging:Put", "ObjectAcl:Put",
            "ObjectRestore:Completed", "LifecycleExpiration:Delete", "LifecycleTransition");

    static Stream<Long> seeds() {
        return LongStream.range(0, TRIES).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyDistinctEventIsInExactlyOneStory(long seed) {
        Random random = new Random(seed);
        List<ObjectEvent> events = randomEvents(random);
        List<ObjectEvent> delivered = withDuplicatesShuffled(events, random);
        Set<EventId> distinctIds = new LinkedHashSet<>();
        delivered.forEach(event -> distinctIds.add(event.id()));

        Digest digest = compose(delivered);

        Map<EventId, Integer> occurrences = new HashMap<>();
        for (ObjectStory story : digest.stories()) {
            for (ObjectEvent event : story.events()) {
                assertThat(event.bucket()).isEqualTo(story.bucket());
                assertThat(event.key()).isEqualTo(story.key());
                occurrences.merge(event.id(), 1, Integer::sum);
            }
        }
        assertThat(occurrences.keySet()).isEqualTo(distinctIds);
        assertThat(occurrences.values()).allMatch(count -> count == 1);
        assertThat(digest.summary().events()).isEqualTo(distinctIds.size());
        assertThat(digest.summary().duplicatesIgnored()).isEqualTo(delivered.size() - distinctIds.size());
        assertThat(digest.summary().eventsByKind().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(distinctIds.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void composingAShuffledListYieldsTheSameDigest(long seed) {
        Random random = new Random(seed);
        List<ObjectEvent> events = randomEvents(random);
        Digest expected = compose(events);

        Digest actual = compose(withDuplicatesShuffled(events, random));

        assertThat(actual.stories()).isEqualTo(expected.stories());
        assertThat(actual.summary().objectsByOutcome()).isEqualTo(expected.summary().objectsByOutcome());
        assertThat(actual.summary().bytesAdded()).isEqualTo(expected.summary().bytesAdded());
        assertThat(actual.summary().bytesRemoved()).isEqualTo(expected.summary().bytesRemoved());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void outcomeFollowsTheLastCreateOrRemoval(long seed) {
        List<ObjectEvent> events = randomEvents(new Random(seed));
        for (ObjectStory story : compose(events).stories()) {
            List<ObjectEvent> writesAndRemovals = story.events().stream()
                    .filter(event -> event.createsObject() || event.removesObject())
                    .toList();
            NetOutcome expected;
            if (writesAndRemovals.isEmpty()) {
                expected = NetOutcome.OTHER;
            } else if (writesAndRemovals.get(writesAndRemovals.size() - 1).createsObject()) {
                expected = NetOutcome.WRITTEN;
            } else {
                expected = writesAndRemovals.stream().anyMatch(ObjectEvent::createsObject)
                        ? NetOutcome.TRANSIENT
                        : NetOutcome.REMOVED;
            }
            assertThat(story.outcome()).as(story.story()).isEqualTo(expected);
            assertThat(story.bytesAdded()).isGreaterThanOrEqualTo(0);
            if (expected != NetOutcome.WRITTEN) {
                assertThat(story.bytesAdded()).isZero();
            }
        }
    }

    private static List<ObjectEvent> randomEvents(Random random) {
        int count = 1 + random.nextInt(60);
        List<ObjectEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String sequencer = random.nextDouble() < 0.2 ? null : randomHex(random, 1 + random.nextInt(6));
            Long size = random.nextDouble() < 0.3 ? null : (long) random.nextInt(5_000_001);
            events.add(TestEvents.event(pick(random, EVENT_NAMES), pick(random, KEYS))
                    .bucket(random.nextBoolean() ? "my-bucket" : "other-bucket")
                    .atSecond(random.nextInt(41))
                    .sequencer(sequencer)
                    .size(size)
                    .build());
        }
        return events;
    }

    private static String randomHex(Random random, int length) {
        String alphabet = "0123456789ABCDEFabcdef";
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return hex.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<ObjectEvent> withDuplicatesShuffled(List<ObjectEvent> events, Random random) {
        List<ObjectEvent> delivered = new ArrayList<>(events);
        int duplicates = random.nextInt(events.size() + 1);
        for (int i = 0; i < duplicates; i++) {
            delivered.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(delivered, random);
        return delivered;
    }
}
