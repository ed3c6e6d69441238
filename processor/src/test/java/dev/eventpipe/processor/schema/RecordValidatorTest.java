package dev.eventpipe.processor.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

    private final Schema events = Schemas.bundledEvents();
    private final RecordValidator validator = new RecordValidator(events, 1000);

    @Test
    void matchesNamesWhateverTheirCaseOrSeparators_andAliases() {
        String[] header = {"Event ID", "eventType", "USER-ID", "ts", "Country Code", "note"};

        int[] slots = validator.bind(header);

        assertThat(slots).containsExactly(events.indexOf("event_id").getAsInt(), events.indexOf("event_type").getAsInt(),
                events.indexOf("user_id").getAsInt(), events.indexOf("timestamp").getAsInt(),
                events.indexOf("country").getAsInt(), RecordValidator.EXTRA);
        assertThat(validator.headerProblems(header)).isEmpty();
    }

    @Test
    void collectsEveryProblemOfARow() {
        String[] names = {"event_id", "event_type", "user_id", "timestamp", "amount", "country"};
        String[] values = {"e1", "", "u1", "2026-11-25", "ten", "usa"};

        Standardized s = validator.validate(names, values, validator.bind(names), names.length);

        assertThat(s.isValid()).isFalse();
        assertThat(s.problems()).extracting(Problem::code)
                .containsExactlyInAnyOrder("missing_required", "invalid_timestamp", "invalid_decimal", "field_too_long");
    }

    @Test
    void normalisesAndKeepsExtras() {
        String[] names = {"event_id", "event_type", "user_id", "timestamp", "country", "device", "campaign"};
        String[] values = {" e1 ", "Page_View", "u1", "2026-11-25T10:00:00+01:00", "de", "Mobile", " spring "};

        Standardized s = validator.validate(names, values, validator.bind(names), names.length);

        assertThat(s.problems()).isEmpty();
        assertThat(s.value(events.indexOf("event_id").getAsInt())).isEqualTo("e1");
        assertThat(s.value(events.indexOf("event_type").getAsInt())).isEqualTo("page_view");
        assertThat(s.value(events.indexOf("country").getAsInt())).isEqualTo("DE");
        assertThat(s.value(events.indexOf("device").getAsInt())).isEqualTo("mobile");
        assertThat(s.value(events.indexOf("timestamp").getAsInt())).isEqualTo("2026-11-25T09:00:00.000Z");
        assertThat(s.extraCount()).isEqualTo(1);
        assertThat(s.extraName(0)).isEqualTo("campaign");
        assertThat(s.extraValue(0)).isEqualTo(" spring "); // extras are kept as given
    }

    @Test
    void refusesSchema_whenANameMeansTwoFields() {
        String json = """
                {"name":"bad","fields":[{"name":"a","type":"timestamp","partition":true,"aliases":["x"]},
                                        {"name":"b","aliases":["X"]}]}""";

        assertThatThrownBy(() -> Schemas.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("'X' names both a and b");
    }

    @Test
    void refusesSchema_withoutExactlyOnePartitionTimestamp() {
        String json = """
                {"name":"bad","fields":[{"name":"a","type":"timestamp"}]}""";

        assertThatThrownBy(() -> Schemas.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("exactly one partition timestamp");
    }
}
