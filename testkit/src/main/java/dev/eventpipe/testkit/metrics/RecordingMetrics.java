package dev.eventpipe.testkit.metrics;

import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.metrics.Metrics;
import java.util.EnumMap;
import java.util.Map;

/** Metrics that add up in memory, so a test can assert what was counted. */
public final class RecordingMetrics implements Metrics {

    private final Map<Metric, Double> totals = new EnumMap<>(Metric.class);
    private int flushes;

    @Override
    public synchronized void add(Metric metric, double value) {
        totals.merge(metric, value, Double::sum);
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    /** The sum of every value added for the metric (0 when none). */
    public synchronized double total(Metric metric) {
        return totals.getOrDefault(metric, 0.0);
    }

    public synchronized int flushes() {
        return flushes;
    }
}
