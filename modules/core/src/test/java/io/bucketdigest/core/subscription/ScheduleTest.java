package io.bucketdigest.core.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hourly|hourly",
            "  Hourly |hourly",
            "daily 09:00|daily 09:00",
            "daily 9:05|daily 09:05",
            "DAILY   23:59|daily 23:59",
            "weekly mon 08:30|weekly mon 08:30",
            "weekly Friday 17:00|weekly fri 17:00"})
    void parse_acceptedForms_writeBackCanonically(String typed, String canonical) {
        assertThat(Schedule.parse(typed).text()).isEqualTo(canonical);
        assertThat(Schedule.parse(canonical)).isEqualTo(Schedule.parse(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "daily", "daily 24:00", "daily 9", "daily 09:60", "weekly 09:00", "weekly xyz 09:00",
            "every day", "hourly 10:00", "monthly 1 09:00"})
    void parse_otherText_isRejectedNamingTheForms(String typed) {
        assertThatThrownBy(() -> Schedule.parse(typed))
                .isInstanceOf(InvalidSubscriptionException.class)
                .hasMessageContaining("schedule");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-02T10:00:00Z, 2026-03-02T11:00:00Z",
            "2026-03-02T10:59:59.999Z, 2026-03-02T11:00:00Z",
            "2026-03-02T10:00:00.001Z, 2026-03-02T11:00:00Z"})
    void hourly_nextSlotIsTheNextTopOfTheHour_strictlyAfter(Instant from, Instant expected) {
        assertThat(Schedule.parse("hourly").nextSlotAfter(from)).isEqualTo(expected);
    }

    @Test
    void hourly_inAHalfHourZone_isOnTheLocalHour() {
        Schedule schedule = Schedule.parse("hourly").inZone(KOLKATA);

        assertThat(schedule.nextSlotAfter(Instant.parse("2026-03-02T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-02T10:30:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-02T07:59:00Z, 2026-03-02T08:00:00Z",
            "2026-03-02T08:00:00Z, 2026-03-03T08:00:00Z",
            "2026-03-02T20:00:00Z, 2026-03-03T08:00:00Z",
            // Summer time in Berlin from 29 March 2026: 09:00 local is 07:00 UTC.
            "2026-03-28T09:00:00Z, 2026-03-29T07:00:00Z"})
    void daily_isTheWallClockTimeInTheZone_acrossDaylightSaving(Instant from, Instant expected) {
        Schedule schedule = Schedule.parse("daily 09:00").inZone(BERLIN);

        assertThat(schedule.nextSlotAfter(from)).isEqualTo(expected);
    }

    @Test
    void daily_slotInTheSkippedHour_movesForwardByTheGap() {
        Schedule schedule = Schedule.parse("daily 02:30").inZone(BERLIN);

        // 29 March 2026 02:30 does not exist in Berlin: 03:30 CEST is 01:30 UTC.
        assertThat(schedule.nextSlotAfter(Instant.parse("2026-03-28T12:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
            // 2026-03-02 is a Monday.
            "2026-03-02T07:00:00Z, 2026-03-02T08:30:00Z",
            "2026-03-02T08:30:00Z, 2026-03-09T08:30:00Z",
            "2026-03-03T00:00:00Z, 2026-03-09T08:30:00Z",
            "2026-03-08T23:00:00Z, 2026-03-09T08:30:00Z"})
    void weekly_isTheDayAndTimeOfTheNextWeekStrictlyAfter(Instant from, Instant expected) {
        Schedule schedule = Schedule.parse("weekly mon 08:30");

        assertThat(schedule.day()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(schedule.nextSlotAfter(from)).isEqualTo(expected);
    }

    @Test
    void describe_isForReaders() {
        assertThat(Schedule.parse("hourly").describe()).isEqualTo("every hour, on the hour");
        assertThat(Schedule.parse("daily 09:00").describe()).isEqualTo("daily at 09:00");
        assertThat(Schedule.parse("weekly sun 18:15").describe()).isEqualTo("weekly on Sunday at 18:15");
        assertThat(new Schedule(Schedule.Cadence.DAILY, LocalTime.of(7, 5, 33), null, null).at())
                .isEqualTo(LocalTime.of(7, 5));
    }

    @Test
    void timing_onASchedule_isDueAtTheSlotWhateverTheQuietPeriodAndMaxDelay() {
        DigestTiming timing = DigestTiming.DEFAULTS.withSchedule(Schedule.parse("daily 09:00"));
        Instant first = Instant.parse("2026-03-02T10:00:00Z");

        assertThat(timing.dueAt(first, first.plusSeconds(5))).isEqualTo(Instant.parse("2026-03-03T09:00:00Z"));
        assertThat(timing.latestDueAt(first)).isEqualTo(Instant.parse("2026-03-03T09:00:00Z"));
        assertThat(timing.cutByMaxDelay(first, first)).as("a scheduled digest is never cut by the max delay")
                .isFalse();
    }

    @Test
    void subscription_appliesItsZoneToItsSchedule_andRefusesQuietPeriodOrMaxDelayBesideIt() {
        Subscription subscription = new Subscription("team", List.of("a@example.com"), null, List.of(), Set.of(),
                null, BERLIN).withSchedule(Schedule.parse("daily 09:00"));

        assertThat(subscription.schedule()).hasValueSatisfying(s -> assertThat(s.zone()).isEqualTo(BERLIN));
        assertThat(subscription.withTimeZone(KOLKATA).schedule().orElseThrow().zone()).isEqualTo(KOLKATA);
        assertThat(subscription.describeDelivery(DigestTiming.DEFAULTS)).isEqualTo("daily at 09:00 (Europe/Berlin)");
        assertThat(subscription.withSchedule(null).schedule()).isEmpty();
        assertThat(subscription.withSchedule(null).describeDelivery(DigestTiming.DEFAULTS))
                .isEqualTo("after 1 min without new events, at most 15 min after the first");
        assertThatThrownBy(() -> new Subscription("team", List.of("a@example.com"), null, List.of(), Set.of(),
                new DigestTiming(Duration.ofMinutes(2), null, null, Schedule.parse("hourly"))))
                .isInstanceOf(InvalidSubscriptionException.class)
                .hasMessageContaining("a schedule replaces the quiet period and the max delay");
    }

    @Test
    void subscription_withSchedule_keepsMaxEntries() {
        Subscription subscription = new Subscription("team", List.of("a@example.com"), null, List.of(), Set.of(),
                new DigestTiming(Duration.ofMinutes(2), null, 500)).withSchedule(Schedule.parse("hourly"));

        assertThat(subscription.timingOverride()).isEqualTo(new DigestTiming(null, null, 500,
                Schedule.parse("hourly")));
    }
}
