package io.bucketdigest.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.ObjectEvent;
import io.bucketdigest.core.time.SortableTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PendingShardsTest {

    private static final int SHARDS = 8;
    private static final int MAX_ENTRIES = 10_000;
    /** A pending item is under 1 KB (docs/architecture.md); DynamoDB stops a Query page at 1 MB. */
    private static final int ITEM_BYTES = 700;
    private static final int PAGE_BYTES = 1024 * 1024;

    /** The pending partitions of one subscription, paged as DynamoDB pages a Query: by Limit and by 1 MB. */
    private static final class CountingShards implements PendingShards.ShardReader {
        private final Map<Integer, TreeMap<PendingRef, PendingEntry>> shards = new TreeMap<>();
        private long itemsRead;
        private long queries;

        void add(PendingEntry entry) {
            shards.computeIfAbsent(entry.ref().shard(), s -> new TreeMap<>()).put(entry.ref(), entry);
        }

        void remove(List<PendingEntry> entries) {
            entries.forEach(e -> shards.get(e.ref().shard()).remove(e.ref()));
        }

        List<PendingEntry> all() {
            List<PendingEntry> all = new ArrayList<>();
            shards.values().forEach(s -> all.addAll(s.values()));
            all.sort((a, b) -> a.ref().compareTo(b.ref()));
            return all;
        }

        @Override
        public PendingShards.Page read(int shard, PendingRef after, int limit) {
            queries++;
            TreeMap<PendingRef, PendingEntry> entries = shards.getOrDefault(shard, new TreeMap<>());
            List<PendingEntry> page = new ArrayList<>();
            boolean cut = false;
            for (PendingEntry entry : (after == null ? entries : entries.tailMap(after, false)).values()) {
                if (page.size() == limit || (page.size() + 1) * ITEM_BYTES > PAGE_BYTES) {
                    cut = true;
                    break;
                }
                page.add(entry);
            }
            // DynamoDB returns a LastEvaluatedKey whenever the page reached its Limit, whether or not more follow.
            itemsRead += page.size();
            return new PendingShards.Page(page, cut || page.size() == limit);
        }
    }

    /** {@code count} entries in ingest batches of 100 (one ingestedAt each), sharded by event id as ingest does. */
    private static CountingShards backlog(int count) {
        CountingShards shards = new CountingShards();
        for (int i = 0; i < count; i++) {
            Instant ingestedAt = TestEvents.T0.plusMillis(i / 100 * 250L);
            ObjectEvent event = TestEvents.put("backlog/" + i + ".csv").atSecond(i).build();
            PendingRef ref = new PendingRef(event.id().shard(SHARDS),
                    SortableTime.format(ingestedAt) + "#" + event.id().value());
            shards.add(new PendingEntry("sub", ref, event, ingestedAt));
        }
        return shards;
    }

    @ParameterizedTest(name = "backlog {0}")
    @ValueSource(ints = {100, 10_000, 100_000})
    void senderLoop_readsAtMostAQuarterMoreThanItSends(int backlog) {
        // GIVEN a backlog across 8 shards
        CountingShards shards = backlog(backlog);
        List<PendingEntry> expectedOrder = shards.all();

        // WHEN the sender drains it as DigestSender does: the oldest max entries per digest, removed once sent, then
        // the release's look for anything left
        long sent = 0;
        List<PendingEntry> sentInOrder = new ArrayList<>();
        while (true) {
            List<PendingEntry> digest = PendingShards.oldest(SHARDS, MAX_ENTRIES, shards);
            if (digest.isEmpty()) {
                break;
            }
            sent += digest.size();
            sentInOrder.addAll(digest);
            shards.remove(digest);
            PendingShards.oldest(SHARDS, 1, shards);
        }

        // THEN every entry went out once, oldest first, and the reads stayed proportional to what was sent
        assertThat(sent).isEqualTo(backlog);
        assertThat(sentInOrder).containsExactlyElementsOf(expectedOrder);
        assertThat((double) shards.itemsRead / sent).isLessThanOrEqualTo(1.25);
    }

    @ParameterizedTest(name = "limit {1} of {0}")
    @CsvSource({"1000, 1", "1000, 7", "1000, 100", "1000, 999", "1000, 1000", "1000, 5000", "30000, 10000"})
    void oldest_returnsTheOldestByIngestTime_readingLittleMoreThanItReturns(int backlog, int limit) {
        // GIVEN
        CountingShards shards = backlog(backlog);

        // WHEN
        List<PendingEntry> oldest = PendingShards.oldest(SHARDS, limit, shards);

        // THEN the same entries as reading everything and sorting, and at most the shards' heads on top at small limits
        List<PendingEntry> all = shards.all();
        assertThat(oldest).containsExactlyElementsOf(all.subList(0, Math.min(limit, all.size())));
        assertThat(shards.itemsRead).isLessThanOrEqualTo(Math.max(oldest.size() * 5L / 4, oldest.size() + SHARDS));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void oldest_withSkewedShards_mergesInOrder_andReadsAtMostTwiceWhatItReturns(long seed) {
        // GIVEN entries piled into a few shards, with gaps and equal ingest times across shards
        SplittableRandom random = new SplittableRandom(seed);
        CountingShards shards = new CountingShards();
        int count = 2_000 + random.nextInt(3_000);
        for (int i = 0; i < count; i++) {
            ObjectEvent event = TestEvents.put("skew/" + i).atSecond(i).build();
            int shard = random.nextInt(4) == 0 ? random.nextInt(SHARDS) : (int) (seed % SHARDS);
            Instant ingestedAt = TestEvents.T0.plusSeconds(random.nextInt(count / 10));
            shards.add(new PendingEntry("sub", new PendingRef(shard,
                    SortableTime.format(ingestedAt) + "#" + event.id().value()), event, ingestedAt));
        }
        int limit = 1 + random.nextInt(count + 500);

        // WHEN
        List<PendingEntry> oldest = PendingShards.oldest(SHARDS, limit, shards);

        // THEN in order; the quarter-more bound assumes the hash spread, a pile-up costs at most the first pages
        List<PendingEntry> all = shards.all();
        assertThat(oldest).containsExactlyElementsOf(all.subList(0, Math.min(limit, all.size())));
        assertThat(shards.itemsRead).isLessThanOrEqualTo(oldest.size() * 2L + SHARDS);
    }
}
