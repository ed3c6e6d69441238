package dev.eventpipe.processor.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Validates and standardises rows against a {@link Schema}: maps input names to fields, trims and
 * normalises text, checks required fields, types, lengths and patterns, and collects every problem of
 * a row (not just the first) so a rejected row carries all its reasons.
 *
 * <p>Not thread-safe: one per file being processed.
 */
public final class RecordValidator {

    /** Marks an input column that is not a schema field: it is kept under the extras field. */
    public static final int EXTRA = -1;

    private final Schema schema;
    private final FieldSpec[] fields;
    private final int partition;
    private final int maxFieldChars;
    private final Standardized out;
    private final Timestamps timestamps = new Timestamps();
    private final Map<String, Integer> slotCache = new HashMap<>();
    private final int[] seenAt;
    private int[] rowSlots = new int[16];
    /** One reusable matcher per field with a pattern: a validator serves one thread. */
    private final Matcher[] matchers;

    public RecordValidator(Schema schema, int maxFieldChars) {
        this.schema = schema;
        this.fields = schema.fields().toArray(FieldSpec[]::new);
        this.partition = schema.partitionIndex();
        this.maxFieldChars = maxFieldChars;
        this.out = new Standardized(fields.length);
        this.seenAt = new int[fields.length];
        this.matchers = new Matcher[fields.length];
        for (int i = 0; i < fields.length; i++) {
            int f = i;
            fields[i].pattern().ifPresent(p -> matchers[f] = p.matcher(""));
        }
    }

    /** The field an input name maps to, or {@link #EXTRA}. */
    public int slot(String inputName) {
        Integer cached = slotCache.get(inputName);
        if (cached == null) {
            cached = schema.fieldIndex(inputName).orElse(EXTRA);
            if (slotCache.size() < 10_000) { // JSON keys are data: bound the cache
                slotCache.put(inputName, cached);
            }
        }
        return cached;
    }

