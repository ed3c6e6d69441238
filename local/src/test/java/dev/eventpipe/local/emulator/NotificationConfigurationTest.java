package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotificationConfigurationTest {

    private final NotificationConfiguration incomingCsv = NotificationConfiguration.of("files", "inbox", "http://q")
            .withPrefix("incoming/").withSuffix(".csv");

    @Test
    void matchesDecodedKeys_withPrefixAndSuffix_inItsBucketOnly() {
        assertThat(incomingCsv.matches("inbox", "incoming/a b.csv")).isTrue();
        assertThat(incomingCsv.matches("inbox", "incoming/a.json")).isFalse();
        assertThat(incomingCsv.matches("inbox", "other/a.csv")).isFalse();
        assertThat(incomingCsv.matches("outbox", "incoming/a.csv")).isFalse();
    }

    @Test
    void matchesTheKeyAsWritten_notItsUrlEncoding() {
        NotificationConfiguration spaces = NotificationConfiguration.of("files", "inbox", "http://q").withPrefix("my dir/");

        assertThat(spaces.matches("inbox", "my dir/a.csv")).isTrue();
        assertThat(spaces.matches("inbox", "my+dir/a.csv")).isFalse();
    }

    @Test
    void withoutFilters_matchesEveryKeyOfTheBucket() {
        assertThat(NotificationConfiguration.of("files", "inbox", "http://q").matches("inbox", "x")).isTrue();
    }
}
