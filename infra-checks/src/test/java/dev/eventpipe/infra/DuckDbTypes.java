package dev.eventpipe.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DuckDB type as {@code eventpipe query}'s views declare it ({@code STRUCT(a VARCHAR, b BIGINT[])},
 * {@code MAP(VARCHAR, VARCHAR)}), written as the Hive type a Glue table would give it.
 */
final class DuckDbTypes {

    private final String text;
    private int at;

    private DuckDbTypes(String text) {
        this.text = text;
    }

    static String toHive(String duckDbType) {
        DuckDbTypes p = new DuckDbTypes(duckDbType);
        String hive = p.type();
        p.skipSpaces();
        if (p.at != p.text.length()) {
            throw new IllegalArgumentException("unexpected '" + duckDbType.substring(p.at) + "' in " + duckDbType);
        }
        return hive;
    }

    private String type() {
        String name = word().toUpperCase(Locale.ROOT);
        String hive = switch (name) {
            case "VARCHAR" -> "string";
            case "BIGINT" -> "bigint";
            case "INTEGER" -> "int";
            case "BOOLEAN" -> "boolean";
            case "TIMESTAMP" -> "timestamp";
            case "DECIMAL" -> "decimal(" + String.join(",", list(this::word)) + ")";
            case "MAP" -> "map<" + String.join(",", list(this::type)) + ">";
            case "STRUCT" -> "struct<" + String.join(",", list(() -> word() + ":" + type())) + ">";
            default -> throw new IllegalArgumentException("no Hive type for DuckDB's " + name + " here");
        };
        while (peek("[]")) {
            at += 2;
            hive = "array<" + hive + ">";
        }
        return hive;
    }

    /** {@code ( item , item … )}. */
    private List<String> list(java.util.function.Supplier<String> item) {
        expect('(');
        List<String> items = new ArrayList<>();
        do {
            items.add(item.get());
        } while (accept(','));
        expect(')');
        return items;
    }

    private String word() {
        skipSpaces();
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
            at++;
        }
        if (start == at) {
            throw new IllegalArgumentException("a name or type expected at " + at + " in " + text);
        }
        return text.substring(start, at);
    }

    private boolean peek(String s) {
        skipSpaces();
        return text.startsWith(s, at);
    }

    private boolean accept(char c) {
        if (peek(String.valueOf(c))) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw new IllegalArgumentException("'" + c + "' expected at " + at + " in " + text);
        }
    }

    private void skipSpaces() {
        while (at < text.length() && text.charAt(at) == ' ') {
            at++;
        }
    }
}
