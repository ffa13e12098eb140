package io.bucketdigest.aws.dynamodb;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Merges queries that are each sorted in the same order into one sorted stream (a k-way merge): the 16 bucket-index
 * shards, or the digests of several subscriptions. Each query reads its next page only when the merge reaches it.
 */
final class MergedIterator<T> implements Iterator<T> {

    private final List<PagedQuery<T>> queries;
    private final Comparator<T> order;

    MergedIterator(List<PagedQuery<T>> queries, Comparator<T> order) {
        this.queries = queries;
        this.order = order;
    }

    @Override
    public boolean hasNext() {
        for (PagedQuery<T> query : queries) {
            if (query.peek() != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public T next() {
        PagedQuery<T> best = null;
        for (PagedQuery<T> query : queries) {
            T head = query.peek();
            if (head != null && (best == null || order.compare(head, best.peek()) < 0)) {
                best = query;
            }
        }
        if (best == null) {
            throw new NoSuchElementException();
        }
        return best.next();
    }

    int pagesRead() {
        return queries.stream().mapToInt(PagedQuery::pages).sum();
    }
}
