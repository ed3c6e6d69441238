package dev.eventpipe.cli.console;

import java.util.Locale;

/**
 * Inline SVG bar charts drawn on the server: no script, no style attribute (the page's
 * Content-Security-Policy allows neither), colours from the stylesheet's classes.
 */
final class Charts {

    static final int WIDTH = 600;
    static final int HEIGHT = 160;
    private static final int LEFT = 44;
    private static final int BOTTOM = 18;
    private static final int TOP = 8;

    private Charts() {
    }

    /**
     * Bars of the day's 5-minute slots.
     *
     * @param label      the chart's accessible name
     * @param values     one value per slot
     * @param highlight  a part of each value drawn over it in the second colour (e.g. rejected of read), or null
     */
    static String bars(String label, long[] values, long[] highlight) {
        long max = 1;
        for (long v : values) {
            max = Math.max(max, v);
        }
        double plotW = WIDTH - LEFT - 4;
        double plotH = HEIGHT - TOP - BOTTOM;
        double bw = plotW / values.length;
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(label)).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        s.append("<title>").append(Html.esc(label)).append("</title>");
        // y axis: 0 and max
        s.append(text(LEFT - 4, TOP + 8, "end", compact(max)));
        s.append(text(LEFT - 4, TOP + plotH, "end", "0"));
        s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" y1=\"").append(fmt(TOP + plotH)).append("\" x2=\"")
                .append(WIDTH - 4).append("\" y2=\"").append(fmt(TOP + plotH)).append("\"/>");
        for (int h = 0; h <= 24; h += 6) {
            double x = LEFT + plotW * h / 24.0;
            s.append(text(x, HEIGHT - 4, h == 0 ? "start" : h == 24 ? "end" : "middle", String.format(Locale.ROOT, "%02d:00", h)));
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] > 0) {
                s.append(rect("bar", LEFT + i * bw, TOP + plotH, bw, plotH * values[i] / max));
            }
            if (highlight != null && highlight[i] > 0) {
                s.append(rect("bar2", LEFT + i * bw, TOP + plotH, bw, plotH * Math.min(highlight[i], max) / max));
            }
        }
        return s.append("</svg>").toString();
    }

    private static String rect(String cls, double x, double baseline, double w, double h) {
        double height = Math.max(h, 0.5);
        return "<rect class=\"" + cls + "\" x=\"" + fmt(x) + "\" y=\"" + fmt(baseline - height) + "\" width=\""
                + fmt(Math.max(w - 0.3, 0.4)) + "\" height=\"" + fmt(height) + "\"/>";
    }

    private static String text(double x, double y, String anchor, String t) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + Html.esc(t) + "</text>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String compact(long v) {
        return v >= 1_000_000 ? String.format(Locale.ROOT, "%.1fM", v / 1e6)
                : v >= 10_000 ? String.format(Locale.ROOT, "%.0fk", v / 1e3) : Long.toString(v);
    }
}
