package dev.eventpipe.shared.metrics;

import java.util.EnumMap;

/**
 * Metrics kept in memory and added up: for the local stack (which prints them) and for tests (which
 * assert them). Thread-safe.
 */
public final class CountingMetrics implements Metrics {

    private final EnumMap<Metric, Double> totals = new EnumMap<>(Metric.class);
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

    /** How many times {@link #flush()} was called: one per batch or invocation. */
    public synchronized int flushes() {
        return flushes;
    }
}
