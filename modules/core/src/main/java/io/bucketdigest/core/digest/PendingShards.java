package io.bucketdigest.core.digest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the oldest pending entries of a subscription across its shards, merged by ingest time ({@link PendingRef}
 * order), paging each shard only as far as the merge needs.
 *
 * <p>Why lazily: reading {@code limit} entries from every shard and sorting (the first design) reads up to
 * {@code shards x limit} items to keep {@code limit}; a 100,000-entry backlog read about 800,000 items to send ten
 * 10,000-entry digests. Entries are spread over the shards by a hash of the event id, so each shard holds about
 * {@code 1/shards} of the oldest {@code limit}: the first page of a shard asks for three quarters of that share, and a
 * shard that runs dry while the merge still needs entries is asked for its share of what is still missing. What is
 * read and not returned is what lies in the shards' last pages beyond the cut, a few entries per shard; it is bounded
 * by {@code shards x} the last page size, and the page size never drops below {@code limit / 100} so the tail does not
 * turn into many one-item queries. A full share as the first page overshoots in every shard that holds less than its
 * share (about half of them): at a limit of 101 that read 16 % more than it returned on average, three quarters read
 * 12 %, for about eight more queries per digest. With the hash spread this reads at most a quarter more than it
 * returns for a limit of a few dozen or more ({@code PendingShardsTest}: 100 to 100,000 entries over 8 shards); below
 * that, the shards' heads dominate (a limit of 1 reads one entry per non-empty shard, as any merge must). Entries piled
 * into a few shards cost at most the other shards' first pages on top: under twice what is returned.
 */
public final class PendingShards {

    /** Reads one shard's entries after {@code after} (exclusive; null from the start), ascending, at most {@code limit}. */
    @FunctionalInterface
    public interface ShardReader {
        Page read(int shard, PendingRef after, int limit);
    }

    /**
     * One page of a shard. {@code more} says the shard may hold entries after the last one (DynamoDB's
     * LastEvaluatedKey): a page cut by the limit or by the 1 MB response size.
     */
    public record Page(List<PendingEntry> entries, boolean more) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    private PendingShards() {}

    public static List<PendingEntry> oldest(int shards, int limit, ShardReader reader) {
        if (limit <= 0) {
            return List.of();
        }
        int firstPage = Math.max(1, ceilDiv(limit * 3 / 4, shards));
        int smallestPage = Math.max(1, limit / 100);
        List<Shard> open = new ArrayList<>(shards);
        for (int number = 0; number < shards; number++) {
            Shard shard = new Shard(number);
            shard.fetch(reader, firstPage);
            if (!shard.done()) {
                open.add(shard);
            }
        }
        List<PendingEntry> merged = new ArrayList<>(Math.min(limit, 1024));
        while (merged.size() < limit && !open.isEmpty()) {
            for (int i = 0; i < open.size(); ) {
                Shard shard = open.get(i);
                while (shard.buffer.isEmpty() && shard.more) {
                    int missing = limit - merged.size();
                    shard.fetch(reader, Math.min(missing, Math.max(smallestPage, ceilDiv(missing, open.size()))));
                }
                if (shard.done()) {
                    open.remove(i);
                } else {
                    i++;
                }
            }
            Shard oldest = null;
            for (Shard shard : open) {
                if (oldest == null || shard.head().ref().compareTo(oldest.head().ref()) < 0) {
                    oldest = shard;
                }
            }
            if (oldest != null) {
                merged.add(oldest.buffer.poll());
            }
        }
        return merged;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static final class Shard {
        private final int number;
        private final ArrayDeque<PendingEntry> buffer = new ArrayDeque<>();
        private PendingRef last;
        private boolean more = true;

        Shard(int number) {
            this.number = number;
        }

        void fetch(ShardReader reader, int pageSize) {
            Page page = reader.read(number, last, pageSize);
            buffer.addAll(page.entries());
            if (!page.entries().isEmpty()) {
                last = page.entries().get(page.entries().size() - 1).ref();
            }
            more = page.more();
        }

        PendingEntry head() {
            return buffer.peek();
        }

        boolean done() {
            return buffer.isEmpty() && !more;
        }
    }
}
