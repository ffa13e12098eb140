package io.bucketdigest.aws.dynamodb;

import static io.bucketdigest.aws.dynamodb.EventItems.s;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.mail.MailEvent;
import io.bucketdigest.core.port.MailEvents;
import io.bucketdigest.core.port.TransientFailureException;
import io.bucketdigest.core.time.SortableTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Mail events in the digest's own partition ({@code DIGEST#id / MAIL#<time>#<TYPE>#<recipient>}): one PutItem per
 * event, so a redelivered event overwrites itself. They expire with the retention, counted from when they arrive
 * (the digest record's own TTL starts when it completes, which is before SES reports anything).
 */
public final class DynamoDbMailEvents implements MailEvents {

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Duration retention;
    private final Clock clock;

    public DynamoDbMailEvents(DynamoDbClient dynamoDb, String tableName, Duration retention, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void record(MailEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(HistoryTable.PK, s(HistoryTable.digestPk(event.digestId().value())));
        item.put(HistoryTable.SK, s(HistoryTable.mailEventSk(event.at(), event.type().name(), event.recipient())));
        item.put("type", s(HistoryTable.TYPE_MAIL_EVENT));
        item.put("eventType", s(event.type().name()));
        item.put("recipient", s(event.recipient()));
        item.put("at", s(SortableTime.format(event.at())));
        item.put("detail", s(event.detail()));
        item.put(HistoryTable.EXPIRES_AT, EventItems.n(clock.instant().plus(retention).getEpochSecond()));
        try {
            dynamoDb.putItem(b -> b.tableName(tableName).item(item));
        } catch (SdkException e) {
            throw new TransientFailureException("cannot record a " + event.type().displayName() + " of digest "
                    + event.digestId().value(), e);
        }
    }

    @Override
    public List<MailEvent> forDigest(DigestId digestId) {
        List<MailEvent> events = new ArrayList<>();
        try {
            for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(b -> b.tableName(tableName)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :mail)")
                    .expressionAttributeValues(Map.of(":pk", s(HistoryTable.digestPk(digestId.value())),
                            ":mail", s(HistoryTable.MAIL_EVENT_SK_PREFIX)))).items()) {
                events.add(new MailEvent(digestId, MailEvent.Type.valueOf(EventItems.str(item, "eventType")),
                        EventItems.str(item, "recipient"), SortableTime.parse(EventItems.str(item, "at")),
                        EventItems.str(item, "detail")));
            }
        } catch (SdkException e) {
            throw new TransientFailureException("cannot read the mail events of digest " + digestId.value(), e);
        }
        return events;
    }
}
