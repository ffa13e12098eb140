package io.bucketdigest.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.event.EventId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HistoryTableTest {

    private static final Instant TIME = Instant.parse("2026-11-29T09:32:43.940851Z");
    private static final EventId ID = new EventId("0123456789abcdef0123456789abcdef");

    @Test
    void keys_haveTheDocumentedShapes() {
        assertThat(HistoryTable.objectPk("photos-prod", "a/b c.jpg")).isEqualTo("OBJ#photos-prod#a/b c.jpg");
        assertThat(HistoryTable.eventSk(TIME, ID)).isEqualTo("EVT#2026-11-29T09:32:43.940851Z#" + ID.value());
        assertThat(HistoryTable.noteSk(ID, "default")).isEqualTo("NOTE#" + ID.value() + "#default");
        assertThat(HistoryTable.bucketShardPk("photos-prod", 3)).isEqualTo("BKT#photos-prod#03");
        assertThat(HistoryTable.bucketShardPk("photos-prod", 15)).isEqualTo("BKT#photos-prod#15");
        assertThat(HistoryTable.bucketTimeSk(TIME, ID)).isEqualTo("2026-11-29T09:32:43.940851Z#" + ID.value());
        assertThat(HistoryTable.pendingPk("default", 7)).isEqualTo("PENDING#default#7");
        assertThat(HistoryTable.pendingSk(TIME, ID)).isEqualTo("2026-11-29T09:32:43.940851Z#" + ID.value());
        assertThat(HistoryTable.statePk("default")).isEqualTo("SUBSTATE#default");
        assertThat(HistoryTable.digestPk("d-20261129T093243Z-0a1b2c3d")).isEqualTo("DIGEST#d-20261129T093243Z-0a1b2c3d");
        assertThat(HistoryTable.digestEntriesSk(2)).isEqualTo("ENTRIES#0002");
        assertThat(HistoryTable.subscriptionDigestsGsiPk("default")).isEqualTo("SUBDIGESTS#default");
    }

    @Test
    void eventSortKeys_sortInTimeOrderWhateverTheFractionOfASecond() {
        // GIVEN times with no fraction, milliseconds (S3) and microseconds (moto)
        List<Instant> times = List.of(
                Instant.parse("2026-11-29T09:32:43Z"),
                Instant.parse("2026-11-29T09:32:43.000001Z"),
                Instant.parse("2026-11-29T09:32:43.1Z"),
                Instant.parse("2026-11-29T09:32:43.940Z"),
                Instant.parse("2026-11-29T09:32:43.940851Z"),
                Instant.parse("2026-11-29T09:32:44Z"),
                Instant.parse("2026-12-01T00:00:00Z"));

        // WHEN
        List<String> keys = times.stream().map(t -> HistoryTable.eventSk(t, ID)).toList();

        // THEN
        assertThat(keys).isSorted();
    }

    @Test
    void bulkUploadOf100000Objects_spreadsEvenlyOverTheBucketAndPendingShards() {
        // GIVEN 100,000 objects uploaded to one bucket within five minutes
        int[] bucketShards = new int[HistoryTable.BUCKET_SHARDS];
        int[] pendingShards = new int[HistoryTable.PENDING_SHARDS];
        Instant start = Instant.parse("2026-11-29T09:00:00Z");

        // WHEN
        IntStream.range(0, 100_000).forEach(i -> {
            EventId id = EventId.of("us-east-1", "bulk-bucket", "uploads/2026/11/29/part-" + i + ".csv",
                    "ObjectCreated:Put", start.plusMillis(i * 3L), null, null, "etag" + i, 1024L);
            bucketShards[id.shard(HistoryTable.BUCKET_SHARDS)]++;
            pendingShards[id.shard(HistoryTable.PENDING_SHARDS)]++;
        });

        // THEN 6,250 per bucket shard and 12,500 per pending shard expected; a binomial spread stays within 5 %
        assertThat(Arrays.stream(bucketShards).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(5_937, 6_563));
        assertThat(Arrays.stream(pendingShards).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(11_875, 13_125));
        // at 100,000 events in 5 minutes (333/s) the busiest pending partition takes ~42 items/s, i.e. ~84 WCU/s
        // with transactional writes; even in 1 minute (1,667/s) it is ~420 WCU/s, below the 1,000 WCU/s limit
        double perSecondInOneMinute = max(pendingShards) / Duration.ofMinutes(1).toSeconds();
        assertThat(2 * perSecondInOneMinute).isLessThan(1_000);
    }

    private static double max(int[] counts) {
        return Arrays.stream(counts).max().orElseThrow();
    }
}
