package dev.eventpipe.processor.schema;

/**
 * Parses event timestamps without allocating: ISO-8601 date-times with an offset
 * ({@code 2026-11-25T10:15:30.123Z}, {@code 2026-11-25 10:15:30+05:30}, {@code +0530}, {@code +05}),
 * or epoch seconds (up to 11 digits, optionally with a fraction), milliseconds (12–14 digits),
 * microseconds (15–17) or nanoseconds (18–19).
 *
 * <p>Hand-written because {@code Instant.parse} / {@code DateTimeFormatter} cost about a third of the
 * whole conversion in the reference measurements; the rules are the ISO-8601 profile of RFC 3339 with
 * the common relaxations above. A local time without an offset is refused rather than guessed.
 */
final class Timestamps {

    /** The result of the last parse: valid only when {@link #parse} returned null. */
    long epochSecond;
    int nano;

    /**
     * Parses {@code s} into {@link #epochSecond} and {@link #nano}.
     *
     * @return null when valid, otherwise why not (a short phrase)
     */
    String parse(String s) {
        int n = s.length();
        if (n == 0) {
            return "empty";
        }
        boolean isoShaped = n >= 19 && s.charAt(4) == '-';
        if (!isoShaped && (isDigits(s, 0, n) || (n > 2 && s.indexOf('.') > 0 && isEpochWithFraction(s)))) {
            return parseEpoch(s);
        }
        if (n < 19) {
            return "not ISO-8601 with an offset or epoch seconds/milliseconds";
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        char t = s.charAt(10);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
                || s.charAt(4) != '-' || s.charAt(7) != '-' || (t != 'T' && t != 't' && t != ' ')
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return "not ISO-8601 with an offset or epoch seconds/milliseconds";
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return "not a valid date-time";
        }
        int i = 19;
        int nanos = 0;
        if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return "fraction of a second must have 1 to 9 digits";
            }
            for (int k = count; k < 9; k++) {
                nanos *= 10;
            }
        }
        if (i == n) {
            return "has no UTC offset (add Z or +HH:MM)";
        }
        int offsetSeconds;
        char z = s.charAt(i);
        if (z == 'Z' || z == 'z') {
            if (i + 1 != n) {
                return "unexpected text after the offset";
            }
            offsetSeconds = 0;
        } else if (z == '+' || z == '-') {
            int rest = n - i - 1;
            int oh;
            int om = 0;
            if (rest == 2) {
                oh = digits(s, i + 1, 2);
            } else if (rest == 4) {
                oh = digits(s, i + 1, 2);
                om = digits(s, i + 3, 2);
            } else if (rest == 5 && s.charAt(i + 3) == ':') {
                oh = digits(s, i + 1, 2);
                om = digits(s, i + 4, 2);
            } else {
                return "offset must be Z, +HH:MM, +HHMM or +HH";
            }
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return "offset must be Z, +HH:MM, +HHMM or +HH";
            }
            offsetSeconds = (oh * 3600 + om * 60) * (z == '-' ? -1 : 1);
        } else {
            return "offset must be Z, +HH:MM, +HHMM or +HH";
        }
        epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        nano = nanos;
        return null;
    }

    private String parseEpoch(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        int digits = whole.length();
        if (digits > 19) {
            return "epoch value out of range";
        }
        long value;
        try {
            value = Long.parseLong(whole);
        } catch (NumberFormatException e) {
            return "epoch value out of range";
        }
        if (dot >= 0 && digits > 11) {
            return "a fraction is only accepted on epoch seconds";
        }
        if (digits <= 11) {
            epochSecond = value;
            nano = 0;
            if (dot >= 0) {
                String frac = s.substring(dot + 1);
                if (frac.isEmpty() || frac.length() > 9) {
                    return "fraction of a second must have 1 to 9 digits";
                }
                int f = Integer.parseInt(frac);
                for (int k = frac.length(); k < 9; k++) {
                    f *= 10;
                }
                nano = f;
            }
        } else if (digits <= 14) {
            epochSecond = Math.floorDiv(value, 1_000L);
            nano = (int) Math.floorMod(value, 1_000L) * 1_000_000;
        } else if (digits <= 17) {
            epochSecond = Math.floorDiv(value, 1_000_000L);
            nano = (int) Math.floorMod(value, 1_000_000L) * 1_000;
        } else {
            epochSecond = Math.floorDiv(value, 1_000_000_000L);
            nano = (int) Math.floorMod(value, 1_000_000_000L);
        }
        if (epochSecond > MAX_EPOCH_SECOND) {
            return "epoch value out of range";
        }
        return null;
    }

    /** 9999-12-31T23:59:59Z: beyond it the canonical four-digit-year form cannot be written. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    /** Days since 1970-01-01 of the UTC date of the last parse. */
    long epochDay() {
        return Math.floorDiv(epochSecond, 86_400L);
    }

    /** Whether the last parse lies in years 0000–9999, the range the canonical form can express. */
    boolean inWritableRange() {
        return epochSecond >= MIN_EPOCH_SECOND && epochSecond <= MAX_EPOCH_SECOND;
    }

    /** 0000-01-01T00:00:00Z */
    static final long MIN_EPOCH_SECOND = -62_167_219_200L;

    /** The canonical form: {@code yyyy-MM-ddTHH:mm:ss.SSSZ}, with more fraction digits only when present. */
    String format() {
        long day = Math.floorDiv(epochSecond, 86_400L);
        int secOfDay = (int) Math.floorMod(epochSecond, 86_400L);
        // civil_from_days (Howard Hinnant), valid for the proleptic Gregorian calendar
        long z = day + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (m <= 2) {
            y++;
        }
        char[] out = new char[nano % 1_000_000 == 0 ? 24 : (nano % 1_000 == 0 ? 27 : 30)];
        put(out, 0, (int) y, 4);
        out[4] = '-';
        put(out, 5, m, 2);
        out[7] = '-';
        put(out, 8, d, 2);
        out[10] = 'T';
        put(out, 11, secOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secOfDay % 60, 2);
        out[19] = '.';
        int fracDigits = out.length - 21;
        put(out, 20, nano / pow10(9 - fracDigits), fracDigits);
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static int pow10(int n) {
        int p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Days from 1970-01-01 (days_from_civil, Howard Hinnant). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static int digits(String s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean isEpochWithFraction(String s) {
        int dot = s.indexOf('.');
        return s.indexOf('.', dot + 1) < 0 && isDigits(s, 0, dot) && isDigits(s, dot + 1, s.length());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
