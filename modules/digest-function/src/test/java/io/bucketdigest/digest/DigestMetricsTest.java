package io.bucketdigest.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.digest.DigestId;
import io.bucketdigest.core.sender.SendOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.bucketdigest.testing.RecordingMetrics;

class DigestMetricsTest {

    private static SendOutcome.Sent sent(String id, int entries) {
        return new SendOutcome.Sent(new DigestId(id), entries, "subject", "ses-" + id, false);
    }

    @Test
    void powertools_publish_flushesDigestsEntriesAndThrottlesOfTheInvocation() {
        RecordingMetrics sink = new RecordingMetrics();
        DigestMetrics metrics = DigestMetrics.powertools(sink);
        metrics.sesThrottled();
        metrics.sesThrottled();

        metrics.publish(List.of(sent("d-20261129T100000Z-0123456789abcdef0123", 3),
                new SendOutcome.NotDue(Duration.ofSeconds(30)), sent("d-20261129T100001Z-0123456789abcdef0124", 7)));

        assertThat(sink.flushes()).containsExactly(Map.of(
                "EntriesPerDigest", List.of(3.0, 7.0),
                "DigestsSent", List.of(2.0),
                "SesThrottles", List.of(2.0)));
    }

    @Test
    void powertools_publish_startsEachInvocationsThrottleCountAtZero() {
        RecordingMetrics sink = new RecordingMetrics();
        DigestMetrics metrics = DigestMetrics.powertools(sink);
        metrics.sesThrottled();
        metrics.publish(List.of());

        metrics.publish(List.of());

        assertThat(sink.flushes()).extracting(flush -> flush.get("SesThrottles"))
                .containsExactly(List.of(1.0), List.of(0.0));
    }

    @Test
    void powertools_withoutASink_isRefused() {
        assertThatThrownBy(() -> DigestMetrics.powertools(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("metrics");
    }

    @Test
    void none_countsAndPublishesWithoutASink() {
        DigestMetrics none = DigestMetrics.none();

        none.sesThrottled();
        none.publish(List.of(sent("d-20261129T100000Z-0123456789abcdef0123", 1)));

        assertThat(none).isNotInstanceOf(DigestMetrics.PowertoolsDigestMetrics.class);
    }
}
