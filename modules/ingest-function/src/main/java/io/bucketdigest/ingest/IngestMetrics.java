package io.bucketdigest.ingest;

import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.MessageOutcome;
import java.util.Objects;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Per-batch ingest counters: events ingested and duplicate, messages rejected and retried. {@link #powertools}
 * publishes them as CloudWatch embedded metric format (EMF) log lines; {@link #none} publishes nothing.
 */
public interface IngestMetrics {

    void publish(IngestReport report);

    static IngestMetrics powertools(Metrics metrics) {
        return new PowertoolsIngestMetrics(metrics);
    }

    /** For tests and the local runtime: counts nothing to CloudWatch. */
    static IngestMetrics none() {
        return report -> { };
    }

    /** EMF through Powertools. */
    final class PowertoolsIngestMetrics implements IngestMetrics {

        private final Metrics metrics;

        private PowertoolsIngestMetrics(Metrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
        }

        @Override
        public void publish(IngestReport report) {
            metrics.flushMetrics(m -> {
                m.addMetric("EventsIngested", report.newEvents(), MetricUnit.COUNT);
                m.addMetric("EventsDuplicate", report.duplicateEvents(), MetricUnit.COUNT);
                m.addMetric("MessagesRejected", report.count(MessageOutcome.Rejected.class), MetricUnit.COUNT);
                m.addMetric("MessagesRetried", report.count(MessageOutcome.Retry.class), MetricUnit.COUNT);
            });
        }
    }
}
