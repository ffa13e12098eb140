package io.bucketdigest.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeArgumentsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void parseTime_relativeDurations() {
        assertThat(TimeArguments.parseTime("2h").resolve(NOW)).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(TimeArguments.parseTime("1h30m").resolve(NOW)).isEqualTo(Instant.parse("2026-11-29T10:30:00Z"));
        assertThat(TimeArguments.parseTime("7d").resolve(NOW)).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(TimeArguments.parseTime("now").resolve(NOW)).isEqualTo(NOW);
    }

    @Test
    void parseTime_absoluteForms_utcWithoutZone() {
        assertThat(TimeArguments.parseTime("2026-11-01T00:00Z").resolve(NOW))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TimeArguments.parseTime("2026-11-01T12:30:00+01:00").resolve(NOW))
                .isEqualTo(Instant.parse("2026-11-01T11:30:00Z"));
        assertThat(TimeArguments.parseTime("2026-11-01T08:00").resolve(NOW))
                .isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
        assertThat(TimeArguments.parseTime("2026-11-01").resolve(NOW))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void parseTime_rejectsNonsense() {
        for (String bad : new String[] {"yesterday", "2h30", "h", "", "2026-13-01", "-5m", "5 m"}) {
            assertThatThrownBy(() -> TimeArguments.parseTime(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void parseDuration_andRate() {
        assertThat(TimeArguments.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TimeArguments.parseDuration("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(TimeArguments.parseRate("10/s")).isEqualTo(10.0);
        assertThat(TimeArguments.parseRate("600/m")).isEqualTo(10.0);
        assertThat(TimeArguments.parseRate("0.5")).isEqualTo(0.5);
        assertThatThrownBy(() -> TimeArguments.parseRate("0/s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeArguments.parseRate("fast")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void text_ageAndBytes() {
        assertThat(Text.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Text.age(Duration.ofSeconds(125))).isEqualTo("2m05s");
        assertThat(Text.age(Duration.ofMinutes(125))).isEqualTo("2h05m");
        assertThat(Text.age(Duration.ofHours(50))).isEqualTo("2d2h");
        assertThat(Text.bytes(512L)).isEqualTo("512 B");
        assertThat(Text.bytes(1536L)).isEqualTo("1.5 KiB");
        assertThat(Text.bytes(null)).isEmpty();
        assertThat(Text.wrap("  - one two three four", 12, 4)).isEqualTo("  - one two\n    three\n    four");
    }
}
