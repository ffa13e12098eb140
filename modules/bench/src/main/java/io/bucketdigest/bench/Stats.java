package io.bucketdigest.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Min / median / max of repeated measurements (the median of an even count is the mean of the middle two). */
public record Stats(double min, double median, double max, int count) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(sorted.get(0), median, sorted.get(n - 1), n);
    }

    /** "min / median / max" with the given format for each number. */
    public String format(String numberFormat) {
        return String.format(Locale.ROOT, numberFormat + " / " + numberFormat + " / " + numberFormat, min, median, max);
    }

    public String cells(String numberFormat) {
        return String.format(Locale.ROOT, numberFormat + " | " + numberFormat + " | " + numberFormat, min, median, max);
    }

    public static String thousands(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
