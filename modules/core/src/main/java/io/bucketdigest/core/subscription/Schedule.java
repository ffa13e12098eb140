package io.bucketdigest.core.subscription;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed delivery time that replaces the burst mode's quiet period and maximum delay: pending entries go out at the
 * first slot after the oldest of them was recorded. Slots are wall-clock times in {@code zone}, the subscription's
 * time zone, so "daily 09:00" stays 09:00 across daylight-saving changes (a slot that falls into a skipped hour
 * moves forward by the gap, as {@link ZonedDateTime#of} resolves it).
 *
 * <p>Written as {@code hourly}, {@code daily HH:MM} or {@code weekly DAY HH:MM} (DAY: mon..sun or the full name).
 */
public record Schedule(Cadence cadence, LocalTime at, DayOfWeek day, ZoneId zone) {

    public enum Cadence { HOURLY, DAILY, WEEKLY }

    private static final Pattern DAILY = Pattern.compile("daily\\s+(\\d{1,2}:\\d{2})");
    private static final Pattern WEEKLY = Pattern.compile("weekly\\s+([a-z]+)\\s+(\\d{1,2}:\\d{2})");
    private static final String FORMS = "hourly, daily HH:MM or weekly DAY HH:MM (e.g. 'daily 09:00', 'weekly mon 08:30')";

    public Schedule {
        if (cadence == null) {
            throw new IllegalArgumentException("a schedule needs a cadence");
        }
        at = cadence == Cadence.HOURLY ? LocalTime.MIDNIGHT : at;
        day = cadence == Cadence.WEEKLY ? day : null;
        if (at == null || (cadence == Cadence.WEEKLY && day == null)) {
            throw new IllegalArgumentException(cadence + " schedules need a time" + (cadence == Cadence.WEEKLY
                    ? " and a day" : ""));
        }
        at = at.truncatedTo(ChronoUnit.MINUTES);
        zone = zone == null ? ZoneOffset.UTC : zone;
    }

    /**
     * The schedule written as {@link #text()} writes it, in UTC until the subscription that holds it applies its zone.
     *
     * @throws InvalidSubscriptionException naming the forms accepted
     */
    public static Schedule parse(String text) {
        String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (normalized.equals("hourly")) {
            return new Schedule(Cadence.HOURLY, null, null, null);
        }
        Matcher daily = DAILY.matcher(normalized);
        if (daily.matches()) {
            return new Schedule(Cadence.DAILY, time(daily.group(1), text), null, null);
        }
        Matcher weekly = WEEKLY.matcher(normalized);
        if (weekly.matches()) {
            return new Schedule(Cadence.WEEKLY, time(weekly.group(2), text), day(weekly.group(1), text), null);
        }
        throw invalid("schedule must be " + FORMS + " (got '" + text + "')");
    }

    public Schedule inZone(ZoneId zone) {
        return new Schedule(cadence, at, day, zone);
    }

    /** The first slot strictly after {@code instant}. */
    public Instant nextSlotAfter(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        ZonedDateTime slot = switch (cadence) {
            case HOURLY -> local.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            case DAILY -> firstAfter(local, local.toLocalDate(), 1);
            case WEEKLY -> firstAfter(local, local.toLocalDate().with(TemporalAdjusters.previousOrSame(day)), 7);
        };
        return slot.toInstant();
    }

    private ZonedDateTime firstAfter(ZonedDateTime local, LocalDate candidateDate, int stepDays) {
        ZonedDateTime candidate = ZonedDateTime.of(candidateDate, at, zone);
        while (!candidate.isAfter(local)) {
            candidateDate = candidateDate.plusDays(stepDays);
            candidate = ZonedDateTime.of(candidateDate, at, zone);
        }
        return candidate;
    }

    /** The stored and typed form: {@code hourly}, {@code daily 09:00}, {@code weekly mon 09:00}. */
    public String text() {
        return switch (cadence) {
            case HOURLY -> "hourly";
            case DAILY -> "daily " + at;
            case WEEKLY -> "weekly " + day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT) + " " + at;
        };
    }

    /** For readers of the mail: "every hour, on the hour", "daily at 09:00", "weekly on Monday at 09:00". */
    public String describe() {
        return switch (cadence) {
            case HOURLY -> "every hour, on the hour";
            case DAILY -> "daily at " + at;
            case WEEKLY -> "weekly on " + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " at " + at;
        };
    }

    private static LocalTime time(String hhmm, String original) {
        try {
            String padded = hhmm.length() == 4 ? "0" + hhmm : hhmm;
            return LocalTime.parse(padded);
        } catch (DateTimeParseException e) {
            throw invalid("schedule time must be HH:MM between 00:00 and 23:59 (got '" + original + "')");
        }
    }

    private static DayOfWeek day(String name, String original) {
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (name.equals(full) || name.equals(full.substring(0, 3))) {
                return day;
            }
        }
        throw invalid("schedule day must be mon, tue, wed, thu, fri, sat or sun (got '" + original + "')");
    }

    private static InvalidSubscriptionException invalid(String problem) {
        return new InvalidSubscriptionException(List.of(problem));
    }
}
