package io.bucketdigest.core.render;

import java.util.Locale;

/** Byte counts for people: binary units, one decimal ("1.5 KiB", "12.0 MiB"), independent of the JVM locale. */
public final class HumanBytes {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HumanBytes() {}

    public static String format(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("byte count must not be negative (got " + bytes + ")");
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        // Compare the rounded value, so 1023.96 KiB prints as "1.0 MiB" rather than "1024.0 KiB".
        while (unit < UNITS.length - 1 && Math.round(value * 10) / 10.0 >= 1024) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
