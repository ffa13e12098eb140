package io.bucketdigest.aws.dynamodb;

/**
 * The names of the table's non-key attributes (the keys and the TTL attribute are in {@link HistoryTable}). Only the
 * adapters in this package name them; ItemAttributesTest keeps this list complete, and TableLayoutStaysInAdaptersTest
 * keeps the names out of every other module's main code.
 */
public final class ItemAttributes {

    /** Which kind of item it is: one of the {@code HistoryTable.TYPE_*} values. */
    public static final String TYPE = "type";

    // An S3 event, on history, pending and parked items (EventItems).
    public static final String EVENT_ID = "eventId";
    public static final String BUCKET = "bucket";
    public static final String OBJECT_KEY = "objectKey";
    public static final String KIND = "kind";
    public static final String EVENT_NAME = "eventName";
    public static final String EVENT_TIME = "eventTime";
    public static final String REGION = "region";
    public static final String VERSION_ID = "versionId";
    public static final String SEQUENCER = "sequencer";
    public static final String E_TAG = "eTag";
    public static final String SIZE = "size";
    public static final String REQUESTER = "requester";
    public static final String SOURCE_IP = "sourceIp";
    /** The object's version the event replaced or removed (ObjectEvent.PreviousVersion), on pending items only. */
    public static final String PREVIOUS_EVENT_TIME = "previousEventTime";
    public static final String PREVIOUS_SIZE = "previousSize";

    // History, pending, parked and note items.
    public static final String INGESTED_AT = "ingestedAt";
    public static final String MESSAGE_ID = "messageId";
    public static final String SUBSCRIPTIONS = "subscriptions";
    public static final String SUBSCRIPTION_ID = "subscriptionId";
    public static final String DIGEST_ID = "digestId";

    // Digest records and their entry chunks.
    public static final String REFS = "refs";
    public static final String STATUS = "status";
    public static final String ENTRY_COUNT = "entryCount";
    public static final String FIRST_EVENT_TIME = "firstEventTime";
    public static final String LAST_EVENT_TIME = "lastEventTime";
    public static final String CREATED_AT = "createdAt";
    public static final String RECIPIENTS = "recipients";
    public static final String SEND_STARTED_AT = "sendStartedAt";
    public static final String SENT_AT = "sentAt";
    public static final String SES_MESSAGE_ID = "sesMessageId";
    public static final String SUBJECT = "subject";
    public static final String FAILURE_REASON = "failureReason";
    public static final String FAILED_ATTEMPTS = "failedAttempts";
    public static final String POSSIBLE_DUPLICATE = "possibleDuplicate";

    // Subscription state items.
    public static final String FIRST_PENDING_AT = "firstPendingAt";
    public static final String LAST_ARRIVAL_AT = "lastArrivalAt";
    public static final String ARRIVAL_SEQ = "arrivalSeq";
    public static final String LEASE_OWNER = "leaseOwner";
    public static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
    public static final String RELEASED_BY = "releasedBy";
    public static final String ACTIVE_DIGEST_ID = "activeDigestId";
    public static final String EXCLUDED_COUNT = "excludedCount";
    public static final String LAST_DIGEST_ID = "lastDigestId";

    // Subscriptions.
    public static final String PREFIXES = "prefixes";
    public static final String KINDS = "kinds";
    public static final String QUIET_PERIOD_SECONDS = "quietPeriodSeconds";
    public static final String MAX_DELAY_SECONDS = "maxDelaySeconds";
    public static final String MAX_ENTRIES = "maxEntries";
    public static final String TIME_ZONE = "timeZone";
    public static final String EXCLUSIONS = "exclusions";
    public static final String SCHEDULE = "schedule";

    // Digest records: where a digest stands in a burst spread over several (absent on a whole digest).
    public static final String PART_NUMBER = "partNumber";
    public static final String PART_CUT = "partCut";
    public static final String PREVIOUS_DIGEST_ID = "previousDigestId";
    public static final String PREVIOUS_CREATED_AT = "previousCreatedAt";

    // Mail events.
    public static final String EVENT_TYPE = "eventType";
    public static final String RECIPIENT = "recipient";
    public static final String AT = "at";
    public static final String DETAIL = "detail";

    private ItemAttributes() {}
}
