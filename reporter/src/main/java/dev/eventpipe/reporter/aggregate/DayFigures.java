package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.reporter.report.DailyReport;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What the store says about a day, before it is compared with other days: the figures of
 * {@link DailyReport} that come from receipts and manifests alone.
 *
 * @param unreadable keys of receipts or manifests that could not be parsed; they are left out of the figures
 */
public record DayFigures(ReportDay day, DailyReport.Totals totals, SortedMap<String, Long> byEventType,
                         SortedMap<String, Long> byAction, List<Long> byHour, DailyReport.Users users,
                         Optional<DailyReport.Amount> amount, DailyReport.Quality quality,
                         Optional<DailyReport.Latency> latency, List<String> unreadable) {

    public DayFigures {
        byHour = List.copyOf(byHour);
        unreadable = List.copyOf(unreadable);
    }

    /** Nothing arrived: no file reached a receipt and no record has the day as its date. */
    public boolean isEmpty() {
        return totals.filesReceived() == 0 && totals.recordsValid() == 0;
    }
}