    /** Slots for a header; see {@link #headerProblems(String[])} for what makes a header unusable. */
    public int[] bind(String[] names) {
        int[] slots = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            slots[i] = slot(names[i]);
        }
        return slots;
    }

    /** Slots for one row's own names (JSON): reuses one array, valid until the next call. */
    public int[] bindRow(String[] names, int count) {
        if (rowSlots.length < count) {
            rowSlots = new int[Math.max(count, rowSlots.length * 2)];
        }
        for (int i = 0; i < count; i++) {
            rowSlots[i] = slot(names[i]);
        }
        return rowSlots;
    }

    /**
     * Why a CSV header cannot be processed, or an empty list: duplicate names, two columns for one field,
     * required fields without a column.
     */
    public List<String> headerProblems(String[] names) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        int[] columnOf = new int[fields.length];
        java.util.Arrays.fill(columnOf, -1);
        for (int i = 0; i < names.length; i++) {
            Integer previous = byName.putIfAbsent(names[i], i);
            if (previous != null) {
                problems.add("duplicate column name '" + names[i] + "' (columns " + (previous + 1) + " and " + (i + 1) + ")");
                continue;
            }
            int slot = slot(names[i]);
            if (slot != EXTRA) {
                if (columnOf[slot] >= 0) {
                    problems.add("columns '" + names[columnOf[slot]] + "' and '" + names[i] + "' both name field "
                            + fields[slot].name());
                } else {
                    columnOf[slot] = i;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (int f = 0; f < fields.length; f++) {
            if (fields[f].required() && columnOf[f] < 0) {
                missing.add(fields[f].name());
            }
        }
        if (!missing.isEmpty()) {
            problems.add("required column(s) missing: " + String.join(", ", missing));
        }
        return problems;
    }

    /**
     * Validates one row. {@code names[i]}/{@code values[i]} for {@code i < count}, {@code slots} from
     * {@link #bind}. A null value is an absent one. The result is valid until the next call.
     */
    public Standardized validate(String[] names, String[] values, int[] slots, int count) {
        Standardized s = out;
        s.reset();
        java.util.Arrays.fill(seenAt, -1);
        for (int i = 0; i < count; i++) {
            String v = values[i];
            int slot = slots[i];
            if (slot == EXTRA) {
                if (repeatsExtra(s, names[i])) {
                    s.problems.add(new Problem(names[i], "duplicate_field", "'" + names[i] + "' appears twice"));
                    continue;
                }
                if (v != null && v.length() > maxFieldChars) {
                    s.problems.add(new Problem(names[i], "field_too_long", "value of " + names[i] + " has " + v.length()
                            + " characters, more than the limit of " + maxFieldChars));
                }
                // An empty value is an absent one in every format: CSV cannot tell "" from a missing value,
                // so a JSON "" or null (or only spaces) is recorded as absent too and the column is omitted.
                s.addExtra(names[i], v == null || trim(v).isEmpty() ? null : v);
                continue;
            }
            if (seenAt[slot] >= 0) {
                String first = names[seenAt[slot]];
                s.problems.add(first.equals(names[i])
                        ? new Problem(fields[slot].name(), "duplicate_field", "'" + names[i] + "' appears twice")
                        : new Problem(fields[slot].name(), "ambiguous_field", "'" + first + "' and '" + names[i]
                                + "' both name " + fields[slot].name()));
                continue;
            }
            seenAt[slot] = i;
            field(slot, v, s);
        }
        for (int f = 0; f < fields.length; f++) {
            if (seenAt[f] < 0 && fields[f].required()) {
                s.problems.add(new Problem(fields[f].name(), "missing_required", fields[f].name() + " is required"));
            }
        }
        return s;
    }

    private void field(int slot, String raw, Standardized s) {
        FieldSpec spec = fields[slot];
        String v = raw == null ? null : trim(raw);
        if (v == null || v.isEmpty()) {
            if (spec.required()) {
                s.problems.add(new Problem(spec.name(), "missing_required", spec.name() + " is required but empty"));
            }
            return;
        }
        if (v.length() > maxFieldChars || (spec.maxLength() > 0 && v.length() > spec.maxLength())) {
            int limit = spec.maxLength() > 0 ? Math.min(spec.maxLength(), maxFieldChars) : maxFieldChars;
            s.problems.add(new Problem(spec.name(), "field_too_long", spec.name() + " has " + v.length()
                    + " characters, more than the limit of " + limit));
            return;
        }
        switch (spec.type()) {
            case STRING -> {
                v = switch (spec.normalize()) {
                    case NONE -> v;
                    case LOWERCASE -> lower(v);
                    case UPPERCASE -> upper(v);
                };
                if (matchers[slot] != null && !matchers[slot].reset(v).matches()) {
                    s.problems.add(new Problem(spec.name(), "pattern_mismatch", spec.name() + " '" + clip(v)
                            + "' does not match " + spec.pattern().get().pattern()));
                    return;
                }
                s.values[slot] = v;
            }
            case TIMESTAMP -> {
                String why = timestamps.parse(v);
                if (why == null && !timestamps.inWritableRange()) {
                    why = "out of range";
                }
                if (why != null) {
                    s.problems.add(new Problem(spec.name(), "invalid_timestamp", spec.name() + " '" + clip(v) + "' " + why));
                    return;
                }
                s.values[slot] = isCanonical(v) ? v : timestamps.format();
                if (slot == partition) {
                    s.epochSecond = timestamps.epochSecond;
                    s.nano = timestamps.nano;
                }
            }
            case DECIMAL -> {
                String canonical = Decimals.canonical(v);
                if (canonical == null) {
                    s.problems.add(new Problem(spec.name(), "invalid_decimal", spec.name() + " '" + clip(v)
                            + "' is not a decimal number (digits, one optional '.', at most "
                            + Decimals.MAX_DIGITS + " digits)"));
                    return;
                }
                s.values[slot] = canonical;
            }
            case INTEGER -> {
                try {
                    s.values[slot] = Long.toString(Long.parseLong(v.startsWith("+") ? v.substring(1) : v));
                } catch (NumberFormatException e) {
                    s.problems.add(new Problem(spec.name(), "invalid_integer", spec.name() + " '" + clip(v)
                            + "' is not a whole number within 64 bits"));
                }
            }
            case BOOLEAN -> {
                switch (v.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "y", "1" -> s.values[slot] = "true";
                    case "false", "no", "n", "0" -> s.values[slot] = "false";
                    default -> s.problems.add(new Problem(spec.name(), "invalid_boolean", spec.name() + " '" + clip(v)
                            + "' is not true/false"));
                }
            }
            default -> throw new IllegalStateException("unknown type " + spec.type());
        }
    }

    /**
     * {@link String#strip()} plus the no-break spaces spreadsheets export ({@code U+00A0}, {@code U+2007},
     * {@code U+202F}) and a stray BOM, which {@code strip()} keeps: a required field holding only those is
     * empty.
     */
    static String trim(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && isSpace(raw.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(raw.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == raw.length() ? raw : raw.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c <= ' ' ? c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b
                : Character.isWhitespace(c) || c == '\u00a0' || c == '\u2007' || c == '\u202f' || c == '\ufeff';
    }

    /** JSON objects may repeat a key; CSV headers were checked once. Extras are few, so a scan is cheapest. */
    private static boolean repeatsExtra(Standardized s, String name) {
        for (int k = 0; k < s.extraCount; k++) {
            if (s.extraNames[k].equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-case, with an allocation-free answer for the common case of text that already is. */
    private static String lower(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 'A' && c <= 'Z' || c > 0x7f) {
                return v.toLowerCase(Locale.ROOT);
            }
        }
        return v;
    }

    /**
     * Upper-case one code point at a time: {@code String.toUpperCase} expands 'ß' to "SS" and 'ﬀ' to "FF",
     * turning a stray letter into a valid-looking code ("SS" is South Sudan) after the length was checked.
     */
    private static String upper(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 'a' && c <= 'z' || c > 0x7f) {
                StringBuilder b = new StringBuilder(v.length());
                v.codePoints().forEach(cp -> b.appendCodePoint(Character.toUpperCase(cp)));
                return b.toString();
            }
        }
        return v;
    }

    /** Already {@code yyyy-MM-ddTHH:mm:ss.SSSZ}: the common case, written as given. */
    private static boolean isCanonical(String v) {
        return v.length() == 24 && v.charAt(10) == 'T' && v.charAt(19) == '.' && v.charAt(23) == 'Z';
    }

    private static String clip(String v) {
        return v.length() <= 64 ? v : v.substring(0, 61) + "...";
    }
}
