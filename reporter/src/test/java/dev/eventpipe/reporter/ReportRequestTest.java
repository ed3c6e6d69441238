package dev.eventpipe.reporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReportRequestTest {

    private static ReportRequest parse(String json) {
        return ReportRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void schedulerInput_meansYesterday() {
        assertThat(parse("{}").date()).isEmpty();
        assertThat(parse("").date()).isEmpty();
        // An EventBridge rule's scheduled event: no date of ours in it.
        assertThat(parse("""
                {"version":"0","id":"53dc4d37","detail-type":"Scheduled Event","source":"aws.events",
                 "time":"2026-11-26T08:00:00Z","region":"eu-west-1","resources":[],"detail":{}}""").date()).isEmpty();
        assertThat(parse("{}").publish()).isTrue();
    }

    @Test
    void explicitDate_andNoNotify() {
        ReportRequest r = parse("{\"date\": \"2026-11-24\", \"notify\": false}");

        assertThat(r.date()).contains(LocalDate.of(2026, 11, 24));
        assertThat(r.publish()).isFalse();
    }

    @Test
    void badDate_isAClearError() {
        assertThatThrownBy(() -> parse("{\"date\": \"24/11/2026\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("YYYY-MM-DD").hasMessageContaining("24/11/2026");
        assertThatThrownBy(() -> parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
