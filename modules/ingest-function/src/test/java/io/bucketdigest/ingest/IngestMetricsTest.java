package io.bucketdigest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bucketdigest.core.event.EventId;
import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.MessageOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.bucketdigest.testing.RecordingMetrics;

class IngestMetricsTest {

    private static final EventId FIRST = new EventId("0".repeat(32));
    private static final EventId SECOND = new EventId("1".repeat(32));
    private static final IngestReport REPORT = new IngestReport(List.of(
            new MessageOutcome.Recorded("m1", List.of(FIRST, SECOND), List.of()),
            new MessageOutcome.Recorded("m2", List.of(), List.of(FIRST)),
            new MessageOutcome.Rejected("m3", "not JSON"),
            new MessageOutcome.Retry("m4", "throttled")));

    @Test
    void powertools_publish_flushesTheBatchsCountersOnce() {
        RecordingMetrics sink = new RecordingMetrics();

        IngestMetrics.powertools(sink).publish(REPORT);

        assertThat(sink.flushes()).containsExactly(Map.of(
                "EventsIngested", List.of(2.0),
                "EventsDuplicate", List.of(1.0),
                "MessagesRejected", List.of(1.0),
                "MessagesRetried", List.of(1.0)));
    }

    @Test
    void powertools_withoutASink_isRefused() {
        assertThatThrownBy(() -> IngestMetrics.powertools(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("metrics");
    }

    @Test
    void none_publish_acceptsAReportAndKeepsNothing() {
        IngestMetrics none = IngestMetrics.none();

        none.publish(REPORT);

        assertThat(none).isNotInstanceOf(IngestMetrics.PowertoolsIngestMetrics.class);
    }
}
