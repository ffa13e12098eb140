package io.bucketdigest.aws.dynamodb;

import io.bucketdigest.core.port.TransientFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem in groups of 25, retrying UnprocessedItems with backoff until they are all written. */
final class BatchWriter {

    static final int MAX_BATCH = 25;
    private static final int MAX_ROUNDS = 8;

    private BatchWriter() {}

    static void writeAll(DynamoDbClient dynamoDb, String tableName, List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += MAX_BATCH) {
            writeBatch(dynamoDb, tableName, requests.subList(from, Math.min(requests.size(), from + MAX_BATCH)));
        }
    }

    /**
     * As {@link #writeAll}, with the groups of 25 written on {@code executor}, as many at once as it runs. Completes
     * when every group is done; exceptionally (a {@link TransientFailureException}) if any group failed.
     */
    static CompletableFuture<Void> writeAllAsync(
            DynamoDbClient dynamoDb, String tableName, List<WriteRequest> requests, Executor executor) {
        List<CompletableFuture<Void>> groups = new ArrayList<>();
        for (int from = 0; from < requests.size(); from += MAX_BATCH) {
            List<WriteRequest> group = List.copyOf(requests.subList(from, Math.min(requests.size(), from + MAX_BATCH)));
            groups.add(CompletableFuture.runAsync(() -> writeBatch(dynamoDb, tableName, group), executor));
        }
        return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new));
    }

    private static void writeBatch(DynamoDbClient dynamoDb, String tableName, List<WriteRequest> group) {
        List<WriteRequest> batch = new ArrayList<>(group);
        for (int round = 1; !batch.isEmpty(); round++) {
            if (round > MAX_ROUNDS) {
                throw new TransientFailureException(batch.size() + " writes to " + tableName
                        + " stayed unprocessed after " + MAX_ROUNDS + " rounds");
            }
            BatchWriteItemResponse response;
            try {
                response = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(tableName, List.copyOf(batch)))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            } catch (SdkException e) {
                throw new TransientFailureException("batch write to " + tableName + " failed", e);
            }
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(tableName, List.of()) : List.of();
            batch.clear();
            batch.addAll(unprocessed);
            if (!batch.isEmpty()) {
                sleep(Math.min(2000L, 50L << round));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailureException("interrupted while retrying unprocessed writes");
        }
    }
}
