package io.bucketdigest.cli.output;

import io.bucketdigest.core.render.HumanBytes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Human formatting of times, ages and sizes for tables. */
public final class Text {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Text() {}

    public static String time(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    public static String age(Duration duration) {
        if (duration == null) {
            return "";
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + (minutes < 10 && seconds % 60 != 0 ? String.format("%02ds", seconds % 60) : "");
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + "h" + (minutes % 60 == 0 ? "" : String.format("%02dm", minutes % 60));
        }
        return (hours / 24) + "d" + (hours % 24 == 0 ? "" : (hours % 24) + "h");
    }

    /** A word, where a `quoted command` counts as one word (a lone backtick is an ordinary character). */
    private static final java.util.regex.Pattern WORD =
            java.util.regex.Pattern.compile("(\\s*)((?:[^\\s`]|`[^`]*`|`)+)");

    /**
     * Word-wraps {@code text} to {@code width}, continuation lines indented by {@code indent} spaces. A command in
     * backticks is never split, so it can be copied whole; a line holding one may be wider than {@code width}.
     */
    public static String wrap(String text, int width, int indent) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher word = WORD.matcher(text);
        int column = 0;
        boolean lineHasWord = false;
        while (word.find()) {
            String gap = word.group(1);
            String token = word.group(2);
            if (lineHasWord && column + gap.length() + token.length() > width) {
                out.append('\n').append(" ".repeat(indent));
                column = indent;
                gap = "";
            }
            out.append(gap).append(token);
            column += gap.length() + token.length();
            lineHasWord = true;
        }
        return out.toString();
    }

    /** A raw value for CSV: its text, or empty for null. */
    public static String orEmpty(Object value) {
        return value == null ? "" : value.toString();
    }

    /** A size for people ({@link HumanBytes}); empty when unknown. */
    public static String bytes(Long size) {
        return size == null ? "" : HumanBytes.format(size);
    }

    /** An ISO time as the table shows it (whole seconds); empty for null. */
    public static String time(String iso) {
        return iso == null ? "" : time(Instant.parse(iso));
    }
}
