package dev.eventpipe.reporter.report;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** How figures are written for people: grouped thousands, rates as percentages, bytes in binary units. */
public final class Numbers {

    private Numbers() {
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1 row}, {@code 1,204 rows}. */
    public static String plural(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    public static String percent(double rate) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
    }

    public static String money(BigDecimal amount) {
        DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return f.format(amount);
    }

    public static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    public static String millis(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return String.format(Locale.ROOT, "%d min %d s", ms / 60_000, ms % 60_000 / 1000);
        }
        return String.format(Locale.ROOT, "%d h %d min", ms / 3_600_000, ms % 3_600_000 / 60_000);
    }

    /** A headline figure by its name: rates as percentages, the rest as whole counts. */
    public static String figure(String name, double value) {
        return name.endsWith("_rate") ? percent(value) : count(Math.round(value));
    }
}
