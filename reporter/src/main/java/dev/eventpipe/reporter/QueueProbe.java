package dev.eventpipe.reporter;

import dev.eventpipe.reporter.report.ReportAssembler;

/** Reads how deep the files queue and its DLQ are when the report runs. */
public interface QueueProbe {

    QueueProbe NONE = () -> ReportAssembler.QueueDepths.UNKNOWN;

    ReportAssembler.QueueDepths depths();
}
