package io.bucketdigest.core.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The digest queue's message body, written and read in one place, with one rule for a missing signalledAt. */
class DigestSignalCodecTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30.123456Z");

    @Test
    void encodeThenDecode_roundTrips() {
        String body = DigestSignalCodec.encode("team-a.prod_1", AT);

        assertThat(DigestSignalCodec.decode(body)).isEqualTo(new DigestSignal("team-a.prod_1", AT));
        assertThat(body).startsWith("{\"subscriptionId\":\"team-a.prod_1\",\"signalledAt\":\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"subscriptionId\":\"team\"}", "{\"subscriptionId\":\"team\",\"signalledAt\":null}"})
    void decode_missingSignalledAt_readsAsEpoch(String body) {
        assertThat(DigestSignalCodec.decode(body)).isEqualTo(new DigestSignal("team", Instant.EPOCH));
    }

    @Test
    void decode_unknownFields_areIgnored() {
        assertThat(DigestSignalCodec.decode("{\"subscriptionId\":\"team\",\"signalledAt\":\"2026-03-02T10:15:30Z\","
                + "\"extra\":1}")).isEqualTo(new DigestSignal("team", Instant.parse("2026-03-02T10:15:30Z")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json at all|digest signal is not JSON",
        "{\"subscriptionId\":|digest signal is not JSON",
        "[]|digest signal has no subscriptionId",
        "{}|digest signal has no subscriptionId",
        "{\"subscriptionId\":42}|digest signal has no subscriptionId",
        "{\"subscriptionId\":null}|digest signal has no subscriptionId",
        "{\"subscriptionId\":\"team\",\"signalledAt\":\"yesterday\"}|digest signal has an unparseable signalledAt",
        "{\"subscriptionId\":\"team\",\"signalledAt\":\"2026-03-02 10:15:30\"}|"
                + "digest signal has an unparseable signalledAt"})
    void decode_malformedBody_throwsNamingTheProblem(String body, String message) {
        assertThatThrownBy(() -> DigestSignalCodec.decode(body))
                .isInstanceOf(DigestSignalCodec.MalformedSignalException.class).hasMessage(message);
    }

    @Test
    void decode_nullOrEmptyBody_isMalformed() {
        assertThatThrownBy(() -> DigestSignalCodec.decode(null))
                .isInstanceOf(DigestSignalCodec.MalformedSignalException.class);
        assertThatThrownBy(() -> DigestSignalCodec.decode(""))
                .isInstanceOf(DigestSignalCodec.MalformedSignalException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "quote\"injection", "slash/id", "ü",
        "a234567890123456789012345678901234567890123456789012345678901234X"})
    void encode_badSubscriptionId_isRejected(String id) {
        assertThatThrownBy(() -> DigestSignalCodec.encode(id, AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a subscription id");
    }

    @Test
    void encode_longestValidSubscriptionId_isAccepted() {
        String id = "a".repeat(64);
        assertThat(DigestSignalCodec.decode(DigestSignalCodec.encode(id, AT)).subscriptionId()).isEqualTo(id);
    }

    // Regression: decode accepted any textual id, so such a signal was retried to the redrive instead of parked.
    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "_leading", "a234567890123456789012345678901234567890123456789012345678901234X"})
    void decode_subscriptionIdThatEncodeRejects_isMalformed(String id) {
        String body = "{\"subscriptionId\":\"" + id + "\",\"signalledAt\":\"2026-03-02T10:15:30Z\"}";
        assertThatThrownBy(() -> DigestSignalCodec.decode(body))
                .isInstanceOf(DigestSignalCodec.MalformedSignalException.class)
                .hasMessageContaining("subscriptionId");
    }
}
