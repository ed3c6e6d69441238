package dev.eventpipe.cli.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for every string that comes from data: text and attribute values alike, and query parameters. */
final class Html {

    private Html() {
    }

    /** Safe in element text and in a quoted attribute value: {@code & < > " '} become entities. */
    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(r);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** A query-parameter value, percent-encoded (then still escaped where it goes into an attribute). */
    static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
