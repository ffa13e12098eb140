package io.bucketdigest.cli.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.sender.DigestSignalCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {

    private final MessageDecoder decoder = new MessageDecoder();

    @Test
    void decode_digestSignal_readsWhatTheEncoderWrote() {
        String body = DigestSignalCodec.encode("team", Instant.parse("2026-11-29T09:00:00Z"));

        assertThat(decoder.decode(QueueRole.DIGEST, body))
                .isEqualTo(new DlqMessage.DigestSignal("team", "2026-11-29T09:00:00.000000Z"));
    }

    @Test
    void decode_digestSignalWithoutSignalledAt_readsAsTheDigestFunctionReadsIt() {
        assertThat(decoder.decode(QueueRole.DIGEST, "{\"subscriptionId\":\"team\"}"))
                .isEqualTo(new DlqMessage.DigestSignal("team", "1970-01-01T00:00:00.000000Z"));
    }

    @Test
    void decode_malformedDigestSignal_givesTheDigestFunctionsReason() {
        assertThat(decoder.decode(QueueRole.DIGEST, "{\"subscriptionId\":\"has space\"}"))
                .isEqualTo(new DlqMessage.Malformed("digest signal has an invalid subscriptionId"));
        assertThat(decoder.decode(QueueRole.DIGEST, "not json"))
                .isEqualTo(new DlqMessage.Malformed("digest signal is not JSON"));
    }
}
