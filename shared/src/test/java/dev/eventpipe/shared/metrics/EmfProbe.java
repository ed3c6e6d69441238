package dev.eventpipe.shared.metrics;

/** Run in a child JVM by {@link PowertoolsMetricsIT}: adds two metrics and flushes them as EMF. */
public final class EmfProbe {

    private EmfProbe() {
    }

    public static void main(String[] args) {
        Metrics metrics = new PowertoolsMetrics("eventpipe", "eventpipe-processor");
        metrics.add(Metric.FILES_PROCESSED, 2);
        metrics.add(Metric.RECORDS_VALID, 10);
        metrics.add(Metric.PROCESSING_LATENCY, 125);
        metrics.flush();
        metrics.flush(); // nothing added since: writes nothing, raises nothing
    }
}
