package dev.eventpipe.processor.schema;

/**
 * Decimal numbers as they appear in event data: an optional sign, digits, an optional fraction. The
 * canonical form (valid as a JSON number) drops a leading {@code +} and leading zeros, adds a {@code 0} before a bare {@code .5}, and keeps the
 * digits given (no rounding, no exponent), so {@code 12.50} stays {@code 12.50}.
 *
 * <p>Exponents are refused on purpose: {@code 1e999999} is a valid JSON number that no downstream tool
 * handles well, and money amounts never need one.
 */
final class Decimals {

    /** More digits than any real amount needs; also keeps doubles and BigDecimals cheap downstream. */
    static final int MAX_DIGITS = 38;

    private Decimals() {
    }

    /** The canonical form, or null when {@code v} is not a decimal. */
    static String canonical(String v) {
        int n = v.length();
        int i = 0;
        boolean plus = false;
        if (i < n && (v.charAt(i) == '-' || v.charAt(i) == '+')) {
            plus = v.charAt(i) == '+';
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(v.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        int fracDigits = 0;
        if (i < n && v.charAt(i) == '.') {
            i++;
            int fracStart = i;
            while (i < n && isDigit(v.charAt(i))) {
                i++;
            }
            fracDigits = i - fracStart;
            if (fracDigits == 0) {
                return null;
            }
        }
        if (i != n || intDigits + fracDigits == 0 || intDigits + fracDigits > MAX_DIGITS) {
            return null;
        }
        int leadingZeros = 0;
        while (leadingZeros < intDigits - 1 && v.charAt(intStart + leadingZeros) == '0') {
            leadingZeros++;
        }
        if (!plus && intDigits > 0 && leadingZeros == 0) {
            return v; // the common case: already canonical, no copy
        }
        String sign = v.charAt(0) == '-' ? "-" : "";
        String body = v.substring(intStart + leadingZeros);
        return sign + (intDigits == 0 ? "0" + body : body);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
