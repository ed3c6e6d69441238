package dev.eventpipe.processor.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampsTest {

    private final Timestamps t = new Timestamps();

    private Instant parsed(String s) {
        String why = t.parse(s);
        assertThat(why).as("parse of '%s'", s).isNull();
        return Instant.ofEpochSecond(t.epochSecond, t.nano);
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-25T10:15:30.123Z,        2026-11-25T10:15:30.123Z",
            "2026-11-25T10:15:30Z,            2026-11-25T10:15:30Z",
            "2026-11-25 10:15:30+05:30,       2026-11-25T04:45:30Z",
            "2026-11-25T10:15:30+0530,        2026-11-25T04:45:30Z",
            "2026-11-25T10:15:30-08,          2026-11-25T18:15:30Z",
            "2026-11-25t10:15:30.5z,          2026-11-25T10:15:30.500Z",
            "2026-11-25T10:15:30.123456789Z,  2026-11-25T10:15:30.123456789Z",
            "'2024-02-29T23:59:59,5+01:00', 2024-02-29T22:59:59.500Z",
            "1795568400,                      2026-11-25T01:00:00Z",
            "1795568400.25,                   2026-11-25T01:00:00.250Z",
            "1795568400123,                   2026-11-25T01:00:00.123Z",
            "1795568400123456,                2026-11-25T01:00:00.123456Z",
            "1795568400123456789,             2026-11-25T01:00:00.123456789Z",
            "0,                               1970-01-01T00:00:00Z"})
    void parsesIsoAndEpochForms(String input, String expected) {
        assertThat(parsed(input)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-11-25T10:15:30|has no UTC offset",
            "2026-02-30T10:00:00Z|not a valid date-time",
            "2025-02-29T10:00:00Z|not a valid date-time",
            "2026-13-01T10:00:00Z|not a valid date-time",
            "2026-11-25T24:00:00Z|not a valid date-time",
            "2026-11-25T10:15:30+19:00|offset must be",
            "2026-11-25T10:15:30+5:30|offset must be",
            "2026-11-25T10:15:30.Z|fraction of a second",
            "2026-11-25T10:15:30Zjunk|unexpected text",
            "25/11/2026 10:15|not ISO-8601",
            "yesterday|not ISO-8601",
            "1795568400123.5|only accepted on epoch seconds",
            "99999999999999999999|out of range"})
    void refusesWithAReason(String input, String reason) {
        assertThat(t.parse(input)).contains(reason);
    }

    @Test
    void agreesWithJavaTime_onRandomInstantsAndOffsets() {
        Random random = new Random(42);
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(-18 * 4, 18 * 4 + 1)) * 900);
            String text = OffsetDateTime.ofInstant(instant, offset).format(iso);

            assertThat(parsed(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void formatsCanonically_likeInstantButAlwaysWithMillis() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L),
                    random.nextInt(3) == 0 ? random.nextInt(1000) * 1_000_000 : random.nextInt(1_000_000_000));
            t.epochSecond = instant.getEpochSecond();
            t.nano = instant.getNano();

            String formatted = t.format();

            assertThat(Instant.parse(formatted)).as(formatted).isEqualTo(instant);
            assertThat(formatted).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.(\\d{3}|\\d{6}|\\d{9})Z");
        }
    }
}
