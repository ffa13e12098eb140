package io.bucketdigest.ingest;

import io.bucketdigest.core.ingest.IngestReport;
import io.bucketdigest.core.ingest.MessageOutcome;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Per-batch counters, published as CloudWatch embedded metric format (EMF) log lines. */
@FunctionalInterface
public interface IngestMetrics {

    void publish(IngestReport report);

    static IngestMetrics powertools(Metrics metrics) {
        return report -> metrics.flushMetrics(m -> {
            m.addMetric("EventsIngested", report.newEvents(), MetricUnit.COUNT);
            m.addMetric("EventsDuplicate", report.duplicateEvents(), MetricUnit.COUNT);
            m.addMetric("MessagesRejected", report.count(MessageOutcome.Rejected.class), MetricUnit.COUNT);
            m.addMetric("MessagesRetried", report.count(MessageOutcome.Retry.class), MetricUnit.COUNT);
        });
    }

    static IngestMetrics none() {
        return report -> { };
    }
}
