package dev.eventpipe.reporter.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.reporter.aggregate.DayFigures;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The figures compared with earlier days: each read from this day's figures and, for earlier days, from
 * their {@code report.json} at a path that is stable within a schema version.
 */
public enum Headline {
    FILES_PROCESSED("files_processed", "/totals/files_processed", f -> f.totals().filesProcessed()),
    FILES_QUARANTINED("files_quarantined", "/totals/files_quarantined", f -> f.totals().filesQuarantined()),
    RECORDS_VALID("records_valid", "/totals/records_valid", f -> f.totals().recordsValid()),
    RECORDS_REJECTED("records_rejected", "/totals/records_rejected", f -> f.totals().recordsRejected()),
    REJECT_RATE("reject_rate", "/totals/reject_rate", f -> f.totals().rejectRate()),
    USERS_DISTINCT("users_distinct", "/users/distinct", f -> f.users().distinct());

    private final String figure;
    private final String pointer;
    private final ToDoubleFunction<DayFigures> value;

    Headline(String figure, String pointer, ToDoubleFunction<DayFigures> value) {
        this.figure = figure;
        this.pointer = pointer;
        this.value = value;
    }

    public String figure() {
        return figure;
    }

    double of(DayFigures figures) {
        return value.applyAsDouble(figures);
    }

    /** The figure in an earlier report, if it has it as a number. */
    Optional<Double> in(JsonNode report) {
        JsonNode n = report.at(pointer);
        return n.isNumber() ? Optional.of(n.asDouble()) : Optional.empty();
    }
}
