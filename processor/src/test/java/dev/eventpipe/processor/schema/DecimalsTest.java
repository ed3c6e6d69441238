package dev.eventpipe.processor.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {

    @ParameterizedTest
    @CsvSource({"12.50,12.50", "-3,-3", "+7.25,7.25", ".5,0.5", "-.5,-0.5", "007,7", "-00.10,-0.10", "0,0", "0.000,0.000"})
    void canonicalises_keepingTheDigitsGiven(String input, String expected) {
        assertThat(Decimals.canonical(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", "1.", "1e5", "1E-3", "1,5", "1.2.3", "NaN", "Infinity", "0x10", " 1", "--1",
            "123456789012345678901234567890123456789"})
    void refusesWhatIsNotAPlainDecimal(String input) {
        assertThat(Decimals.canonical(input)).isNull();
    }
}
