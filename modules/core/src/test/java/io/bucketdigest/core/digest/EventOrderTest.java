package io.bucketdigest.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventOrderTest {

    @ParameterizedTest
    @CsvSource({
        "0055AED6DCD90281E5, 0055AED6DCD90281E6, -1",
        "0A, 0A00, 0",
        "0A, 0A01, -1",
        "0B, 0A01, 1",
        "0a01, 0A01, 0",
        "0b, 0A1, 1",
        "9, A, -1",
        "0055AED6DCD90281E5, 0055AED6DCD90281E4FF, 1"
    })
    void compareSequencers_padsTheShorterAndIgnoresCase(String a, String b, int expectedSign) {
        assertThat(Integer.signum(EventOrder.compareSequencers(a, b))).isEqualTo(expectedSign);
        assertThat(Integer.signum(EventOrder.compareSequencers(b, a))).isEqualTo(-expectedSign);
    }
}
