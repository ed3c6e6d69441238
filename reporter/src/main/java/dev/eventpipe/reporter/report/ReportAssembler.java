package dev.eventpipe.reporter.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.reporter.aggregate.DayFigures;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a day's figures into its report: compares the headline figures with the previous day and the
 * median of the last seven days that have a report, and raises the alerts. Pure: everything it needs is
 * passed in.
 */
public final class ReportAssembler {

    private final ReportRules rules;
    private final String pipelineVersion;

    public ReportAssembler(ReportRules rules, String pipelineVersion) {
        this.rules = rules;
        this.pipelineVersion = pipelineVersion;
    }

    /**
     * @param history    earlier days' {@code report.json}, by date; days without a report are absent
     * @param queues     the queues as they stood when the report ran
     */
    public DailyReport assemble(DayFigures f, Map<LocalDate, JsonNode> history, QueueDepths queues, Instant generatedAt) {
        return assemble(f, history, queues, Optional.empty(), generatedAt);
    }

    /** @param uploads the day's uploads accounted for, when the input buckets are known */
    public DailyReport assemble(DayFigures f, Map<LocalDate, JsonNode> history, QueueDepths queues,
                                Optional<DailyReport.Uploads> uploads, Instant generatedAt) {
        List<DailyReport.Comparison> comparison = new ArrayList<>();
        for (Headline h : Headline.values()) {
            comparison.add(compare(h, f, history));
        }
        List<DailyReport.Alert> alerts = alerts(f, comparison, queues, uploads);
        DailyReport.Operations ops = new DailyReport.Operations(f.latency(), queues.queue(), queues.dlq(), f.unreadable(),
                uploads);
        return new DailyReport(DailyReport.SCHEMA_VERSION, f.day().date(), f.day().zone().getId(), f.day().hours(),
                generatedAt.truncatedTo(ChronoUnit.MILLIS), pipelineVersion, f.totals(), f.byEventType(), f.byAction(),
                f.byHour(), f.users(), f.amount(), f.ingestedEventDates(), f.quality(), ops, comparison, alerts);
    }

    private DailyReport.Comparison compare(Headline h, DayFigures f, Map<LocalDate, JsonNode> history) {
        double value = h.of(f);
        LocalDate date = f.day().date();
        Optional<Double> previous = Optional.ofNullable(history.get(date.minusDays(1))).flatMap(h::in);
        double[] week = new double[7];
        int days = 0;
        for (int back = 1; back <= 7; back++) {
            JsonNode past = history.get(date.minusDays(back));
            Optional<Double> v = past == null ? Optional.empty() : h.in(past);
            if (v.isPresent()) {
                week[days++] = v.get();
            }
        }
        Optional<Double> median = days == 0 ? Optional.empty() : Optional.of(median(Arrays.copyOf(week, days)));
        Optional<Double> change = median.filter(m -> m != 0).map(m -> (value - m) / m);
        boolean flagged = days >= rules.minHistoryDays() && median.isPresent()
                && (median.get() == 0 ? value > 0 && h != Headline.REJECT_RATE && h != Headline.FILES_QUARANTINED
                        : Math.abs(change.orElseThrow()) > rules.band());
        return new DailyReport.Comparison(h.figure(), value, previous, median, days, change, flagged);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private List<DailyReport.Alert> alerts(DayFigures f, List<DailyReport.Comparison> comparison, QueueDepths queues,
                                           Optional<DailyReport.Uploads> uploads) {
        List<DailyReport.Alert> alerts = new ArrayList<>();
        if (f.isEmpty()) {
            alerts.add(new DailyReport.Alert("no_data", "No data arrived: no file was processed and no record is dated "
                    + f.day().date() + "."));
        }
        if (f.totals().rejectRate() > rules.maxRejectRate()) {
            alerts.add(new DailyReport.Alert("reject_rate", String.format(Locale.ROOT,
                    "%.1f%% of rows were rejected, above the %.1f%% threshold.", 100 * f.totals().rejectRate(),
                    100 * rules.maxRejectRate())));
        }
        if (f.totals().filesQuarantined() > 0) {
            alerts.add(new DailyReport.Alert("quarantined", f.totals().filesQuarantined()
                    + (f.totals().filesQuarantined() == 1 ? " file was" : " files were") + " quarantined."));
        }
        uploads.filter(u -> u.noReceipt() > 0).ifPresent(u -> alerts.add(new DailyReport.Alert("unaccounted",
                u.noReceipt() + (u.noReceipt() == 1 ? " upload of " + f.day().date() + " has" : " uploads of " + f.day().date()
                        + " have") + " no receipt and no message waiting in the files queue: in the dead-letter queue, or lost. "
                        + "Run eventpipe audit --bucket " + (u.buckets().size() == 1 ? u.buckets().get(0) : "BUCKET") + " --since "
                        + f.day().start() + " --until " + f.day().end()
                        + (u.buckets().size() == 1 ? "" : " for each of " + String.join(", ", u.buckets()))
                        + " to list them with the fix (docs/operations.md#audit).")));
        queues.dlq().filter(n -> n > 0).ifPresent(n -> alerts.add(new DailyReport.Alert("dlq_not_empty",
                n + (n == 1 ? " message is" : " messages are") + " in the dead-letter queue: see docs/redrive.md.")));
        if (!f.unreadable().isEmpty()) {
            alerts.add(new DailyReport.Alert("unreadable", f.unreadable().size()
                    + " receipts or manifests could not be read and are left out."));
        }
        for (DailyReport.Comparison c : comparison) {
            if (c.flagged()) {
                alerts.add(new DailyReport.Alert("out_of_band", String.format(Locale.ROOT,
                        "%s is %s, against a 7-day median of %s.", c.figure(), Numbers.figure(c.figure(), c.value()),
                        Numbers.figure(c.figure(), c.median7().orElseThrow()))));
            }
        }
        return alerts;
    }

    /**
     * Queue depths when the report ran; empty when a queue is not configured or could not be read.
     *
     * @param queue messages waiting or in flight in the files queue
     * @param dlq   messages in the dead-letter queue
     */
    public record QueueDepths(Optional<Long> queue, Optional<Long> dlq) {
        public static final QueueDepths UNKNOWN = new QueueDepths(Optional.empty(), Optional.empty());
    }
}
