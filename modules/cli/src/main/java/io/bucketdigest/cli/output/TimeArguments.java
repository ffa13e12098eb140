package io.bucketdigest.cli.output;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses times and durations given on the command line. */
public final class TimeArguments {

    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|s|m|h|d|w)");
    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(?:/(s|sec|m|min))?");

    private TimeArguments() {}

    /** A point in time: absolute, or a duration before "now" (resolved when the command runs). */
    public record TimePoint(Instant absolute, Duration ago) {
        public Instant resolve(Instant now) {
            return absolute != null ? absolute : now.minus(ago);
        }
    }

    /** Durations such as 90s, 15m, 2h, 7d, 1w, 1h30m. */
    public static Duration parseDuration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION_PART.matcher(value);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                throw new IllegalArgumentException(text);
            }
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
            });
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw new IllegalArgumentException(text);
        }
        return total;
    }

    /** Relative (2h, 30m, 7d, now) or absolute (2026-11-01T00:00Z, 2026-11-01T12:30:00+01:00, 2026-11-01; UTC). */
    public static TimePoint parseTime(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("now")) {
            return new TimePoint(null, Duration.ZERO);
        }
        if (!value.isEmpty() && Character.isDigit(value.charAt(0)) && !value.contains("-")) {
            return new TimePoint(null, parseDuration(value));
        }
        try {
            return new TimePoint(OffsetDateTime.parse(value).toInstant(), null);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return new TimePoint(LocalDateTime.parse(value).toInstant(ZoneOffset.UTC), null);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return new TimePoint(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC), null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(text);
        }
    }

    /** Messages per second: 10, 10/s, 600/m, 0.5/s. */
    public static double parseRate(String text) {
        Matcher matcher = RATE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text);
        }
        double amount = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2);
        double perSecond = unit != null && unit.startsWith("m") ? amount / 60.0 : amount;
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException(text);
        }
        return perSecond;
    }

    /** Turns a parse failure into picocli's usage error, which names the option and shows {@code hint}. */
    private static <T> T convert(String value, Function<String, T> parser, String hint) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' " + hint);
        }
    }

    public static final class TimeConverter implements ITypeConverter<TimePoint> {
        @Override
        public TimePoint convert(String value) {
            return TimeArguments.convert(value, TimeArguments::parseTime, "is not a time; use a duration before now "
                    + "such as 30m, 2h or 7d, or an ISO time such as 2026-11-01T00:00Z or 2026-11-01 (UTC)");
        }
    }

    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return TimeArguments.convert(value, TimeArguments::parseDuration,
                    "is not a duration; use e.g. 90s, 15m, 2h, 7d, 1h30m");
        }
    }

    public static final class RateConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return TimeArguments.convert(value, TimeArguments::parseRate,
                    "is not a rate; use messages per second such as 10/s, 0.5/s or 600/m");
        }
    }
}
