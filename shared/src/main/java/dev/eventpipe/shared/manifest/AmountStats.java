package dev.eventpipe.shared.manifest;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Exact count, sum, min and max of amounts, and their quantile sketch. An amount with at most 12 integer
 * and 6 fraction digits (every real money amount) is added as a {@code long} of millionths, so the common
 * row allocates nothing; anything else, and a sum that outgrows a {@code long}, goes to a
 * {@link BigDecimal}. Either way the result is exact.
 */
final class AmountStats {

    static final long NOT_MICROS = Long.MIN_VALUE;
    private static final int MICRO_SCALE = 6;
    private static final int MAX_INTEGER_DIGITS = 12; // 12 + 6 digits < 2^63: a single amount never overflows

    private final QuantileSketch quantiles = new QuantileSketch();
    private long count;
    private long sumMicros;
    private BigDecimal sumRest = BigDecimal.ZERO;
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros = Long.MIN_VALUE;
    private BigDecimal minRest;
    private BigDecimal maxRest;

    /** {@code text} is a decimal as the schema canonicalises it, e.g. {@code 12.50}, {@code -3}. */
    void add(String text) {
        long micros = micros(text);
        if (micros == NOT_MICROS) {
            addSlow(new BigDecimal(text));
            return;
        }
        count++;
        // Correctly rounded while |micros| < 2^53 (both operands exact); beyond, within an ulp, and the
        // same text always takes the same path, so the sketch stays deterministic.
        quantiles.add(micros / 1e6);
        minMicros = Math.min(minMicros, micros);
        maxMicros = Math.max(maxMicros, micros);
        try {
            sumMicros = Math.addExact(sumMicros, micros);
        } catch (ArithmeticException overflow) {
            sumRest = sumRest.add(BigDecimal.valueOf(sumMicros, MICRO_SCALE));
            sumMicros = micros;
        }
    }

    private void addSlow(BigDecimal v) {
        count++;
        quantiles.add(v.doubleValue());
        sumRest = sumRest.add(v);
        minRest = minRest == null ? v : minRest.min(v);
        maxRest = maxRest == null ? v : maxRest.max(v);
    }

    Optional<Manifest.Amount> summary() {
        if (count == 0) {
            return Optional.empty();
        }
        BigDecimal min = minRest;
        BigDecimal max = maxRest;
        if (minMicros <= maxMicros) { // some amount took the fast path
            BigDecimal fastMin = BigDecimal.valueOf(minMicros, MICRO_SCALE);
            BigDecimal fastMax = BigDecimal.valueOf(maxMicros, MICRO_SCALE);
            min = min == null ? fastMin : min.min(fastMin);
            max = max == null ? fastMax : max.max(fastMax);
        }
        BigDecimal sum = sumRest.add(BigDecimal.valueOf(sumMicros, MICRO_SCALE));
        return Optional.of(new Manifest.Amount(count, sum, min, max));
    }

    QuantileSketch quantiles() {
        return quantiles;
    }

    /**
     * The amount in millionths, or {@link #NOT_MICROS} when it has more than 12 integer or 6 fraction
     * digits, or is not in the plain {@code -?digits(.digits)?} form (left to {@link BigDecimal}).
     */
    static long micros(String text) {
        int n = text.length();
        boolean negative = n > 0 && text.charAt(0) == '-';
        long value = 0;
        int integerDigits = 0;
        int fractionDigits = -1; // -1 until the '.'
        for (int i = negative ? 1 : 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                return NOT_MICROS;
            }
            if (fractionDigits < 0) {
                integerDigits++;
            } else {
                fractionDigits++;
            }
            if (integerDigits > MAX_INTEGER_DIGITS || fractionDigits > MICRO_SCALE) {
                return NOT_MICROS;
            }
            value = value * 10 + (c - '0');
        }
        if (integerDigits == 0 || fractionDigits == 0) {
            return NOT_MICROS;
        }
        for (int scale = Math.max(fractionDigits, 0); scale < MICRO_SCALE; scale++) {
            value *= 10;
        }
        return negative ? -value : value;
    }
}
