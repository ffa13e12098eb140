package io.bucketdigest.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanBytesTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0 B",
        "1, 1 B",
        "512, 512 B",
        "1023, 1023 B",
        "1024, 1.0 KiB",
        "1536, 1.5 KiB",
        "1048524, 1023.9 KiB",
        "1048575, 1.0 MiB",
        "12582912, 12.0 MiB",
        "3435973837, 3.2 GiB",
        "1099511627776, 1.0 TiB",
        "9223372036854775807, 8.0 EiB"
    })
    void format_usesBinaryUnitsWithOneDecimal(long bytes, String expected) {
        assertThat(HumanBytes.format(bytes)).isEqualTo(expected);
    }

    @Test
    void format_ignoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.FRANCE);
            assertThat(HumanBytes.format(1536)).isEqualTo("1.5 KiB");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void format_negative_isRejected() {
        assertThatThrownBy(() -> HumanBytes.format(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
