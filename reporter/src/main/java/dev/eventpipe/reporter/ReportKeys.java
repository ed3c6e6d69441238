package dev.eventpipe.reporter;

import java.time.LocalDate;
import java.util.Locale;

/**
 * Where a day's reports live in the reports bucket: {@code daily/YYYY/MM/DD/report.{json,txt,html}}. The
 * keys depend on the date alone, so a re-run rewrites them.
 */
public final class ReportKeys {

    private ReportKeys() {
    }

    public static String json(LocalDate date) {
        return prefix(date) + "report.json";
    }

    public static String text(LocalDate date) {
        return prefix(date) + "report.txt";
    }

    public static String html(LocalDate date) {
        return prefix(date) + "report.html";
    }

    private static String prefix(LocalDate date) {
        return String.format(Locale.ROOT, "daily/%04d/%02d/%02d/", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }
}
