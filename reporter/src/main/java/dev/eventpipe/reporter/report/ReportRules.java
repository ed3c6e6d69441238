package dev.eventpipe.reporter.report;

/**
 * When a report raises an alert.
 *
 * @param band           a headline figure is flagged when it is further than this fraction from its
 *                       7-day median (0.5: half the median either way)
 * @param minHistoryDays how many earlier reports the median needs before figures are flagged
 * @param maxRejectRate  the day's reject rate above which an alert is raised whatever the history
 */
public record ReportRules(double band, int minHistoryDays, double maxRejectRate) {

    public static final ReportRules DEFAULTS = new ReportRules(0.5, 3, 0.05);

    public ReportRules {
        if (!(band > 0) || minHistoryDays < 1 || minHistoryDays > 7 || !(maxRejectRate >= 0 && maxRejectRate <= 1)) {
            throw new IllegalArgumentException("report rules out of range: band " + band + ", history "
                    + minHistoryDays + ", reject rate " + maxRejectRate);
        }
    }
}
