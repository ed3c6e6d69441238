package dev.eventpipe.reporter.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.reporter.report.DailyReport;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** {@code report.json}: the report in snake_case JSON, documented in {@code docs/report.md}. */
public final class ReportJson {

    private ReportJson() {
    }

    public static byte[] toJson(DailyReport report) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serialises", e);
        }
    }

    /** An earlier report as a tree: read by stable paths, so an older or newer schema still compares. */
    public static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a report: " + e.getMessage(), e);
        }
    }
}
