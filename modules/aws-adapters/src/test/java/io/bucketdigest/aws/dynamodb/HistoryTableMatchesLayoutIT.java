package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.emulator.AwsTestClients;
import io.bucketdigest.emulator.HistoryTableFixture;
import io.bucketdigest.testing.SharedMoto;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * test-support cannot depend on aws-adapters (aws-adapters' tests depend on it), so HistoryTableFixture spells the
 * table's keys itself; this keeps its table and the one HistoryTable creates (the local runtime's) the same.
 */
class HistoryTableMatchesLayoutIT {

    @Test
    void fixtureTable_hasTheKeysIndexAndTtlOfHistoryTable() {
        try (AwsTestClients clients = new AwsTestClients(SharedMoto.get().endpoint())) {
            DynamoDbClient dynamoDb = clients.dynamoDb();
            String fixture = HistoryTableFixture.create(dynamoDb, "fixture-" + UUID.randomUUID());
            String adapters = HistoryTable.create(dynamoDb, "layout-" + UUID.randomUUID());
            CreateTableRequest expected = HistoryTable.createTableRequest(adapters);

            for (String table : new String[] {fixture, adapters}) {
                TableDescription description = dynamoDb.describeTable(b -> b.tableName(table)).table();
                assertThat(description.keySchema()).containsExactlyElementsOf(expected.keySchema());
                assertThat(description.attributeDefinitions())
                        .containsExactlyInAnyOrderElementsOf(expected.attributeDefinitions());
                GlobalSecondaryIndexDescription index = description.globalSecondaryIndexes().get(0);
                assertThat(description.globalSecondaryIndexes()).hasSize(1);
                assertThat(index.indexName()).isEqualTo(expected.globalSecondaryIndexes().get(0).indexName());
                assertThat(index.keySchema()).containsExactlyElementsOf(expected.globalSecondaryIndexes().get(0)
                        .keySchema());
                assertThat(index.projection()).isEqualTo(expected.globalSecondaryIndexes().get(0).projection());
                assertThat(dynamoDb.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription()
                        .attributeName()).isEqualTo(HistoryTable.EXPIRES_AT);
            }
        }
    }
}
