package io.bucketdigest.digest;

import io.bucketdigest.core.sender.SendOutcome;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Per-invocation digest counters, published as EMF: digests sent, entries per digest, SES throttles. */
public final class DigestMetrics {

    private final Metrics metrics;
    private final AtomicInteger throttles = new AtomicInteger();

    public DigestMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    public void sesThrottled() {
        throttles.incrementAndGet();
    }

    public void publish(java.util.List<SendOutcome> outcomes) {
        if (metrics == null) {
            return;
        }
        int throttled = throttles.getAndSet(0);
        metrics.flushMetrics(m -> {
            int sent = 0;
            for (SendOutcome outcome : outcomes) {
                if (outcome instanceof SendOutcome.Sent s) {
                    sent++;
                    m.addMetric("EntriesPerDigest", s.entries(), MetricUnit.COUNT);
                }
            }
            m.addMetric("DigestsSent", sent, MetricUnit.COUNT);
            m.addMetric("SesThrottles", throttled, MetricUnit.COUNT);
        });
    }

    /** For tests and the local runtime's console: counts nothing to CloudWatch. */
    public static DigestMetrics none() {
        return new DigestMetrics(null);
    }
}
