package io.bucketdigest.local;

import io.bucketdigest.emulator.AwsTestClients;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Reads the local pipeline's table for the demo and the end-to-end test: events, pending entries, digests. */
public final class PipelineInspector {

    private final AwsTestClients aws;
    private final String table;

    public PipelineInspector(AwsTestClients aws, String table) {
        this.aws = aws;
        this.table = table;
    }

    /** Every item of one type (EVENT, PENDING, DIGEST, ...). A scan: fine for a demo-sized table. */
    public List<Map<String, AttributeValue>> itemsOfType(String type) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = aws.dynamoDb().scan(b -> b.tableName(table).exclusiveStartKey(from)
                    .consistentRead(true)
                    .filterExpression("#t = :t")
                    .expressionAttributeNames(Map.of("#t", "type"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(type))));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Event ids a digest's durable record says it covers (its entry refs end in the event id). */
    public List<String> digestEventIds(String digestId) {
        List<String> ids = new ArrayList<>();
        QueryResponse response = aws.dynamoDb().query(b -> b.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :e)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("DIGEST#" + digestId),
                        ":e", AttributeValue.fromS("ENTRIES#"))));
        for (Map<String, AttributeValue> item : response.items()) {
            for (AttributeValue ref : item.get("refs").l()) {
                String text = ref.s();
                ids.add(text.substring(text.lastIndexOf('#') + 1));
            }
        }
        return ids;
    }

    /** All items of one object's history partition: its events and the notes naming the digests that reported them. */
    public List<Map<String, AttributeValue>> objectHistory(String bucket, String key) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS("OBJ#" + bucket + "#" + key));
        return aws.dynamoDb().query(b -> b.tableName(table).consistentRead(true).scanIndexForward(false)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(values)).items();
    }
}
