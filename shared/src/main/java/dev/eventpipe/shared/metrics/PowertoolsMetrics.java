package dev.eventpipe.shared.metrics;

import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link Metrics} as CloudWatch Embedded Metric Format through Powertools. Powertools keeps its metrics
 * in a JVM-wide singleton; this adapter is the only code that touches it.
 *
 * <p>Namespace and service come from {@code POWERTOOLS_METRICS_NAMESPACE} and
 * {@code POWERTOOLS_SERVICE_NAME}; Powertools adds the {@code Service} dimension itself. A flush with
 * nothing recorded writes nothing (no "empty metrics" warning is raised).
 */
public final class PowertoolsMetrics implements Metrics {

    private final software.amazon.lambda.powertools.metrics.Metrics delegate;
    private boolean dirty;

    public PowertoolsMetrics(String namespace, String service) {
        this.delegate = MetricsFactory.getMetricsInstance();
        delegate.setNamespace(namespace);
        delegate.setRaiseOnEmptyMetrics(false);
        if (service != null && !service.isBlank()) {
            delegate.setDefaultDimensions(software.amazon.lambda.powertools.metrics.model.DimensionSet.of("Service", service));
        }
    }

    @Override
    public synchronized void add(Metric metric, double value) {
        delegate.addMetric(metric.metricName(), value, unit(metric.unit()));
        dirty = true;
    }

    @Override
    public synchronized void flush() {
        if (dirty) {
            delegate.flush();
            dirty = false;
        }
    }

    private static MetricUnit unit(Metric.Unit unit) {
        return switch (unit) {
            case COUNT -> MetricUnit.COUNT;
            case BYTES -> MetricUnit.BYTES;
            case MILLISECONDS -> MetricUnit.MILLISECONDS;
        };
    }
}
