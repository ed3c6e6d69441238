package dev.eventpipe.shared.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AmountStatsTest {

    @Test
    void readsPlainDecimalsAsMillionths() {
        assertThat(AmountStats.micros("12.50")).isEqualTo(12_500_000L);
        assertThat(AmountStats.micros("-3")).isEqualTo(-3_000_000L);
        assertThat(AmountStats.micros("0.000001")).isEqualTo(1L);
        assertThat(AmountStats.micros("-0")).isZero();
        assertThat(AmountStats.micros("999999999999.999999")).isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void leavesToBigDecimal_whatDoesNotFitOrIsNotPlain() {
        assertThat(AmountStats.micros("0.0000001")).isEqualTo(AmountStats.NOT_MICROS);
        assertThat(AmountStats.micros("1000000000000")).isEqualTo(AmountStats.NOT_MICROS);
        for (String odd : new String[] {"", "-", ".5", "1.", "1.2.3", "+1", "1e3", "12,50", "--1"}) {
            assertThat(AmountStats.micros(odd)).as(odd).isEqualTo(AmountStats.NOT_MICROS);
        }
    }

    @Test
    void sumsExactly_acrossFastPathSlowPathAndLongOverflow() {
        AmountStats stats = new AmountStats();
        String[] amounts = {"999999999999.999999", "999999999999.999999", "999999999999.999999",
                "999999999999.999999", "999999999999.999999", "999999999999.999999", "999999999999.999999",
                "999999999999.999999", "999999999999.999999", "999999999999.999999", "0.12345678",
                "-123456789012345678901234567890.5", "12.50", "-3"};
        BigDecimal expected = BigDecimal.ZERO;
        for (String a : amounts) {
            stats.add(a);
            expected = expected.add(new BigDecimal(a));
        }

        Manifest.Amount summary = stats.summary().orElseThrow();

        assertThat(summary.count()).isEqualTo(amounts.length);
        assertThat(summary.sum()).isEqualByComparingTo(expected);
        assertThat(summary.min()).isEqualTo(new BigDecimal("-123456789012345678901234567890.5"));
        assertThat(summary.max()).isEqualTo(new BigDecimal("999999999999.999999"));
        assertThat(stats.quantiles().count()).isEqualTo(amounts.length);
    }

    @Test
    void writesCanonicalValues_soEqualAmountsGiveEqualBytes() {
        AmountStats stats = new AmountStats();
        stats.add("12.50");
        stats.add("0.50");

        Manifest.Amount summary = stats.summary().orElseThrow();

        assertThat(summary.sum().toPlainString()).isEqualTo("13");
        assertThat(summary.min().toPlainString()).isEqualTo("0.5");
        assertThat(summary.max().toPlainString()).isEqualTo("12.5");
    }

    @Test
    void hasNoSummary_withoutAmounts() {
        AmountStats stats = new AmountStats();

        assertThat(stats.summary()).isEmpty();
        assertThat(stats.quantiles().isEmpty()).isTrue();
    }
}
