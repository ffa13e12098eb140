package io.bucketdigest.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Creates the history table exactly as template.yaml declares it: string keys {@code pk}/{@code sk}, one GSI
 * {@code gsi1} on {@code gsi1pk}/{@code gsi1sk} projecting ALL attributes, PAY_PER_REQUEST, TTL on {@code expiresAt}.
 * Attribute names are spelled out here on purpose (not taken from the adapters), so a drift between the adapters and
 * the template shows up as a failing test.
 */
public final class HistoryTableFixture {

    public static final String GSI1 = "gsi1";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    private HistoryTableFixture() {}

    /** Creates the table and waits until it is ACTIVE; returns its name. */
    public static String create(DynamoDbClient dynamoDb, String tableName) {
        dynamoDb.createTable(b -> b
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute("pk"), stringAttribute("sk"),
                        stringAttribute("gsi1pk"), stringAttribute("gsi1sk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(GSI1)
                        .keySchema(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build()));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        dynamoDb.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(TTL_ATTRIBUTE).enabled(true)));
        return tableName;
    }

    /** Every item of the table (paginated scan), for assertions on the exact stored state. */
    public static List<Map<String, AttributeValue>> scanAll(DynamoDbClient dynamoDb, String tableName) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            ScanResponse response = dynamoDb.scan(ScanRequest.builder()
                    .tableName(tableName)
                    .consistentRead(true)
                    .exclusiveStartKey(startKey)
                    .build());
            items.addAll(response.items());
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    /** The items whose {@code type} attribute equals {@code type} (EVENT, PENDING, STATE, ...). */
    public static List<Map<String, AttributeValue>> itemsOfType(
            DynamoDbClient dynamoDb, String tableName, String type) {
        return scanAll(dynamoDb, tableName).stream()
                .filter(item -> item.containsKey("type") && type.equals(item.get("type").s()))
                .toList();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
