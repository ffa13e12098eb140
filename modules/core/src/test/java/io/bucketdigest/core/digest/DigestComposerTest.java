package io.bucketdigest.core.digest;

import static io.bucketdigest.core.digest.TestEvents.BUCKET;
import static io.bucketdigest.core.digest.TestEvents.DIGEST_ID;
import static io.bucketdigest.core.digest.TestEvents.SUBSCRIPTION;
import static io.bucketdigest.core.digest.TestEvents.T0;
import static io.bucketdigest.core.digest.TestEvents.compose;
import static io.bucketdigest.core.digest.TestEvents.delete;
import static io.bucketdigest.core.digest.TestEvents.event;
import static io.bucketdigest.core.digest.TestEvents.history;
import static io.bucketdigest.core.digest.TestEvents.put;
import static io.bucketdigest.core.digest.TestEvents.sequencer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.bucketdigest.core.digest.ObjectStory.NetOutcome;
import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigestComposerTest {

    private static final String PUT = "ObjectCreated:Put";
    private static final String DELETE = "ObjectRemoved:Delete";
    private static final String TAG = "ObjectTagging:Put";

    private static ObjectStory onlyStory(List<ObjectEvent> events) {
        Digest digest = compose(events);
        assertThat(digest.stories()).hasSize(1);
        return digest.stories().get(0);
    }

    @Test
    void compose_put_isCreated() {
        ObjectStory story = onlyStory(history("a.txt", PUT));

        assertThat(story.story()).isEqualTo("created");
        assertThat(story.outcome()).isEqualTo(NetOutcome.WRITTEN);
    }

    @Test
    void compose_delete_isRemoved() {
        ObjectStory story = onlyStory(history("a.txt", DELETE));

        assertThat(story.story()).isEqualTo("removed");
        assertThat(story.outcome()).isEqualTo(NetOutcome.REMOVED);
    }

    @Test
    void compose_putThenDelete_isCreatedThenRemoved() {
        ObjectStory story = onlyStory(history("a.txt", PUT, DELETE));

        assertThat(story.story()).isEqualTo("created then removed");
        assertThat(story.outcome()).isEqualTo(NetOutcome.TRANSIENT);
    }

    @Test
    void compose_deleteThenPut_isRemovedThenRecreated() {
        ObjectStory story = onlyStory(history("a.txt", DELETE, PUT));

        assertThat(story.story()).isEqualTo("removed then re-created");
        assertThat(story.outcome()).isEqualTo(NetOutcome.WRITTEN);
    }

    @Test
    void compose_threePuts_isCreatedThenOverwrittenTwice() {
        ObjectStory story =
                onlyStory(history("a.txt", PUT, "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload"));

        assertThat(story.story()).isEqualTo("created then overwritten 2 times");
        assertThat(story.outcome()).isEqualTo(NetOutcome.WRITTEN);
    }

    @Test
    void compose_twoPuts_isCreatedThenOverwrittenOnce() {
        assertThat(onlyStory(history("a.txt", PUT, PUT)).story()).isEqualTo("created then overwritten once");
    }

    @Test
    void compose_putAfterMetadataChange_isOverwritten() {
        ObjectStory story = onlyStory(history("a.txt", PUT, TAG, PUT, PUT));

        assertThat(story.story()).isEqualTo("created then tags changed then overwritten 2 times");
    }

    @Test
    void compose_deletePutDelete_isTransient() {
        ObjectStory story = onlyStory(history("a.txt", DELETE, PUT, DELETE));

        assertThat(story.story()).isEqualTo("removed then re-created then removed");
        assertThat(story.outcome()).isEqualTo(NetOutcome.TRANSIENT);
    }

    @Test
    void compose_consecutiveDeletes_readRemovedOnce() {
        ObjectStory story = onlyStory(history("a.txt", PUT, DELETE, DELETE));

        assertThat(story.story()).isEqualTo("created then removed");
    }

    @Test
    void compose_repeatedTagging_isCountedAndOther() {
        ObjectStory story = onlyStory(history("a.txt", TAG, TAG, TAG));

        assertThat(story.story()).isEqualTo("tags changed 3 times");
        assertThat(story.outcome()).isEqualTo(NetOutcome.OTHER);
        assertThat(story.bytesAdded()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ObjectRemoved:DeleteMarkerCreated             | delete marker added              | REMOVED
            LifecycleExpiration:Delete                    | expired (lifecycle)              | REMOVED
            LifecycleExpiration:DeleteMarkerCreated       | delete marker added (lifecycle)  | REMOVED
            ReducedRedundancyLostObject                   | lost (reduced redundancy)        | REMOVED
            ObjectRestore:Post                            | restore requested                | OTHER
            ObjectRestore:Completed                       | restored                         | OTHER
            ObjectRestore:Delete                          | restored copy expired            | OTHER
            ObjectTagging:Put                             | tags changed                     | OTHER
            ObjectTagging:Delete                          | tags removed                     | OTHER
            ObjectAcl:Put                                 | ACL changed                      | OTHER
            LifecycleTransition                           | storage class changed            | OTHER
            IntelligentTiering                            | storage class changed            | OTHER
            Replication:OperationFailedReplication        | replication failed replication   | OTHER
            Replication:OperationMissedThreshold          | replication missed threshold     | OTHER
            s3:ObjectAcl:Put                              | ACL changed                      | OTHER
            """)
    void compose_singleEvent_usesShortVerb(String eventName, String expectedStory, NetOutcome expectedOutcome) {
        ObjectStory story = onlyStory(history("a.txt", eventName));

        assertThat(story.story()).isEqualTo(expectedStory);
        assertThat(story.outcome()).isEqualTo(expectedOutcome);
    }

    @Test
    void compose_deleteMarkerThenPut_isRecreated() {
        ObjectStory story = onlyStory(history("a.txt", PUT, "ObjectRemoved:DeleteMarkerCreated", PUT));

        assertThat(story.story()).isEqualTo("created then delete marker added then re-created");
        assertThat(story.outcome()).isEqualTo(NetOutcome.WRITTEN);
    }

    @Test
    void compose_sequencerOrderBeatsEventTime() {
        ObjectEvent deleteFirst = delete("a.txt").atSecond(30).sequencer("0055AED6DCD90281E5").build();
        ObjectEvent putSecond = put("a.txt").atSecond(10).sequencer("0055AED6DCD90281E6").build();

        ObjectStory story = onlyStory(List.of(putSecond, deleteFirst));

        assertThat(story.story()).isEqualTo("removed then re-created");
        assertThat(story.events()).containsExactly(deleteFirst, putSecond);
    }

    @Test
    void compose_sequencersOfDifferentLength_arePaddedWithZeros() {
        ObjectEvent first = put("a.txt").atSecond(9).sequencer("0A").build();
        ObjectEvent second = delete("a.txt").atSecond(1).sequencer("0a01").build();

        assertThat(onlyStory(List.of(second, first)).story()).isEqualTo("created then removed");
    }

    @Test
    void compose_eventWithoutSequencer_ordersTheObjectByEventTime() {
        ObjectEvent put = put("a.txt").atSecond(1).sequencer("02").build();
        ObjectEvent tag = event(TAG, "a.txt").atSecond(2).build();
        ObjectEvent delete = delete("a.txt").atSecond(3).sequencer("01").build();

        assertThat(onlyStory(List.of(delete, tag, put)).story()).isEqualTo("created then tags changed then removed");
    }

    @Test
    void compose_sameEventTimeWithoutSequencers_isDeterministic() {
        List<ObjectEvent> events = List.of(
                put("a.txt").size(1L).build(), put("a.txt").size(2L).build(), delete("a.txt").build(),
                event(TAG, "a.txt").build());
        Digest expected = compose(events);

        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            List<ObjectEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            assertThat(compose(shuffled)).isEqualTo(expected);
        }
    }

    @Test
    void compose_duplicateDeliveries_countOnce() {
        List<ObjectEvent> put = history("a.txt", PUT);
        List<ObjectEvent> delivered = List.of(put.get(0), put.get(0), put.get(0));

        Digest digest = compose(delivered);

        assertThat(digest.stories().get(0).story()).isEqualTo("created");
        assertThat(digest.stories().get(0).events()).hasSize(1);
        assertThat(digest.summary().events()).isEqualTo(1);
        assertThat(digest.summary().duplicatesIgnored()).isEqualTo(2);
        assertThat(digest.summary().count(EventKind.CREATED)).isEqualTo(1);
    }

    @Test
    void compose_writtenObject_addsFinalSize() {
        ObjectStory story = onlyStory(List.of(
                put("a.txt").atSecond(1).sequencer("01").size(100).build(),
                put("a.txt").atSecond(2).sequencer("02").size(250).build()));

        assertThat(story.bytesAdded()).isEqualTo(250);
        assertThat(story.finalSize()).isEqualTo(250L);
        assertThat(story.bytesRemoved()).isZero();
    }

    @Test
    void compose_createdThenRemoved_removesNothingThatExistedBefore() {
        ObjectStory story = onlyStory(List.of(
                put("a.txt").atSecond(1).sequencer("01").size(100).build(),
                delete("a.txt").atSecond(2).sequencer("02").build()));

        assertThat(story.bytesRemoved()).isZero();
        assertThat(story.bytesAdded()).isZero();
        assertThat(story.finalSize()).isNull();
        assertThat(story.change()).isEqualTo(ObjectStory.Change.CREATED_AND_REMOVED);
    }

    @Test
    void compose_deleteWithoutSize_removesSizeAnEarlierEventOfTheExistingObjectTold() {
        ObjectStory story = onlyStory(List.of(
                event(TAG, "a.txt").atSecond(1).sequencer("01").size(100).build(),
                delete("a.txt").atSecond(2).sequencer("02").build()));

        assertThat(story.bytesRemoved()).isEqualTo(100);
        assertThat(story.change()).isEqualTo(ObjectStory.Change.REMOVED);
    }

    @Test
    void compose_removalWithSize_removesItsOwnSize() {
        ObjectStory story = onlyStory(List.of(event("LifecycleExpiration:Delete", "a.txt").size(4096).build()));

        assertThat(story.bytesRemoved()).isEqualTo(4096);
    }

    @Test
    void compose_putReplacingAVersionTheHistoryKnew_isOverwrittenAndRemovesItsSize() {
        ObjectStory story = onlyStory(List.of(
                put("a.txt").atSecond(1).sequencer("01").size(1_500L).replacing(T0.minusSeconds(3600), 1_000L)
                        .build()));

        assertThat(story.story()).isEqualTo("overwritten once");
        assertThat(story.existedBefore()).isTrue();
        assertThat(story.change()).isEqualTo(ObjectStory.Change.OVERWRITTEN);
        assertThat(story.bytesAdded()).isEqualTo(1_500);
        assertThat(story.bytesRemoved()).isEqualTo(1_000);
        assertThat(story.sizeBefore()).isEqualTo(1_000L);
    }

    @Test
    void compose_putWithoutPreviousVersion_staysCreated() {
        ObjectStory story = onlyStory(List.of(put("a.txt").size(10L).build()));

        assertThat(story.existedBefore()).isFalse();
        assertThat(story.change()).isEqualTo(ObjectStory.Change.CREATED);
        assertThat(story.bytesRemoved()).isZero();
        assertThat(story.sizeBefore()).isNull();
    }

    @Test
    void compose_overwriteThenDelete_removesOnlyTheReplacedVersion() {
        ObjectStory story = onlyStory(List.of(
                put("a.txt").atSecond(1).sequencer("01").size(300L).replacing(T0.minusSeconds(60), 200L).build(),
                delete("a.txt").atSecond(2).sequencer("02").replacing(T0.plusSeconds(1), 300L).build()));

        assertThat(story.change()).isEqualTo(ObjectStory.Change.REMOVED);
        assertThat(story.bytesRemoved()).as("the 300 B written in the digest were never counted as added")
                .isEqualTo(200);
    }

    @Test
    void compose_deleteWithoutSize_removesTheSizeTheHistoryKnew() {
        ObjectStory story = onlyStory(List.of(delete("a.txt").replacing(T0.minusSeconds(60), 21L).build()));

        assertThat(story.bytesRemoved()).isEqualTo(21);
        assertThat(story.change()).isEqualTo(ObjectStory.Change.REMOVED);
    }

    @Test
    void compose_deleteOfObjectWrittenBeforeTheDigest_removesNothingKnown() {
        ObjectStory story = onlyStory(history("a.txt", DELETE));

        assertThat(story.bytesRemoved()).isZero();
    }

    @Test
    void compose_putsAndDeletesAlternating_removeNothingThatExistedBefore() {
        ObjectStory story = onlyStory(List.of(
                put("a.txt").atSecond(1).sequencer("01").size(10).build(),
                delete("a.txt").atSecond(2).sequencer("02").build(),
                delete("a.txt").atSecond(3).sequencer("03").build(),
                put("a.txt").atSecond(4).sequencer("04").size(20).build(),
                delete("a.txt").atSecond(5).sequencer("05").build()));

        assertThat(story.bytesRemoved()).isZero();
        assertThat(story.outcome()).isEqualTo(NetOutcome.TRANSIENT);
    }

    @Test
    void compose_summary_countsKindsOutcomesPrefixesBytesAndTimes() {
        List<ObjectEvent> events = new ArrayList<>();
        events.add(put("logs/a.log").at(T0).size(1_000).build());
        events.add(put("logs/b.log").at(T0.plusSeconds(30)).size(2_000).build());
        events.add(put("logs/b.log").at(T0.plusSeconds(61)).size(3_000).build());
        events.add(put("tmp/x").at(T0.plusSeconds(62)).size(500).build());
        events.add(delete("tmp/x").at(T0.plusSeconds(63)).build());
        events.add(delete("old.csv").at(T0.plusSeconds(125)).build());
        events.add(event(TAG, "readme.md").at(T0.plusSeconds(130)).build());
        events.add(events.get(0));

        DigestSummary summary = compose(events).summary();

        assertThat(summary.objects()).isEqualTo(5);
        assertThat(summary.events()).isEqualTo(7);
        assertThat(summary.duplicatesIgnored()).isEqualTo(1);
        assertThat(summary.eventsByKind()).containsOnly(
                entry(EventKind.CREATED, 4), entry(EventKind.REMOVED, 2), entry(EventKind.TAGGING, 1));
        assertThat(summary.objectsByOutcome()).containsOnly(
                entry(NetOutcome.WRITTEN, 2), entry(NetOutcome.TRANSIENT, 1), entry(NetOutcome.REMOVED, 1),
                entry(NetOutcome.OTHER, 1));
        assertThat(summary.objectsByTopLevelPrefix()).containsExactly(
                entry("(root)", 2), entry("logs/", 2), entry("tmp/", 1));
        assertThat(summary.bytesAdded()).isEqualTo(4_000);
        assertThat(summary.bytesRemoved()).as("tmp/x was created in the digest, old.csv's size is unknown").isZero();
        assertThat(summary.firstEventTime()).isEqualTo(T0);
        assertThat(summary.lastEventTime()).isEqualTo(T0.plusSeconds(130));
        assertThat(summary.eventsPerMinute()).containsExactly(
                entry(T0, 2), entry(T0.plusSeconds(60), 3), entry(T0.plusSeconds(120), 2));
        assertThat(summary.buckets()).containsExactly(BUCKET);
    }

    @Test
    void compose_stories_areSortedByKeyThenBucket() {
        Digest digest = compose(List.of(
                put("b").bucket("zeta").build(), put("a").bucket("zeta").build(), put("b").bucket("alpha").build(),
                put("A").bucket("zeta").build()));

        assertThat(digest.stories()).extracting(story -> story.key() + "@" + story.bucket())
                .containsExactly("A@zeta", "a@zeta", "b@alpha", "b@zeta");
        assertThat(digest.summary().buckets()).containsExactly("alpha", "zeta");
    }

    @Test
    void compose_digest_takesIdScopeAndTimesFromArguments() {
        Instant createdAt = T0.plusSeconds(900);

        Digest digest = new DigestComposer().compose(DIGEST_ID, SUBSCRIPTION, history("a", PUT), createdAt);

        assertThat(digest.id()).isEqualTo(DIGEST_ID);
        assertThat(digest.subscriptionId()).isEqualTo("team-a");
        assertThat(digest.scope()).isEqualTo(BUCKET + " · every kind");
        assertThat(digest.createdAt()).isEqualTo(createdAt);
    }

    @Test
    void compose_noEvents_isRejected() {
        assertThatThrownBy(() -> compose(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one event");
    }

    @Test
    void composer_tooFewStoryPhrases_isRejected() {
        assertThatThrownBy(() -> new DigestComposer(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compose_longAlternatingHistory_keepsBeginningAndEnd() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String name = i % 2 == 0 ? PUT : DELETE;
            events.add(event(name, "hot.bin").atSecond(i).sequencer(sequencer(i + 1)).build());
        }

        ObjectStory story = onlyStory(events);

        assertThat(story.story())
                .startsWith("created then removed then re-created then removed")
                .contains("… 9,988 more steps …")
                .endsWith("then removed");
        assertThat(story.events()).hasSize(10_000);
        assertThat(story.outcome()).isEqualTo(NetOutcome.TRANSIENT);
    }

    @Test
    void compose_manyEventsAndObjects_staysFast() {
        List<ObjectEvent> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            String key = "bulk/" + (i % 5_000) + ".jpg";
            events.add(put(key).atSecond(i / 100).sequencer(sequencer(i + 1)).size(i).build());
        }
        for (int i = 0; i < 10_000; i++) {
            events.add(event(TAG, "hot.txt").atSecond(i).build());
        }
        Collections.shuffle(events, new Random(1));

        Digest digest = assertTimeout(Duration.ofSeconds(10), () -> compose(events));

        assertThat(digest.stories()).hasSize(5_001);
        assertThat(digest.summary().events()).isEqualTo(30_000);
        assertThat(digest.stories().get(0).story()).isEqualTo("created then overwritten 3 times");
        assertThat(digest.stories().get(5_000).story()).isEqualTo("tags changed 10,000 times");
    }
}
