package io.bucketdigest.aws.dynamodb;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One DynamoDB query read page by page on demand. A page may come back empty (a filter dropped every item) with
 * more to read, so {@link #peek()} keeps reading until it has an item or the query is exhausted.
 */
final class PagedQuery<T> {

    private final Function<Map<String, AttributeValue>, QueryRequest> request;
    private final Function<QueryRequest, QueryResponse> executor;
    private final Function<Map<String, AttributeValue>, T> mapper;
    private final Deque<T> buffer = new ArrayDeque<>();
    private Map<String, AttributeValue> startKey;
    private boolean exhausted;
    private int pages;

    PagedQuery(Function<Map<String, AttributeValue>, QueryRequest> request,
            Function<QueryRequest, QueryResponse> executor, Function<Map<String, AttributeValue>, T> mapper) {
        this.request = request;
        this.executor = executor;
        this.mapper = mapper;
    }

    /** The next item without consuming it, or null when there is none. */
    T peek() {
        while (buffer.isEmpty() && !exhausted) {
            QueryResponse response = executor.apply(request.apply(startKey));
            pages++;
            response.items().forEach(item -> buffer.add(mapper.apply(item)));
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            exhausted = startKey == null;
        }
        return buffer.peek();
    }

    T next() {
        T item = peek();
        if (item == null) {
            throw new NoSuchElementException();
        }
        return buffer.poll();
    }

    int pages() {
        return pages;
    }
}
