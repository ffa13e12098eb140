package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Strongly consistent BatchGetItem in groups of 100, retrying UnprocessedKeys with backoff; returns the items that
 * exist. The one batch-read loop of the table: every adapter that reads items by key goes through it.
 */
final class BatchReader {

    static final int MAX_BATCH = 100;
    private static final int MAX_ROUNDS = 8;

    private BatchReader() {}

    /** @param projection a projection expression, or null for whole items */
    static List<Map<String, AttributeValue>> getAll(
            DynamoDbClient dynamoDb, String tableName, List<Map<String, AttributeValue>> keys, String projection) {
        return getAll(dynamoDb, tableName, keys, projection, RequestFailures.transientFailures(tableName));
    }

    static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamoDb, String tableName,
            List<Map<String, AttributeValue>> keys, String projection, RequestFailures failures) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_BATCH) {
            Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + MAX_BATCH)))
                    .projectionExpression(projection)
                    .consistentRead(true)
                    .build());
            for (int round = 1; request != null; round++) {
                if (round > MAX_ROUNDS) {
                    throw new TransientFailureException("reads from " + tableName + " stayed unprocessed after "
                            + MAX_ROUNDS + " rounds");
                }
                if (round > 1) {
                    sleep(Math.min(2000L, 50L << round));
                }
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response;
                try {
                    response = dynamoDb.batchGetItem(b -> b.requestItems(current));
                } catch (SdkException e) {
                    throw failures.translate("dynamodb:BatchGetItem", e);
                }
                found.addAll(response.responses().getOrDefault(tableName, List.of()));
                request = response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()
                        ? response.unprocessedKeys() : null;
            }
        }
        return found;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException("interrupted while retrying unprocessed reads");
        }
    }
}
