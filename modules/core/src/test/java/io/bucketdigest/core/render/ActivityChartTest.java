package io.bucketdigest.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ActivityChartTest {

    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void of_noEvents_hasNoBars() {
        assertThat(ActivityChart.of(new TreeMap<>()).bars()).isEmpty();
    }

    @Test
    void of_singleMinute_hasOneBar() {
        ActivityChart chart = ActivityChart.of(minutes(0, 7));

        assertThat(chart.bars()).extracting(ActivityChart.Bar::events).containsExactly(7);
        assertThat(chart.peak()).isEqualTo(7);
    }

    @Test
    void of_sixtyMinutes_hasOneBarPerMinute() {
        ActivityChart chart = ActivityChart.of(minutes(0, 1, 59, 2));

        assertThat(chart.bars()).hasSize(60);
        assertThat(chart.minutesPerBar()).isEqualTo(1);
    }

    @Test
    void of_ninetyMinutes_putsTwoMinutesInEachBar() {
        ActivityChart chart = ActivityChart.of(minutes(0, 1, 1, 2, 89, 5));

        assertThat(chart.minutesPerBar()).isEqualTo(2);
        assertThat(chart.bars()).hasSize(45);
        assertThat(chart.bars().get(0).events()).isEqualTo(3);
        assertThat(chart.bars().get(44).events()).isEqualTo(5);
        assertThat(chart.bars().get(44).start()).isEqualTo(START.plusSeconds(88 * 60));
    }

    @Test
    void of_aDay_hasSixtyBarsOf24Minutes() {
        ActivityChart chart = ActivityChart.of(minutes(0, 1, 1439, 1));

        assertThat(chart.minutesPerBar()).isEqualTo(24);
        assertThat(chart.bars()).hasSize(60);
        assertThat(chart.bars().stream().mapToInt(ActivityChart.Bar::events).sum()).isEqualTo(2);
    }

    @Test
    void of_spanNotDivisibleByBars_hasShorterLastBar() {
        ActivityChart chart = ActivityChart.of(minutes(0, 1, 60, 1));

        assertThat(chart.minutesPerBar()).isEqualTo(2);
        assertThat(chart.bars()).hasSize(31);
        assertThat(chart.bars().get(30).minutes()).isEqualTo(1);
    }

    private static SortedMap<Instant, Integer> minutes(int... minuteAndCount) {
        SortedMap<Instant, Integer> map = new TreeMap<>();
        for (int i = 0; i < minuteAndCount.length; i += 2) {
            map.put(START.plusSeconds(60L * minuteAndCount[i]), minuteAndCount[i + 1]);
        }
        return map;
    }
}
