package dev.eventpipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Seeded event files for the reliability runs (after {@code shared/bench/gen_events.py}: skewed event types,
 * about 5 % of rows invalid on purpose — a required field left empty or missing, an unparseable timestamp,
 * a non-numeric amount), CSV and JSON Lines in turn, every event on {@link #DAY}; and the truth about them,
 * computed by {@link #truth} from the bytes alone with its own small parser and its own idea of a valid row,
 * never with the processor's code, so that a report that agrees with it agrees with something independent.
 */
final class EventFiles {

    /** The event date of every generated row. */
    static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    private static final String[] TYPES = {"page_view", "click", "add_to_cart", "search", "purchase", "login", "logout", "error"};
    private static final int[] TYPE_WEIGHTS = {45, 22, 10, 9, 5, 4, 3, 2};
    private static final String[] ACTIONS = {"view", "scroll", "tap", "submit", "open", "close"};
    private static final String[] COLUMNS = {"event_id", "timestamp", "event_type", "user_id", "action", "amount", "country"};
    private static final String[] REQUIRED = {"event_id", "timestamp", "event_type", "user_id"};
    private static final String[] BAD_TIMESTAMPS = {"yesterday", "2024-13-45T25:61:00Z", "2026-11-25T99:00:00Z", "soon"};
    private static final String[] BAD_AMOUNTS = {"N/A", "abc", "1.2.3", "$19.99"};
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern AMOUNT = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFiles() {
    }

    record File(String key, byte[] content) {
    }

    /**
     * The processor's documented default: a file with more than half of its rows rejected is quarantined whole
     * ({@code EVENTPIPE_MAX_REJECT_RATE}, docs/storage.md), and none of its records count.
     */
    static final double MAX_REJECT_RATE = 0.5;

    /**
     * What the report of {@link #DAY} must say: valid records per event type; the invalid rows, per key; and
     * the files quarantined for their reject rate (rare: a short file with several spoiled rows).
     */
    record Truth(Map<String, Long> validByType, long valid, long invalid, Map<String, Long> invalidByKey,
                 java.util.Set<String> quarantined) {
    }

    /** {@code files} files under {@code prefix}, 5 to 24 rows each. */
    static List<File> generate(long seed, String prefix, int files) {
        Random random = new Random(seed);
        List<File> out = new ArrayList<>(files);
        for (int f = 0; f < files; f++) {
            boolean csv = f % 2 == 0;
            int rows = 5 + random.nextInt(20);
            StringBuilder text = new StringBuilder();
            if (csv) {
                text.append(String.join(",", COLUMNS)).append('\n');
            }
            for (int r = 0; r < rows; r++) {
                String[] v = row(random, f, r);
                if (random.nextDouble() < 0.05) {
                    spoil(random, v);
                }
                if (csv) {
                    for (int c = 0; c < v.length; c++) {
                        text.append(c == 0 ? "" : ",").append(v[c] == null ? "" : v[c]); // missing is empty in a CSV
                    }
                    text.append('\n');
                } else {
                    Map<String, Object> o = new java.util.LinkedHashMap<>();
                    for (int c = 0; c < COLUMNS.length; c++) {
                        if (v[c] == null) {
                            continue; // a required field missing: absent from the object
                        }
                        if (COLUMNS[c].equals("amount")) {
                            o.put("amount", v[c].isEmpty() ? null : AMOUNT.matcher(v[c]).matches() ? new java.math.BigDecimal(v[c]) : v[c]);
                        } else {
                            o.put(COLUMNS[c], v[c]);
                        }
                    }
                    try {
                        text.append(JSON.writeValueAsString(o)).append('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            out.add(new File(String.format(Locale.ROOT, "%sfile-%05d.%s", prefix, f, csv ? "csv" : "jsonl"),
                    text.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String[] row(Random random, int file, int row) {
        int pick = random.nextInt(100);
        int t = 0;
        for (int acc = TYPE_WEIGHTS[0]; pick >= acc; acc += TYPE_WEIGHTS[++t]) {
            // walk the cumulative weights
        }
        String type = TYPES[t];
        int ms = random.nextInt(86_400_000);
        String ts = String.format(Locale.ROOT, "%sT%02d:%02d:%02d.%03dZ", DAY, ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
        String amount = type.equals("purchase") || type.equals("add_to_cart")
                ? String.format(Locale.ROOT, "%d.%02d", 1 + random.nextInt(500), random.nextInt(100)) : "";
        return new String[] {"e-" + file + "-" + row, ts, type, "u" + random.nextInt(5_000), ACTIONS[random.nextInt(ACTIONS.length)],
            amount, "US"};
    }

    /** One defect: a required field empty (CSV) or missing (JSON), a timestamp no parser takes, an amount that is no number. */
    private static void spoil(Random random, String[] v) {
        switch (random.nextInt(3)) {
            case 0 -> {
                int c = index(REQUIRED[random.nextInt(REQUIRED.length)]);
                v[c] = null;
            }
            case 1 -> v[1] = BAD_TIMESTAMPS[random.nextInt(BAD_TIMESTAMPS.length)];
            default -> v[5] = BAD_AMOUNTS[random.nextInt(BAD_AMOUNTS.length)];
        }
    }

    private static int index(String column) {
        for (int c = 0; c < COLUMNS.length; c++) {
            if (COLUMNS[c].equals(column)) {
                return c;
            }
        }
        throw new IllegalArgumentException(column);
    }

    /**
     * Reads the files back: CSV split on commas (the generator writes no quotes, commas or newlines inside
     * values) and JSON Lines with a plain JSON parser; a row is valid when its four required fields are
     * non-empty, its timestamp is a real UTC instant with milliseconds on {@link #DAY}, and its amount is
     * empty, null or a plain decimal.
     */
    static Truth truth(List<File> files) {
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> invalidByKey = new TreeMap<>();
        java.util.Set<String> quarantined = new java.util.TreeSet<>();
        long valid = 0;
        long invalid = 0;
        for (File f : files) {
            String[] lines = new String(f.content(), StandardCharsets.UTF_8).split("\n");
            boolean csv = f.key().endsWith(".csv");
            long bad = 0;
            Map<String, Long> types = new TreeMap<>();
            for (int i = csv ? 1 : 0; i < lines.length; i++) {
                Map<String, String> row = csv ? csvRow(lines[0], lines[i]) : jsonRow(lines[i]);
                if (valid(row)) {
                    types.merge(row.get("event_type"), 1L, Long::sum);
                } else {
                    bad++;
                }
            }
            long good = types.values().stream().mapToLong(Long::longValue).sum();
            if ((double) bad / (good + bad) > MAX_REJECT_RATE) {
                quarantined.add(f.key());
                continue;
            }
            types.forEach((t, n) -> byType.merge(t, n, Long::sum));
            valid += good;
            invalid += bad;
            invalidByKey.put(f.key(), bad);
        }
        return new Truth(byType, valid, invalid, invalidByKey, quarantined);
    }

    private static Map<String, String> csvRow(String header, String line) {
        String[] names = header.split(",", -1);
        String[] values = line.split(",", -1);
        Map<String, String> row = new TreeMap<>();
        for (int c = 0; c < names.length; c++) {
            row.put(names[c], c < values.length ? values[c] : "");
        }
        return row;
    }

    private static Map<String, String> jsonRow(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            Map<String, String> row = new TreeMap<>();
            o.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
            return row;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean valid(Map<String, String> row) {
        for (String r : REQUIRED) {
            if (row.getOrDefault(r, "").isEmpty()) {
                return false;
            }
        }
        String ts = row.get("timestamp");
        if (!TIMESTAMP.matcher(ts).matches()) {
            return false;
        }
        try {
            if (!LocalDateTime.parse(ts.substring(0, ts.length() - 1)).toLocalDate().equals(DAY)) {
                return false;
            }
        } catch (DateTimeParseException e) {
            return false;
        }
        String amount = row.getOrDefault("amount", "");
        return amount.isEmpty() || AMOUNT.matcher(amount).matches();
    }
}
