package io.bucketdigest.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.normalize.Fixtures;
import io.bucketdigest.core.normalize.NormalizedMessage;
import io.bucketdigest.core.normalize.S3MessageNormalizer;
import io.bucketdigest.core.normalize.S3Records;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdTest {

    private static final Instant TIME = Instant.parse("2026-11-29T09:32:43.940Z");

    private final S3MessageNormalizer normalizer = new S3MessageNormalizer();

    private List<ObjectEvent> events(String body) {
        return ((NormalizedMessage.Events) normalizer.normalize(body)).events();
    }

    private EventId idOf(String body) {
        List<ObjectEvent> events = events(body);
        assertThat(events).hasSize(1);
        return events.get(0).id();
    }

    @Test
    void normalize_sameRecordInTwoDifferentSnsEnvelopes_hasTheSameEventId() {
        // GIVEN the same S3 record delivered twice by SNS (different SNS MessageId and Timestamp)
        String first = Fixtures.read("sns/object-created-put.json");
        String second = Fixtures.read("sns/object-created-put-redelivered.json");
        assertThat(first).isNotEqualTo(second);

        // WHEN
        EventId firstId = idOf(first);
        EventId secondId = idOf(second);

        // THEN
        assertThat(secondId).isEqualTo(firstId);
    }

    @Test
    void normalize_sameRecordRawAndEnveloped_hasTheSameEventId() {
        // GIVEN
        String raw = Fixtures.read("s3/object-created-put.json");
        String enveloped = Fixtures.read("sns/object-created-put.json");

        // WHEN / THEN
        assertThat(idOf(raw)).isEqualTo(idOf(enveloped));
    }

    @Test
    void normalize_sameRecordAloneAndInsideAMultiRecordMessage_hasTheSameEventId() {
        // GIVEN
        S3Records.Record record = S3Records.record().key("batch/one.txt");
        String alone = S3Records.message(record);
        String together = S3Records.message(S3Records.record().key("batch/zero.txt"), record);

        // WHEN
        EventId aloneId = idOf(alone);
        List<ObjectEvent> both = events(together);

        // THEN
        assertThat(both.get(1).id()).isEqualTo(aloneId);
        assertThat(both.get(0).id()).isNotEqualTo(aloneId);
    }

    @Test
    void normalize_sameKeyEncodedDifferently_hasTheSameEventId() {
        // GIVEN "a b+c" as real S3 encodes it and as a percent-encoder would
        String formEncoded = S3Records.record().key("a+b%2Bc").toMessage();
        String percentEncoded = S3Records.record().key("a%20b%2Bc").toMessage();

        // WHEN / THEN identity is computed on the decoded key
        assertThat(idOf(formEncoded)).isEqualTo(idOf(percentEncoded));
    }

    static Stream<Arguments> differentEvents() {
        return Stream.of(
                Arguments.of("bucket", (UnaryOperator<S3Records.Record>) r -> r.bucket("photos-dev")),
                Arguments.of("key", (UnaryOperator<S3Records.Record>) r -> r.key("photos/dog.jpg")),
                Arguments.of("eventName", (UnaryOperator<S3Records.Record>) r -> r.eventName("ObjectCreated:Copy")),
                Arguments.of("eventTime", (UnaryOperator<S3Records.Record>) r -> r.eventTime("2026-11-29T09:32:43.941Z")),
                Arguments.of("region", (UnaryOperator<S3Records.Record>) r -> r.region("eu-west-1")),
                Arguments.of("versionId", (UnaryOperator<S3Records.Record>) r -> r.versionId("otherVersion")),
                Arguments.of("no versionId", (UnaryOperator<S3Records.Record>) r -> r.versionId(null)),
                Arguments.of("sequencer", (UnaryOperator<S3Records.Record>) r -> r.sequencer("0055AED6DCD90281E6")),
                Arguments.of("eTag", (UnaryOperator<S3Records.Record>) r -> r.eTag("0cc175b9c0f1b6a831c399e269772661")),
                Arguments.of("size", (UnaryOperator<S3Records.Record>) r -> r.size(1025L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differentEvents")
    void normalize_recordsDifferingInOneIdentityField_haveDifferentEventIds(
            String field, UnaryOperator<S3Records.Record> change) {
        // GIVEN
        String original = S3Records.record().toMessage();
        String changed = change.apply(S3Records.record()).toMessage();

        // WHEN / THEN
        assertThat(idOf(changed)).as(field).isNotEqualTo(idOf(original));
    }

    @Test
    void normalize_deliveryOnlyFields_doNotChangeTheEventId() {
        // GIVEN requester and source IP describe the request, and a redelivery carries the same ones; the id must not
        // depend on them anyway (nor on responseElements), only on what identifies the event
        String original = S3Records.record().toMessage();
        String otherDeliveryDetails = S3Records.record().requester("AWS:OTHER").sourceIp("198.51.100.7").toMessage();

        // WHEN / THEN
        assertThat(idOf(otherDeliveryDetails)).isEqualTo(idOf(original));
    }

    @Test
    void normalize_motoPutAndCompleteMultipartUploadOfOneKeyAtTheSameTime_haveDifferentEventIds() {
        // GIVEN the emulator emits Put and CompleteMultipartUpload for one multipart upload
        S3Records.Record put = S3Records.record().withoutOptionalFields().eventTime("2026-11-29T09:32:45.100200");
        S3Records.Record complete = S3Records.record().withoutOptionalFields().eventTime("2026-11-29T09:32:45.100200")
                .eventName("ObjectCreated:CompleteMultipartUpload");

        // WHEN / THEN
        assertThat(idOf(put.toMessage())).isNotEqualTo(idOf(complete.toMessage()));
    }

    @Test
    void of_fieldsShiftedAcrossBoundaries_giveDifferentIds() {
        // GIVEN the same characters split differently between bucket and key
        EventId first = EventId.of("us-east-1", "ab", "c", "ObjectCreated:Put", TIME, null, null, null, null);
        EventId second = EventId.of("us-east-1", "a", "bc", "ObjectCreated:Put", TIME, null, null, null, null);

        // WHEN / THEN
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void of_sameFields_isStableAcrossCallsAndIs32LowerCaseHexCharacters() {
        // WHEN
        EventId first = EventId.of("us-east-1", "b", "k", "ObjectCreated:Put", TIME, "v", "s", "e", 1L);
        EventId second = EventId.of("us-east-1", "b", "k", "ObjectCreated:Put", TIME, "v", "s", "e", 1L);

        // THEN
        assertThat(first).isEqualTo(second);
        assertThat(first.value()).matches("[0-9a-f]{32}");
        assertThat(first.toString()).isEqualTo(first.value());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 16})
    void shard_manyIds_staysInRangeAndUsesEveryShard(int shardCount) {
        // GIVEN
        Set<Integer> seen = new HashSet<>();

        // WHEN
        for (int i = 0; i < 2_000; i++) {
            EventId id = EventId.of("us-east-1", "bulk", "upload/" + i, "ObjectCreated:Put", TIME, null, null, null, 1L);
            int shard = id.shard(shardCount);
            assertThat(shard).isBetween(0, shardCount - 1);
            assertThat(id.shard(shardCount)).isEqualTo(shard);
            seen.add(shard);
        }

        // THEN
        assertThat(seen).hasSize(shardCount);
    }

    @Test
    void constructor_valueThatIsNot32Characters_isRefused() {
        assertThatThrownBy(() -> new EventId("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 hex characters");
        assertThatThrownBy(() -> new EventId(null)).isInstanceOf(NullPointerException.class);
    }
}
