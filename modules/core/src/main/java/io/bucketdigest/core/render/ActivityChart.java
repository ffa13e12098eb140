package io.bucketdigest.core.render;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Events per minute as at most {@code maxBars} bars covering first to last minute, empty minutes included. Longer
 * spans put the same whole number of minutes in every bar. Work is proportional to the non-empty minutes plus bars.
 */
record ActivityChart(List<Bar> bars, int minutesPerBar, int peak) {

    static final int MAX_BARS = 60;

    record Bar(Instant start, int minutes, int events) {}

    static ActivityChart of(SortedMap<Instant, Integer> eventsPerMinute) {
        if (eventsPerMinute.isEmpty()) {
            return new ActivityChart(List.of(), 1, 0);
        }
        Instant first = eventsPerMinute.firstKey();
        long span = Duration.between(first, eventsPerMinute.lastKey()).toMinutes() + 1;
        int minutesPerBar = (int) Math.min(Integer.MAX_VALUE, (span + MAX_BARS - 1) / MAX_BARS);
        int barCount = (int) ((span + minutesPerBar - 1) / minutesPerBar);
        int[] counts = new int[barCount];
        for (Map.Entry<Instant, Integer> minute : eventsPerMinute.entrySet()) {
            long index = Duration.between(first, minute.getKey()).toMinutes() / minutesPerBar;
            counts[(int) index] += minute.getValue();
        }
        List<Bar> bars = new ArrayList<>(barCount);
        int peak = 0;
        for (int i = 0; i < barCount; i++) {
            long offset = (long) i * minutesPerBar;
            int minutes = (int) Math.min(minutesPerBar, span - offset);
            bars.add(new Bar(first.plus(Duration.ofMinutes(offset)), minutes, counts[i]));
            peak = Math.max(peak, counts[i]);
        }
        return new ActivityChart(List.copyOf(bars), minutesPerBar, peak);
    }
}
