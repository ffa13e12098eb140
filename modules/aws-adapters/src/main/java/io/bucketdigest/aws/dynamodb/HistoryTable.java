package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;

/**
 * The single-table layout. Every item has {@code pk}/{@code sk}; {@code gsi1pk}/{@code gsi1sk} overload one GSI.
 * See docs/architecture.md for the access patterns each key serves.
 */
public final class HistoryTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    public static final String EXPIRES_AT = "expiresAt";

    /** Bucket-time index shards: a 100,000-object burst to one bucket spreads over this many GSI partitions. */
    public static final int BUCKET_SHARDS = 16;
    /** Pending-entry shards per subscription. */
    public static final int PENDING_SHARDS = 8;

    public static final String TYPE_EVENT = "EVENT";
    public static final String TYPE_PENDING = "PENDING";
    public static final String TYPE_NOTE = "NOTE";
    public static final String TYPE_DIGEST = "DIGEST";
    public static final String TYPE_DIGEST_ENTRIES = "DIGEST_ENTRIES";
    public static final String TYPE_PARKED = "PARKED";
    public static final String TYPE_STATE = "STATE";
    public static final String TYPE_SUBSCRIPTION = "SUBSCRIPTION";
    public static final String TYPE_MAIL_EVENT = "MAIL_EVENT";

    private HistoryTable() {}

    public static String objectPk(String bucket, String key) {
        return "OBJ#" + bucket + "#" + key;
    }

    public static String eventSk(Instant eventTime, EventId id) {
        return "EVT#" + SortableTime.format(eventTime) + "#" + id.value();
    }

    public static String noteSk(EventId id, String subscriptionId) {
        return "NOTE#" + id.value() + "#" + subscriptionId;
    }

    public static String bucketShardPk(String bucket, int shard) {
        return "BKT#" + bucket + "#" + String.format("%02d", shard);
    }

    public static String bucketTimeSk(Instant eventTime, EventId id) {
        return SortableTime.format(eventTime) + "#" + id.value();
    }

    public static String pendingPk(String subscriptionId, int shard) {
        return "PENDING#" + subscriptionId + "#" + shard;
    }

    public static String pendingSk(Instant ingestedAt, EventId id) {
        return SortableTime.format(ingestedAt) + "#" + id.value();
    }

    public static String statePk(String subscriptionId) {
        return "SUBSTATE#" + subscriptionId;
    }

    public static final String STATE_SK = "STATE";

    public static String digestPk(String digestId) {
        return "DIGEST#" + digestId;
    }

    public static final String DIGEST_META_SK = "META";

    public static String digestEntriesSk(int chunk) {
        return String.format("ENTRIES#%04d", chunk);
    }

    public static final String PARKED_SK_PREFIX = "PARKED#";

    /** A quarantined digest's entry, kept in the digest's own partition: {@code PARKED#<shard>|<pending sk>}. */
    public static String parkedSk(String encodedRef) {
        return PARKED_SK_PREFIX + encodedRef;
    }

    public static final String MAIL_EVENT_SK_PREFIX = "MAIL#";

    /** What SES reported about a digest's mail, in the digest's partition: {@code MAIL#<time>#<TYPE>#<recipient>}. */
    public static String mailEventSk(Instant at, String type, String recipient) {
        return MAIL_EVENT_SK_PREFIX + SortableTime.format(at) + "#" + type + "#" + recipient;
    }

    public static String subscriptionDigestsGsiPk(String subscriptionId) {
        return "SUBDIGESTS#" + subscriptionId;
    }

    public static final String SUBSCRIPTIONS_PK = "SUBSCRIPTION";
}
