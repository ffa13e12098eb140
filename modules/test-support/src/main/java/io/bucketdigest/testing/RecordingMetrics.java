package io.bucketdigest.testing;

import com.amazonaws.services.lambda.runtime.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricResolution;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Powertools metrics that keep each flushMetrics call's metrics (name to values) instead of printing EMF. */
public final class RecordingMetrics implements Metrics {

    private final List<Map<String, List<Double>>> flushes = new ArrayList<>();
    private Map<String, List<Double>> current;

    /** Each flush's metrics, in order. */
    public List<Map<String, List<Double>>> flushes() {
        return flushes;
    }

    @Override
    public void flushMetrics(Consumer<Metrics> metricsConsumer) {
        current = new LinkedHashMap<>();
        metricsConsumer.accept(this);
        flushes.add(current);
        current = null;
    }

    @Override
    public void addMetric(String key, double value, MetricUnit unit, MetricResolution resolution) {
        if (current == null) {
            throw new IllegalStateException("metric " + key + " added outside flushMetrics");
        }
        current.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }

    @Override
    public void addDimension(DimensionSet dimensionSet) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setTimestamp(Instant timestamp) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addMetadata(String key, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setDefaultDimensions(DimensionSet dimensionSet) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DimensionSet getDefaultDimensions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setNamespace(String namespace) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setRaiseOnEmptyMetrics(boolean raiseOnEmptyMetrics) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clearDefaultDimensions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void flush() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void captureColdStartMetric(Context context, DimensionSet dimensions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void captureColdStartMetric(DimensionSet dimensions) {
        throw new UnsupportedOperationException();
    }
}
