package io.bucketdigest.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventKindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            ObjectCreated:Put,                                  CREATED
            ObjectCreated:Post,                                 CREATED
            ObjectCreated:Copy,                                 CREATED
            ObjectCreated:CompleteMultipartUpload,              CREATED
            ObjectRemoved:Delete,                               REMOVED
            ObjectRemoved:DeleteMarkerCreated,                  DELETE_MARKER
            ObjectRestore:Post,                                 RESTORE
            ObjectRestore:Completed,                            RESTORE
            ObjectRestore:Delete,                               RESTORE
            ReducedRedundancyLostObject,                        LOST
            Replication:OperationFailedReplication,             REPLICATION
            Replication:OperationMissedThreshold,               REPLICATION
            Replication:OperationReplicatedAfterThreshold,      REPLICATION
            Replication:OperationNotTracked,                    REPLICATION
            LifecycleExpiration:Delete,                         LIFECYCLE
            LifecycleExpiration:DeleteMarkerCreated,            LIFECYCLE
            LifecycleTransition,                                LIFECYCLE
            IntelligentTiering,                                 INTELLIGENT_TIERING
            ObjectTagging:Put,                                  TAGGING
            ObjectTagging:Delete,                               TAGGING
            ObjectAcl:Put,                                      ACL
            s3:ObjectCreated:Put,                               CREATED
            s3:ObjectRemoved:DeleteMarkerCreated,               DELETE_MARKER
            s3:LifecycleTransition,                             LIFECYCLE
            """)
    void fromEventName_everyEventTypeS3Publishes_mapsToItsKind(String eventName, EventKind expected) {
        assertThat(EventKind.fromEventName(eventName)).contains(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "ObjectAccessed:Get", "TestEvent", "s3:TestEvent", "objectcreated:put", "Created"})
    void fromEventName_unknownName_isEmpty(String eventName) {
        assertThat(EventKind.fromEventName(eventName)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            created,               CREATED
            delete-marker,         DELETE_MARKER
            ' Intelligent-Tiering ', INTELLIGENT_TIERING
            LOST,                  LOST
            """)
    void parse_userFacingName_givesKind(String text, EventKind expected) {
        assertThat(EventKind.parse(text)).isEqualTo(expected);
    }

    @Test
    void parse_unknownName_listsTheValidNames() {
        assertThatThrownBy(() -> EventKind.parse("uploaded"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown event kind 'uploaded'; expected one of created, removed, delete-marker, restore, "
                        + "lifecycle, intelligent-tiering, replication, tagging, acl, lost");
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void displayName_parsesBackToTheSameKind(EventKind kind) {
        assertThat(EventKind.parse(kind.displayName())).isEqualTo(kind);
    }
}
