package io.bucketdigest.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class S3MessageNormalizerTest {

    /** "Now" for the event time window; every fixture's time is before it. */
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final S3MessageNormalizer normalizer = new S3MessageNormalizer(Clock.fixed(NOW, ZoneOffset.UTC));

    private List<ObjectEvent> events(String body) {
        NormalizedMessage normalized = normalizer.normalize(body);
        assertThat(normalized).isInstanceOf(NormalizedMessage.Events.class);
        return ((NormalizedMessage.Events) normalized).events();
    }

    private ObjectEvent single(String body) {
        List<ObjectEvent> events = events(body);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private MalformedMessageException rejection(String body) {
        MalformedMessageException e =
                catchThrowableOfType(MalformedMessageException.class, () -> normalizer.normalize(body));
        assertThat(e).as("expected a MalformedMessageException").isNotNull();
        return e;
    }

    @Nested
    class EventTypes {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                object-created-put                               | CREATED             | ObjectCreated:Put                           | photos/2026/red flower+%/x€.jpg
                object-created-post                              | CREATED             | ObjectCreated:Post                          | uploads/form upload.txt
                object-created-copy                              | CREATED             | ObjectCreated:Copy                          | backups/2026-11-29/report.pdf
                object-created-complete-multipart-upload         | CREATED             | ObjectCreated:CompleteMultipartUpload       | videos/launch day/keynote.mp4
                object-removed-delete                            | REMOVED             | ObjectRemoved:Delete                        | photos/2026/old photo.jpg
                object-removed-delete-marker-created             | DELETE_MARKER       | ObjectRemoved:DeleteMarkerCreated           | docs/contract.pdf
                object-restore-post                              | RESTORE             | ObjectRestore:Post                          | archive/2019/ledger.csv
                object-restore-completed                         | RESTORE             | ObjectRestore:Completed                     | archive/2019/ledger.csv
                object-restore-delete                            | RESTORE             | ObjectRestore:Delete                        | archive/2019/ledger.csv
                reduced-redundancy-lost-object                   | LOST                | ReducedRedundancyLostObject                 | thumbnails/aéï.png
                replication-operation-failed-replication         | REPLICATION         | Replication:OperationFailedReplication      | data/part-0001.parquet
                replication-operation-missed-threshold           | REPLICATION         | Replication:OperationMissedThreshold        | data/part-0002.parquet
                replication-operation-replicated-after-threshold | REPLICATION         | Replication:OperationReplicatedAfterThreshold | data/part-0002.parquet
                replication-operation-not-tracked                | REPLICATION         | Replication:OperationNotTracked             | data/part-0003.parquet
                lifecycle-expiration-delete                      | LIFECYCLE           | LifecycleExpiration:Delete                  | expiration/delete
                lifecycle-expiration-delete-marker-created       | LIFECYCLE           | LifecycleExpiration:DeleteMarkerCreated     | expiration/delete-marker
                lifecycle-transition                             | LIFECYCLE           | LifecycleTransition                         | logs/2026/10/app.log.gz
                intelligent-tiering                              | INTELLIGENT_TIERING | IntelligentTiering                          | datasets/cold/survey.csv
                object-tagging-put                               | TAGGING             | ObjectTagging:Put                           | photos/2026/tagged.jpg
                object-tagging-delete                            | TAGGING             | ObjectTagging:Delete                        | photos/2026/tagged.jpg
                object-acl-put                                   | ACL                 | ObjectAcl:Put                               | public/index.html
                """)
        void normalize_rawS3EventOfEveryType_mapsKindKeepsEventNameAndDecodesKey(
                String fixture, EventKind kind, String eventName, String decodedKey) {
            // GIVEN a raw-delivered S3 notification of this type
            String body = Fixtures.read("s3/" + fixture + ".json");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.kind()).isEqualTo(kind);
            assertThat(event.eventName()).isEqualTo(eventName);
            assertThat(event.key()).isEqualTo(decodedKey);
            assertThat(event.bucket()).isEqualTo("photos-prod");
            assertThat(event.region()).isEqualTo("us-east-1");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "object-created-put", "object-created-post", "object-created-copy",
            "object-created-complete-multipart-upload", "object-removed-delete",
            "object-removed-delete-marker-created", "object-restore-post", "object-restore-completed",
            "object-restore-delete", "reduced-redundancy-lost-object", "replication-operation-failed-replication",
            "replication-operation-missed-threshold", "replication-operation-replicated-after-threshold",
            "replication-operation-not-tracked", "lifecycle-expiration-delete",
            "lifecycle-expiration-delete-marker-created", "lifecycle-transition", "intelligent-tiering",
            "object-tagging-put", "object-tagging-delete", "object-acl-put"})
        void normalize_snsEnvelopedS3EventOfEveryType_equalsTheRawDelivery(String fixture) {
            // GIVEN the same S3 message delivered raw and inside an SNS envelope
            String raw = Fixtures.read("s3/" + fixture + ".json");
            String enveloped = Fixtures.snsEnvelope(raw, "95df01b4-ee98-5cb9-9903-4c221d41eb5e");

            // WHEN
            ObjectEvent fromRaw = single(raw);
            ObjectEvent fromEnvelope = single(enveloped);

            // THEN
            assertThat(fromEnvelope).isEqualTo(fromRaw);
        }

        @Test
        void normalize_realSnsEnvelopeFixture_unwrapsTheS3Message() {
            // GIVEN
            String body = Fixtures.read("sns/lifecycle-expiration-delete.json");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.kind()).isEqualTo(EventKind.LIFECYCLE);
            assertThat(event.eventName()).isEqualTo("LifecycleExpiration:Delete");
            assertThat(event.key()).isEqualTo("expiration/delete");
            assertThat(event.requester()).isEqualTo("s3.amazonaws.com");
            assertThat(event.removesObject()).isTrue();
        }

        @Test
        void normalize_messageWithTwoRecords_givesBothEventsInRecordOrder() {
            // GIVEN
            String body = Fixtures.read("s3/two-records.json");

            // WHEN
            List<ObjectEvent> events = events(body);

            // THEN
            assertThat(events).extracting(ObjectEvent::key).containsExactly("batch/one.txt", "batch/two.txt");
            assertThat(events.get(0).id()).isNotEqualTo(events.get(1).id());
        }

        @Test
        void normalize_eventNameWithS3Prefix_isAcceptedAndKeptVerbatim() {
            // GIVEN
            String body = S3Records.record().eventName("s3:ObjectCreated:Put").toMessage();

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.kind()).isEqualTo(EventKind.CREATED);
            assertThat(event.eventName()).isEqualTo("s3:ObjectCreated:Put");
        }
    }

    @Nested
    class Fields {

        @Test
        void normalize_realPutWithEveryField_carriesEveryField() {
            // GIVEN
            String body = Fixtures.read("s3/object-created-put.json");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.bucket()).isEqualTo("photos-prod");
            assertThat(event.key()).isEqualTo("photos/2026/red flower+%/x€.jpg");
            assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-29T09:32:43.940Z"));
            assertThat(event.region()).isEqualTo("us-east-1");
            assertThat(event.versionId()).isEqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko");
            assertThat(event.sequencer()).isEqualTo("0055AED6DCD90281E5");
            assertThat(event.sequencerValue()).contains("0055AED6DCD90281E5");
            assertThat(event.eTag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
            assertThat(event.size()).isEqualTo(1_048_576L);
            assertThat(event.sizeBytes()).contains(1_048_576L);
            assertThat(event.requester()).isEqualTo("AWS:AIDAJDPLRKLG7UEXAMPLE");
            assertThat(event.sourceIp()).isEqualTo("203.0.113.15");
        }

        @Test
        void normalize_minimalRecord_toleratesEveryAbsentOptionalField() {
            // GIVEN a record with no userIdentity, requestParameters, size, eTag, versionId or sequencer
            String body = Fixtures.read("s3/minimal-record.json");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.key()).isEqualTo("tmp/scratch");
            assertThat(event.kind()).isEqualTo(EventKind.REMOVED);
            assertThat(event.versionId()).isNull();
            assertThat(event.sequencer()).isNull();
            assertThat(event.sequencerValue()).isEmpty();
            assertThat(event.eTag()).isNull();
            assertThat(event.size()).isNull();
            assertThat(event.sizeBytes()).isEmpty();
            assertThat(event.requester()).isNull();
            assertThat(event.sourceIp()).isNull();
        }

        @Test
        void normalize_deleteWithoutSizeAndETag_keepsSequencerAndVersion() {
            // GIVEN
            String body = Fixtures.read("s3/object-removed-delete-marker-created.json");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.size()).isNull();
            assertThat(event.eTag()).isNull();
            assertThat(event.versionId()).isEqualTo("Ri1Bv.kXUxoTxhQrP0Sx4a7ZRB2Cc8fL");
            assertThat(event.sequencer()).isEqualTo("0055AED6DCD9028C33");
        }

        @Test
        void normalize_sizeAsString_isReadAsNumber() {
            // GIVEN the docs' template shows "size" as a string; S3 sends a number, but both must work
            String body = S3Records.record().size(null).toMessage()
                    .replace("\"eTag\"", "\"size\":\"2048\",\"eTag\"");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.size()).isEqualTo(2048L);
        }

        @Test
        void normalize_zeroByteObject_keepsSizeZero() {
            // GIVEN
            String body = S3Records.record().size(0L).toMessage();

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.sizeBytes()).contains(0L);
        }

        @Test
        void normalize_recordWithoutRegion_isAcceptedWithNullRegion() {
            // GIVEN
            String body = S3Records.record().region(null).toMessage();

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.region()).isNull();
        }
    }

    @Nested
    class Keys {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                red+flower%2B%25%2Fx%E2%82%AC.jpg   | red flower+%/x€.jpg
                a+b                                 | a b
                a%20b                               | a b
                a%2Bb                               | a+b
                %2B%2B                              | ++
                dir%2Fsub%2Ffile.txt                | dir/sub/file.txt
                dir/sub/file.txt                    | dir/sub/file.txt
                100%25                              | 100%
                100%2525                            | 100%25
                caf%C3%A9.txt                       | café.txt
                %E6%97%A5%E6%9C%AC%E8%AA%9E.txt     | 日本語.txt
                emoji%F0%9F%98%80.png               | emoji😀.png
                plain-key_1.txt                     | plain-key_1.txt
                """)
        void normalize_encodedKey_isDecodedExactlyOnce(String rawKey, String expected) {
            // GIVEN
            String body = S3Records.record().key(rawKey).toMessage();

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.key()).isEqualTo(expected);
        }

        @Test
        void normalize_keyWithLiteralNonAsciiCharacters_isKeptAsIs() {
            // GIVEN an unencoded UTF-8 key (S3 encodes these, but a tolerant reader keeps them)
            String body = S3Records.record().key("café/ünïcode.txt").toMessage();

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.key()).isEqualTo("café/ünïcode.txt");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"100%-done.pdf", "done%2", "trailing%", "%ZZ", "caf%E9.jpg", "%C3", "%F0%9F%98"})
        void normalize_badlyPercentEncodedKey_isRejectedNamingTheKey(String rawKey) {
            // GIVEN
            String body = S3Records.record().key(rawKey).toMessage();

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo("Records[0] has a badly URL-encoded key '" + rawKey + "'");
        }
    }

    @Nested
    class Times {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                2026-11-29T09:32:43.940Z         | 2026-11-29T09:32:43.940Z
                2026-11-29T09:32:43Z             | 2026-11-29T09:32:43Z
                2026-11-29T09:32:43.940851       | 2026-11-29T09:32:43.940851Z
                2026-11-29T09:32:43              | 2026-11-29T09:32:43Z
                2026-11-29T10:32:43.940+01:00    | 2026-11-29T09:32:43.940Z
                2026-11-29T04:32:43.940-05:00    | 2026-11-29T09:32:43.940Z
                """)
        void normalize_eventTimeWithOrWithoutZone_isReadAsUtcInstant(String eventTime, Instant expected) {
            // GIVEN
            String body = S3Records.record().eventTime(eventTime).toMessage();

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.eventTime()).isEqualTo(expected);
        }

        @ParameterizedTest(name = "''{0}''")
        @ValueSource(strings = {"29/11/2026 09:32:43", "2026-11-29", "yesterday", "2026-13-01T00:00:00Z", ""})
        void normalize_unparseableEventTime_isRejectedNamingTheValue(String eventTime) {
            // GIVEN
            String body = S3Records.record().eventTime(eventTime).toMessage();

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo("Records[0] has an unparseable eventTime '" + eventTime + "'");
        }
    }

    @Nested
    class TestEvents {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                s3/test-event.json        | photos-prod
                sns/test-event.json       | photos-prod
                moto/test-event.json      | moto-bucket
                moto/sns-test-event.json  | moto-bucket
                """)
        void normalize_s3TestEvent_isRecognizedWithItsBucket(String fixture, String bucket) {
            // GIVEN
            String body = Fixtures.read(fixture);

            // WHEN
            NormalizedMessage normalized = normalizer.normalize(body);

            // THEN
            assertThat(normalized).isEqualTo(new NormalizedMessage.TestEvent(bucket));
        }
    }

    @Nested
    class Emulator {

        @Test
        void normalize_motoPut_readsZonelessTimeAsUtcAndDecodesQuotePlusKey() {
            // GIVEN moto's shape: no zone, microseconds, quote_plus key, no sequencer/versionId/identity
            String body = Fixtures.read("moto/object-created-put.json");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.bucket()).isEqualTo("moto-bucket");
            assertThat(event.key()).isEqualTo("nested/dir/my file+1.txt");
            assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-29T09:32:43.940851Z"));
            assertThat(event.kind()).isEqualTo(EventKind.CREATED);
            assertThat(event.size()).isEqualTo(11L);
            assertThat(event.eTag()).isEqualTo("5eb63bbbe01eeed093cb22bb8f5acdc3");
            assertThat(event.sequencer()).isNull();
            assertThat(event.versionId()).isNull();
            assertThat(event.requester()).isNull();
            assertThat(event.sourceIp()).isNull();
        }

        @Test
        void normalize_motoSnsEnvelope_givesTheSameEventAsRawDelivery() {
            // GIVEN moto's pretty-printed, key-sorted envelope of the same S3 message
            String enveloped = Fixtures.read("moto/sns-object-created-put.json");
            String raw = Fixtures.read("moto/object-created-put.json");

            // WHEN
            ObjectEvent fromEnvelope = single(enveloped);
            ObjectEvent fromRaw = single(raw);

            // THEN
            assertThat(fromEnvelope).isEqualTo(fromRaw);
        }

        @Test
        void normalize_motoMultipartAndDelete_mapToCreatedAndRemoved() {
            // GIVEN
            String multipart = Fixtures.read("moto/object-created-complete-multipart-upload.json");
            String delete = Fixtures.read("moto/object-removed-delete.json");

            // WHEN
            ObjectEvent created = single(multipart);
            ObjectEvent removed = single(delete);

            // THEN
            assertThat(created.kind()).isEqualTo(EventKind.CREATED);
            assertThat(created.key()).isEqualTo("big/upload.bin");
            assertThat(removed.kind()).isEqualTo(EventKind.REMOVED);
            assertThat(removed.key()).isEqualTo("nested/dir/my file+1.txt");
            assertThat(removed.id()).isNotEqualTo(single(Fixtures.read("moto/object-created-put.json")).id());
        }
    }

    @Nested
    class Malformed {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.bucketdigest.core.normalize.Fixtures#malformed")
        void normalize_malformedFixture_isRejectedWithReasonNamingTheProblem(Fixtures.CorpusCase malformed) {
            // GIVEN a case of the corpus in fixtures/malformed/INDEX.txt
            String body = malformed.body();

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo(malformed.note());
            assertThat(e).hasMessage(malformed.note());
        }

        @Test
        void malformedIndex_listsEveryFixtureFileOnceAndHasAtLeast40Cases() {
            // GIVEN
            List<String> listed = Fixtures.malformed().stream().map(Fixtures.CorpusCase::fixture).toList();

            // WHEN
            List<String> files = Fixtures.filesIn("malformed");

            // THEN a simulator reading the index sees the whole corpus, and nothing in it is untested
            assertThat(listed).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(files)
                    .hasSizeGreaterThanOrEqualTo(40);
        }

        @Test
        void rejectionReasons_carryNoRawControlCharactersAndStayShort() {
            // GIVEN a badly encoded key full of control characters and bidi overrides, far over the key limit
            String rawKey = "%ZZ\u0000\u001b[2J\n\u202e" + "x".repeat(5_000);
            String body = S3Records.record().key(rawKey).toMessage();

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN the reason (an SQS message attribute and a log field) shows them escaped and is cut short
            assertThat(e.reason())
                    .startsWith("Records[0] has a badly URL-encoded key '%ZZ\\u0000\\u001B[2J\\u000A\\u202Exxx")
                    .endsWith("…'")
                    .hasSizeLessThan(200)
                    .doesNotContainPattern("[\\p{Cc}\\p{Cf}]");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                empty-records.json                       | S3 notification with no Records
                record-without-bucket.json               | Records[0] has no s3.bucket.name
                record-without-key.json                  | Records[0] has no s3.object.key
                unknown-event-name.json                  | Records[0] has unknown eventName 'ObjectAccessed:Get'
                bad-event-time.json                      | Records[0] has an unparseable eventTime '29/11/2026 09:32:43'
                bad-percent-encoding.json                | Records[0] has a badly URL-encoded key 'reports/100%-done.pdf'
                second-record-without-key.json           | Records[1] has no s3.object.key
                size-negative.json                       | Records[0] has a negative s3.object.size '-1'
                key-over-1024-bytes.json                 | Records[0] has an s3.object.key of 1025 bytes, over S3's 1024-byte limit
                event-time-far-future.json               | Records[0] has eventTime '2099-01-01T00:00:00.000Z', more than 1 day in the future
                bucket-name-with-hash.json               | Records[0] has an invalid s3.bucket.name 'photos#prod' (S3 allows only letters, digits, '.', '-' and '_', at most 255)
                duplicate-key-field.json                 | SNS envelope Message has a duplicate JSON field 'key'
                """)
        void normalize_malformedS3MessageInsideSnsEnvelope_isRejectedWithTheSameReason(String fixture, String reason) {
            // GIVEN
            String body = Fixtures.snsEnvelope(Fixtures.read("malformed/" + fixture), "3d2c1b0a-9f8e-4d7c-b6a5");

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo(reason);
        }

        @Test
        void normalize_snsEnvelopeWithoutMessage_isRejectedWithReason() {
            // GIVEN
            String body = Fixtures.read("malformed/sns-without-message.json");

            // WHEN / THEN
            assertThatThrownBy(() -> normalizer.normalize(body))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessage("SNS envelope without Message");
        }

        @Test
        void normalize_snsEnvelopeWithNullMessage_isRejectedAsWithoutMessage() {
            // GIVEN
            String body = "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\","
                    + "\"Message\":null}";

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo("SNS envelope without Message");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\n"})
        void normalize_emptyBody_isRejectedAsEmpty(String body) {
            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo("empty message body");
        }

        @ParameterizedTest
        @ValueSource(strings = {"42", "\"a string\"", "null", "true"})
        void normalize_jsonScalarBody_isRejectedAsNotAnObject(String body) {
            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo("message body is JSON but not an object");
        }

        @Test
        void normalize_recordThatIsNotAnObject_isRejectedNamingTheRecord() {
            // GIVEN
            String body = "{\"Records\":[42]}";

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo("Records[0] has no s3 object");
        }

        @Test
        void normalize_oneBadRecordAmongGoodOnes_rejectsTheWholeMessage() {
            // GIVEN the first record is fine, the second has no key
            String body = Fixtures.read("malformed/second-record-without-key.json");

            // WHEN / THEN no partial result: the message is parked whole, so nothing is silently dropped
            assertThatThrownBy(() -> normalizer.normalize(body)).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Nested
    class Hostile {

        private static final String KEY_FIELD_RAW = "photos/2026/red+flower%2B%25%2Fx%E2%82%AC.jpg";

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.bucketdigest.core.normalize.Fixtures#hostile")
        void normalize_hostileButRealFixture_isAccepted(Fixtures.CorpusCase hostile) {
            // GIVEN a case of fixtures/hostile/INDEX.txt: something S3 can really send
            String body = hostile.body();

            // WHEN
            List<ObjectEvent> events = events(body);

            // THEN
            assertThat(events).isNotEmpty();
        }

        @Test
        void hostileIndex_listsEveryFixtureFileOnce() {
            assertThat(Fixtures.hostile().stream().map(Fixtures.CorpusCase::fixture).toList())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(Fixtures.filesIn("hostile"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                key-c0-controls.json           | c0/{NUL}nul{BEL}bel{BS}bs{VT}vt{FF}ff{LF}lf{CR}cr{TAB}tab.txt
                key-ansi-escapes.json          | logs/{ESC}[31mred{ESC}[0m{ESC}]0;pwned{BEL}{ESC}[2J.txt
                key-del-and-c1.json            | c1/{DEL}del{U+0080}pad{U+0085}nel{U+009B}csi.txt
                key-bidi-overrides.json        | invoice-{U+202E}gpj.exe/{U+202A}{U+202B}{U+202C}{U+202D}{U+2066}{U+2067}{U+2068}{U+2069}.txt
                key-line-separators.json       | notes/line{U+2028}sep{U+2029}para.txt
                key-json-escaped-controls.json | raw/{NUL}{ESC}[31m{U+202E}.txt
                key-html-and-formula.json      | =HYPERLINK("http://evil.example","x")<script>alert(1)</script>&amp;
                """)
        void normalize_keyWithControlOrBidiCharacters_keepsTheExactKey(String fixture, String spelledKey) {
            // GIVEN
            String body = Fixtures.read("hostile/" + fixture);

            // WHEN
            ObjectEvent event = single(body);

            // THEN the key is stored exactly as S3 has it; only rendering escapes it
            assertThat(event.key()).isEqualTo(unspell(spelledKey));
        }

        @Test
        void normalize_keyOfExactly1024Utf8Bytes_isAcceptedAndOneMoreByteIsNot() {
            // GIVEN 256 four-byte characters (512 UTF-16 units) make exactly 1,024 bytes
            String atLimit = "\uD83D\uDE00".repeat(256);

            // WHEN
            ObjectEvent accepted = single(S3Records.record().key(atLimit).toMessage());
            MalformedMessageException e = rejection(S3Records.record().key(atLimit + "a").toMessage());

            // THEN bytes count, not characters
            assertThat(accepted.key()).isEqualTo(atLimit);
            assertThat(e.reason())
                    .isEqualTo("Records[0] has an s3.object.key of 1025 bytes, over S3's 1024-byte limit");
        }

        @Test
        void normalize_sizeOf5TiB_isAcceptedAndOneByteMoreIsNot() {
            // WHEN
            ObjectEvent accepted = single(S3Records.record().size(5_497_558_138_880L).toMessage());
            MalformedMessageException e = rejection(S3Records.record().size(5_497_558_138_881L).toMessage());

            // THEN
            assertThat(accepted.size()).isEqualTo(5_497_558_138_880L);
            assertThat(e.reason())
                    .isEqualTo("Records[0] has s3.object.size '5497558138881', over S3's 5 TiB maximum object size");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                -9223372036854775808   | Records[0] has a negative s3.object.size '-9223372036854775808'
                9223372036854775807    | Records[0] has s3.object.size '9223372036854775807', over S3's 5 TiB maximum object size
                1e13                   | Records[0] has s3.object.size '1E+13', over S3's 5 TiB maximum object size
                0.5                    | Records[0] has a non-integer s3.object.size '0.5'
                -0.5                   | Records[0] has a negative s3.object.size '-0.5'
                '"12.5"'               | Records[0] has a non-integer s3.object.size '12.5'
                '"99999999999999999999"' | Records[0] has s3.object.size '99999999999999999999', over S3's 5 TiB maximum object size
                true                   | Records[0] has a non-numeric s3.object.size
                '{}'                   | Records[0] has a non-numeric s3.object.size
                """)
        void normalize_impossibleSize_isRejectedNamingTheValue(String sizeJson, String reason) {
            // GIVEN
            String body = S3Records.record().size(null).toMessage()
                    .replace("\"eTag\"", "\"size\":" + sizeJson + ",\"eTag\"");

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo(reason);
        }

        @Test
        void normalize_integralSizeWrittenAsDecimal_isTheSameSize() {
            // GIVEN a number with a zero fraction is still a whole byte count
            String body = S3Records.record().size(null).toMessage()
                    .replace("\"eTag\"", "\"size\":2048.0,\"eTag\"");

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.size()).isEqualTo(2048L);
        }

        @Test
        void normalize_eventTimeOneDayAhead_isAcceptedAndOneMillisecondMoreIsNot() {
            // GIVEN
            String atLimit = NOW.plus(Duration.ofDays(1)).toString();
            String past = NOW.plus(Duration.ofDays(1)).plusMillis(1).toString();

            // WHEN
            ObjectEvent accepted = single(S3Records.record().eventTime(atLimit).toMessage());
            MalformedMessageException e = rejection(S3Records.record().eventTime(past).toMessage());

            // THEN
            assertThat(accepted.eventTime()).isEqualTo(NOW.plus(Duration.ofDays(1)));
            assertThat(e.reason()).isEqualTo("Records[0] has eventTime '" + past + "', more than 1 day in the future");
        }

        @Test
        void normalize_eventTimeAtStartOf2006_isAcceptedAndOneMillisecondEarlierIsNot() {
            // WHEN
            ObjectEvent accepted = single(S3Records.record().eventTime("2006-01-01T00:00:00Z").toMessage());
            MalformedMessageException e =
                    rejection(S3Records.record().eventTime("2005-12-31T23:59:59.999Z").toMessage());

            // THEN
            assertThat(accepted.eventTime()).isEqualTo(S3MessageNormalizer.EARLIEST_EVENT_TIME);
            assertThat(e.reason())
                    .isEqualTo("Records[0] has eventTime '2005-12-31T23:59:59.999Z', before 2006 when S3 launched");
        }

        @Test
        void normalize_futureWindow_followsTheInjectedClock() {
            // GIVEN an event three days after NOW
            String body = S3Records.record().eventTime(NOW.plus(Duration.ofDays(3)).toString()).toMessage();
            S3MessageNormalizer later =
                    new S3MessageNormalizer(Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC));

            // WHEN / THEN it is too far ahead of NOW, but only a day ahead of a clock two days later
            assertThatThrownBy(() -> normalizer.normalize(body)).isInstanceOf(MalformedMessageException.class);
            assertThat(later.normalize(body)).isInstanceOf(NormalizedMessage.Events.class);
        }

        @Test
        void noArgConstructor_judgesEventTimesByTheSystemClock() {
            // GIVEN
            S3MessageNormalizer systemClock = new S3MessageNormalizer();
            Instant now = Instant.now();
            String recent = S3Records.record().eventTime(now.minusSeconds(60).toString()).toMessage();
            String nextWeek = S3Records.record().eventTime(now.plus(Duration.ofDays(7)).toString()).toMessage();

            // WHEN / THEN
            assertThat(systemClock.normalize(recent)).isInstanceOf(NormalizedMessage.Events.class);
            assertThatThrownBy(() -> systemClock.normalize(nextWeek))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageEndingWith("more than 1 day in the future");
        }

        @Test
        void normalize_100Records_areAcceptedAnd101AreNot() {
            // GIVEN
            List<S3Records.Record> records = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                records.add(S3Records.record().key("burst/" + i));
            }

            // WHEN
            List<ObjectEvent> accepted =
                    events(S3Records.message(records.subList(0, 100).toArray(S3Records.Record[]::new)));
            MalformedMessageException e = rejection(S3Records.message(records.toArray(S3Records.Record[]::new)));

            // THEN
            assertThat(accepted).hasSize(100);
            assertThat(e.reason())
                    .isEqualTo("S3 notification with 101 Records, over the limit of 100 (S3 sends one per message)");
        }

        @Test
        void normalize_bodyOfExactly256KiB_isReadToTheEnd() {
            // GIVEN a well-formed notification padded to SQS's maximum message size
            String body = Fixtures.read("hostile/body-exactly-256-kib.json");
            assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(S3MessageNormalizer.MAX_BODY_BYTES);

            // WHEN
            ObjectEvent event = single(body);

            // THEN
            assertThat(event.key()).isEqualTo("photos/2026/red flower+%/x€.jpg");
        }

        @Test
        void normalize_bodyLimit_countsUtf8BytesNotCharacters() {
            // GIVEN fewer than 262,144 characters that take more than 262,144 bytes (each € is three)
            String body = S3Records.record().key("€".repeat(90_000)).toMessage();
            assertThat(body.length()).isLessThan(S3MessageNormalizer.MAX_BODY_BYTES);

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason())
                    .startsWith("message body is ")
                    .endsWith(" bytes, over the 262144-byte SQS maximum message size");
        }

        @Test
        void normalize_duplicateDetection_leavesTheCallersMapperAsItWas() throws Exception {
            // GIVEN a mapper shared with other code, as the CLI does
            ObjectMapper shared = new ObjectMapper();
            S3MessageNormalizer withShared = new S3MessageNormalizer(shared, Clock.fixed(NOW, ZoneOffset.UTC));

            // WHEN
            MalformedMessageException e = catchThrowableOfType(MalformedMessageException.class,
                    () -> withShared.normalize(Fixtures.read("malformed/duplicate-key-field.json")));

            // THEN the normalizer rejects, and the shared mapper still reads duplicates its own way (last wins)
            assertThat(e.reason()).isEqualTo("message body has a duplicate JSON field 'key'");
            assertThat(shared.readTree("{\"a\":1,\"a\":2}").get("a").asInt()).isEqualTo(2);
        }

        /** Fixture keys spelled with {NAME} or {U+XXXX} for the characters a CSV row cannot hold. */
        private static String unspell(String spelled) {
            String text = spelled.replace("{NUL}", "\u0000").replace("{BEL}", "\u0007").replace("{BS}", "\b")
                    .replace("{VT}", "\u000B").replace("{FF}", "\f").replace("{LF}", "\n").replace("{CR}", "\r")
                    .replace("{TAB}", "\t").replace("{ESC}", "\u001B").replace("{DEL}", "\u007F");
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                if (text.startsWith("{U+", i)) {
                    int end = text.indexOf('}', i);
                    out.appendCodePoint(Integer.parseInt(text.substring(i + 3, end), 16));
                    i = end + 1;
                } else {
                    out.append(text.charAt(i++));
                }
            }
            return out.toString();
        }
    }
}
