package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

class BatchReaderTest {

    private static final String TABLE = "history";

    /** Answers each request with the first {@code served} of its keys as items and the rest as unprocessed. */
    private static class ThrottlingDynamoDb implements DynamoDbClient {
        final List<BatchGetItemRequest> requests = new ArrayList<>();
        private final int served;

        ThrottlingDynamoDb(int served) {
            this.served = served;
        }

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            requests.add(request);
            KeysAndAttributes asked = request.requestItems().get(TABLE);
            List<Map<String, AttributeValue>> keys = asked.keys();
            int now = Math.min(served, keys.size());
            BatchGetItemResponse.Builder response = BatchGetItemResponse.builder()
                    .responses(Map.of(TABLE, keys.subList(0, now)));
            if (now < keys.size()) {
                response.unprocessedKeys(Map.of(TABLE, asked.toBuilder().keys(keys.subList(now, keys.size())).build()));
            }
            return response.build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    private static List<Map<String, AttributeValue>> keys(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> Map.of(HistoryTable.PK, AttributeValue.fromS("p" + i),
                        HistoryTable.SK, AttributeValue.fromS("s" + i)))
                .toList();
    }

    @Test
    void getAll_unprocessedKeys_areAskedAgainUntilEveryItemIsRead() {
        ThrottlingDynamoDb dynamoDb = new ThrottlingDynamoDb(40);
        List<Map<String, AttributeValue>> keys = keys(130);

        List<Map<String, AttributeValue>> found = BatchReader.getAll(dynamoDb, TABLE, keys, null);

        assertThat(found).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(dynamoDb.requests).extracting(r -> r.requestItems().get(TABLE).keys().size())
                .containsExactly(100, 60, 20, 30);
        assertThat(dynamoDb.requests).allSatisfy(r -> assertThat(r.requestItems().get(TABLE).consistentRead())
                .isTrue());
    }

    @Test
    void getAll_failedRequest_isTranslatedByTheHookWithItsAction() {
        DynamoDbClient failing = new ThrottlingDynamoDb(0) {
            @Override
            public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
                throw DynamoDbException.builder().message("boom").build();
            }
        };

        assertThatThrownBy(() -> BatchReader.getAll(failing, TABLE, keys(1), null,
                (action, failure) -> new IllegalStateException(action, failure)))
                .isInstanceOf(IllegalStateException.class).hasMessage("dynamodb:BatchGetItem");
    }
}
