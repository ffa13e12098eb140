package io.bucketdigest.digest;

import io.bucketdigest.core.sender.SendOutcome;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Per-invocation digest counters: digests sent, entries per digest, SES throttles. {@link #powertools} publishes them
 * as CloudWatch embedded metric format (EMF) log lines; {@link #none} publishes nothing.
 */
public interface DigestMetrics {

    /** Counts one SES throttle; published with the invocation's other counters. */
    void sesThrottled();

    void publish(List<SendOutcome> outcomes);

    static DigestMetrics powertools(Metrics metrics) {
        return new PowertoolsDigestMetrics(metrics);
    }

    /** For tests and the local runtime: counts nothing to CloudWatch. */
    static DigestMetrics none() {
        return new DigestMetrics() {
            @Override
            public void sesThrottled() {
                // nothing to count
            }

            @Override
            public void publish(List<SendOutcome> outcomes) {
                // nothing to publish
            }
        };
    }

    /** EMF through Powertools. */
    final class PowertoolsDigestMetrics implements DigestMetrics {

        private final Metrics metrics;
        private final AtomicInteger throttles = new AtomicInteger();

        private PowertoolsDigestMetrics(Metrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
        }

        @Override
        public void sesThrottled() {
            throttles.incrementAndGet();
        }

        @Override
        public void publish(List<SendOutcome> outcomes) {
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
    }
}
