package dev.eventpipe.ingest.query;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a result is printed: {@code table} for a person at a terminal, {@code csv} and {@code json} for programs. */
public enum ResultFormat {

    /**
     * Aligned columns under a header (numbers on the right, NULL spelt out), each cell cut at
     * {@value TableSink#CELL} characters; at most {@code maxRows} rows are shown (the table waits for them to
     * line them up), then the count.
     */
    TABLE,
    /** RFC 4180 with a header line, {@code \n} line ends, NULL as an empty field, nested values as DuckDB prints them. */
    CSV,
    /** One JSON array, an object per row on its own line; nested values as JSON objects and arrays, NULL as null. */
    JSON;

    /** A sink printing to {@code out}; {@code maxRows} applies to {@link #TABLE} only. */
    public ResultSink sink(PrintStream out, int maxRows) {
        return switch (this) {
            case TABLE -> new TableSink(out, maxRows);
            case CSV -> new CsvSink(out);
            case JSON -> new JsonSink(out);
        };
    }

    public static ResultFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format must be table, csv or json, not '" + text + "'");
        }
    }

    static final class TableSink implements ResultSink {
        static final int CELL = 80;
        private final PrintStream out;
        private final int maxRows;
        private List<Column> columns = List.of();
        private final List<String[]> rows = new ArrayList<>();

        TableSink(PrintStream out, int maxRows) {
            this.out = out;
            this.maxRows = maxRows;
        }

        @Override
        public void columns(List<Column> columns) {
            this.columns = List.copyOf(columns);
        }

        @Override
        public void row(List<Object> values, List<String> text) {
            if (rows.size() < maxRows) {
                String[] cells = new String[text.size()];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = cell(text.get(i));
                }
                rows.add(cells);
            }
        }

        private static String cell(String text) {
            if (text == null) {
                return "NULL";
            }
            String one = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
            return one.length() <= CELL ? one : one.substring(0, CELL - 1) + "…";
        }

        @Override
        public void end(long count) {
            int n = columns.size();
            int[] width = new int[n];
            for (int i = 0; i < n; i++) {
                width[i] = columns.get(i).name().length();
                for (String[] r : rows) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            StringBuilder header = new StringBuilder();
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String sep = i == 0 ? "" : "  ";
                header.append(sep).append(pad(columns.get(i).name(), width[i], columns.get(i).numeric()));
                rule.append(sep).append("-".repeat(width[i]));
            }
            out.println(header.toString().stripTrailing());
            out.println(rule);
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    line.append(i == 0 ? "" : "  ").append(pad(r[i], width[i], columns.get(i).numeric()));
                }
                out.println(line.toString().stripTrailing());
            }
            if (count > rows.size()) {
                out.printf(Locale.ROOT, "(%,d rows, the first %,d shown: --max-rows N, or --format csv for all)%n", count, rows.size());
            } else {
                out.printf(Locale.ROOT, "(%,d row%s)%n", count, count == 1 ? "" : "s");
            }
            out.flush();
        }

        private static String pad(String s, int width, boolean right) {
            String fill = " ".repeat(width - s.length());
            return right ? fill + s : s + fill;
        }

        @Override
        public void noResult(long updateCount) {
            out.println(updateCount >= 0 ? "OK (" + updateCount + " rows)" : "OK");
        }
    }

    static final class CsvSink implements ResultSink {
        private final PrintStream out;

        CsvSink(PrintStream out) {
            this.out = out;
        }

        @Override
        public void columns(List<Column> columns) {
            out.print(String.join(",", columns.stream().map(c -> field(c.name())).toList()));
            out.print('\n');
        }

        @Override
        public void row(List<Object> values, List<String> text) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < text.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(text.get(i) == null ? "" : field(text.get(i)));
            }
            out.print(b.append('\n'));
        }

        static String field(String s) {
            boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                    || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))));
            return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
        }

        @Override
        public void end(long rows) {
            out.flush();
        }
    }

    static final class JsonSink implements ResultSink {
        private final PrintStream out;
        private List<Column> columns = List.of();
        private long rows;

        JsonSink(PrintStream out) {
            this.out = out;
        }

        @Override
        public void columns(List<Column> columns) {
            this.columns = List.copyOf(columns);
            out.print("[");
        }

        @Override
        public void row(List<Object> values, List<String> text) {
            java.io.StringWriter w = new java.io.StringWriter();
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(w)) {
                g.setCodec(Json.mapper());
                g.writeStartObject();
                for (int i = 0; i < columns.size(); i++) {
                    g.writeFieldName(columns.get(i).name()); // duplicate names are kept, as the result has them
                    g.writeObject(values.get(i));
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.print(rows++ == 0 ? "\n" : ",\n");
            out.print(w);
        }

        @Override
        public void end(long count) {
            out.print(rows == 0 ? "]\n" : "\n]\n");
            out.flush();
        }

        @Override
        public void noResult(long updateCount) {
            out.println("[]");
        }
    }
}
