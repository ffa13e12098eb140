package io.bucketdigest.core.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bucketdigest.core.event.EventKind;
import io.bucketdigest.core.event.ObjectEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class S3MessageNormalizerTest {

    private final S3MessageNormalizer normalizer = new S3MessageNormalizer();

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
        @CsvSource(delimiter = '|', textBlock = """
                not-json.txt                             | message body is not JSON
                json-array.json                          | message body is JSON but not an object
                sns-without-message.json                 | SNS envelope without Message
                sns-message-not-json.json                | SNS envelope Message is not JSON
                sns-message-not-a-string.json            | SNS envelope Message is not a string
                sns-envelope-with-unknown-shape.json     | unknown message shape: neither an SNS envelope, an S3 notification with Records, nor s3:TestEvent
                unknown-shape.json                       | unknown message shape: neither an SNS envelope, an S3 notification with Records, nor s3:TestEvent
                empty-records.json                       | S3 notification with no Records
                records-not-an-array.json                | S3 notification with no Records
                record-without-s3.json                   | Records[0] has no s3 object
                record-without-bucket.json               | Records[0] has no s3.bucket.name
                record-with-empty-bucket-name.json       | Records[0] has no s3.bucket.name
                record-without-key.json                  | Records[0] has no s3.object.key
                record-without-object.json               | Records[0] has no s3.object.key
                second-record-without-key.json           | Records[1] has no s3.object.key
                record-without-event-name.json           | Records[0] has no eventName
                unknown-event-name.json                  | Records[0] has unknown eventName 'ObjectAccessed:Get'
                record-without-event-time.json           | Records[0] has no eventTime
                bad-event-time.json                      | Records[0] has an unparseable eventTime '29/11/2026 09:32:43'
                bad-percent-encoding.json                | Records[0] has a badly URL-encoded key 'reports/100%-done.pdf'
                truncated-percent-encoding.json          | Records[0] has a badly URL-encoded key 'reports/done%2'
                invalid-utf8-percent-encoding.json       | Records[0] has a badly URL-encoded key 'caf%E9.jpg'
                non-numeric-size.json                    | Records[0] has a non-numeric s3.object.size
                """)
        void normalize_malformedFixture_isRejectedWithReasonNamingTheProblem(String fixture, String reason) {
            // GIVEN
            String body = Fixtures.read("malformed/" + fixture);

            // WHEN
            MalformedMessageException e = rejection(body);

            // THEN
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e).hasMessage(reason);
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
}
