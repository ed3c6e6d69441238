package dev.eventpipe.reporter.aggregate;

import dev.eventpipe.reporter.report.DailyReport;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What the store says about a day, before it is compared with other days: the figures of
 * {@link DailyReport} that come from receipts and manifests alone.
 *
 * @param ingestedEventDates the UTC event dates of the records in the files processed on the day
 * @param unreadable keys of receipts or manifests that could not be parsed; they are left out of the figures
 */
public record DayFigures(ReportDay day, DailyReport.Totals totals, SortedMap<String, Long> byEventType,
                         SortedMap<String, Long> byAction, List<Long> byHour, DailyReport.Users users,
                         Optional<DailyReport.Amount> amount, DailyReport.Quality quality,
                         Optional<DailyReport.Latency> latency, List<LocalDate> ingestedEventDates,
                         List<String> unreadable) {

    public DayFigures {
        byHour = List.copyOf(byHour);
        ingestedEventDates = List.copyOf(ingestedEventDates);
        unreadable = List.copyOf(unreadable);
    }

    /** Nothing arrived: no file reached a receipt and no record has the day as its date. */
    public boolean isEmpty() {
        return totals.filesReceived() == 0 && totals.recordsValid() == 0;
    }
}
