package dev.eventpipe.shared.metrics;

/**
 * The metrics port. Values are accumulated during one invocation and published by {@link #flush()} at
 * its end, as one EMF document.
 */
public interface Metrics {

    void add(Metric metric, double value);

    /** Publishes what was added since the last flush. */
    void flush();

    /** Metrics that go nowhere. */
    static Metrics noop() {
        return NoopMetrics.INSTANCE;
    }
}

enum NoopMetrics implements Metrics {
    INSTANCE;

    @Override
    public void add(Metric metric, double value) {
        // nothing
    }

    @Override
    public void flush() {
        // nothing
    }
}
