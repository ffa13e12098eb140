package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.digest.PendingRef;
import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The single-table layout. Every item has {@code pk}/{@code sk}; {@code gsi1pk}/{@code gsi1sk} overload one GSI.
 * See docs/architecture.md for the access patterns each key serves. This class is the only place that spells a key;
 * {@link ItemAttributes} names the other attributes. Nothing outside aws-adapters spells either
 * (TableLayoutStaysInAdaptersTest checks it).
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

    public static final String EVENT_SK_PREFIX = "EVT#";

    public static String eventSk(Instant eventTime, EventId id) {
        return EVENT_SK_PREFIX + SortableTime.format(eventTime) + "#" + id.value();
    }

    /** Range bounds of a time-ordered sort key: '0' sorts before and '~' after every time stamp. */
    private static final String BEFORE_ANY_TIME = "0";
    private static final String AFTER_ANY_TIME = "~";
    /** Appended to a time stamp, sorts after every {@code <time>#<id>} of that time ('$' follows '#'). */
    private static final String AFTER_THIS_TIME = "$";

    /** Lowest event sort key at or after {@code since} (null: the first event). */
    static String eventSkFrom(Instant since) {
        return EVENT_SK_PREFIX + (since == null ? "" : SortableTime.format(since));
    }

    /** Highest event sort key at or before {@code until} (null: the last event). */
    static String eventSkTo(Instant until) {
        return EVENT_SK_PREFIX + timeTo(until);
    }

    /** Lower bound of a {@code <time>#<id>} sort key (bucket index, digests index); null: open. */
    static String timeFrom(Instant since) {
        return since == null ? BEFORE_ANY_TIME : SortableTime.format(since);
    }

    /** Upper bound of a {@code <time>#<id>} sort key, inclusive of {@code until}; null: open. */
    static String timeTo(Instant until) {
        return until == null ? AFTER_ANY_TIME : SortableTime.format(until) + AFTER_THIS_TIME;
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

    /** The id of the event a pending entry holds, read from its ref's sort key. */
    public static String pendingEventId(PendingRef ref) {
        return ref.sortKey().substring(ref.sortKey().lastIndexOf('#') + 1);
    }

    public static String statePk(String subscriptionId) {
        return "SUBSTATE#" + subscriptionId;
    }

    public static final String STATE_SK = "STATE";

    public static String digestPk(String digestId) {
        return "DIGEST#" + digestId;
    }

    public static final String DIGEST_META_SK = "META";

    public static final String DIGEST_ENTRIES_SK_PREFIX = "ENTRIES#";

    public static String digestEntriesSk(int chunk) {
        return DIGEST_ENTRIES_SK_PREFIX + String.format("%04d", chunk);
    }

    public static final String PARKED_SK_PREFIX = "PARKED#";

    /** A quarantined digest's entry, kept in the digest's own partition: {@code PARKED#<shard>|<pending sk>}. */
    public static String parkedSk(String encodedRef) {
        return PARKED_SK_PREFIX + encodedRef;
    }

    /** The encoded pending ref a parked entry's sort key carries. */
    static String parkedRef(String parkedSk) {
        return parkedSk.substring(PARKED_SK_PREFIX.length());
    }

    public static final String MAIL_EVENT_SK_PREFIX = "MAIL#";

    /** What SES reported about a digest's mail, in the digest's partition: {@code MAIL#<time>#<TYPE>#<recipient>}. */
    public static String mailEventSk(Instant at, String type, String recipient) {
        return MAIL_EVENT_SK_PREFIX + SortableTime.format(at) + "#" + type + "#" + recipient;
    }

    public static String subscriptionDigestsGsiPk(String subscriptionId) {
        return "SUBDIGESTS#" + subscriptionId;
    }

    /** A digest record's sort key in its subscription's digests index: creation time, then id. */
    public static String subscriptionDigestsGsiSk(Instant createdAt, DigestId id) {
        return SortableTime.format(createdAt) + "#" + id.value();
    }

    public static final String SUBSCRIPTIONS_PK = "SUBSCRIPTION";

    /**
     * The table as template.yaml declares it (string keys, one GSI projecting ALL, on-demand), for the local runtime
     * and the tests; TTL on {@link #EXPIRES_AT} is a separate request, see {@link #create}.
     */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(stringAttribute(PK), stringAttribute(SK), stringAttribute(GSI1_PK),
                        stringAttribute(GSI1_SK))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(GSI1)
                        .keySchema(key(GSI1_PK, KeyType.HASH), key(GSI1_SK, KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    /** Creates the table, waits until it is ACTIVE and turns on TTL; returns its name. */
    public static String create(DynamoDbClient dynamoDb, String tableName) {
        dynamoDb.createTable(createTableRequest(tableName));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
        return tableName;
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
