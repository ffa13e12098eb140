package io.bucketdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketdigest.core.sender.StepListener;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigestPrimingTest {

    static {
        // The wiring builds its clients from the default credential chain, as in Lambda.
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @Test
    void prime_nothingListening_marshalsEveryRequestOfTheFirstSendAndSendsNone() {
        // GIVEN an endpoint where nothing listens: a request that went out would fail there, not at NotSent
        Map<String, String> env = new HashMap<>();
        env.put("HISTORY_TABLE", "history");
        env.put("DIGEST_QUEUE_URL", "http://127.0.0.1:1/123456789012/digest");
        env.put("DIGEST_DLQ_URL", "http://127.0.0.1:1/123456789012/digest-dlq");
        env.put("SENDER_ADDRESS", "digests@example.com");
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
        DigestWiring wiring = new DigestWiring(DigestConfig.fromEnvironment(env),
                Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC), DigestMetrics.none(),
                StepListener.NONE);

        // WHEN
        int marshalled = wiring.prime();

        // THEN lease, pending query, claim, send started, SendEmail, sent, annotate, remove, complete, release,
        // signal, account quota: each stopped after marshalling
        assertThat(marshalled).isEqualTo(13);
    }
}
