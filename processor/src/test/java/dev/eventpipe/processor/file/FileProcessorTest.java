package dev.eventpipe.processor.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.metrics.Metric;
import dev.eventpipe.shared.receipt.Receipt;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileProcessorTest {

    private static final String HEADER = "event_id,timestamp,event_type,user_id,action,amount,country,device,session_id,details\n";

    @Test
    void writesStandardRecords_whenCsvClean() throws Exception {
        Harness h = new Harness();
        Outcome outcome = h.process("incoming/clean.csv", HEADER
                + "e1,2026-11-25T10:00:00.123Z,Page_View,u1,view,,us,mobile,s1,hello\n"
                + "e2,2026-11-25T11:00:00+01:00,purchase,u2,pay,12.50,DE,desktop,s2,\"a, \"\"quoted\"\" text\"\n");

        assertThat(outcome).isInstanceOf(Outcome.Processed.class);
        Receipt r = h.receipt(outcome);
        assertThat(r.rows()).isEqualTo(new Receipt.Rows(2, 2, 0));
        assertThat(r.format()).isEqualTo("csv");
        assertThat(r.eventDates()).containsExactly(LocalDate.of(2026, 11, 25));
        String events = "events/dt=2026-11-25/" + r.fileId() + ".jsonl.gz";
        assertThat(r.outputs()).containsExactly(events, "manifests/dt=2026-11-25/" + r.fileId() + ".json");
        List<String> lines = h.lines(events);
        assertThat(lines).hasSize(2);
        JsonNode first = Json.mapper().readTree(lines.get(0));
        assertThat(first.get("event_type").asText()).isEqualTo("page_view");
        assertThat(first.get("country").asText()).isEqualTo("US");
        assertThat(first.get("amount").isNull()).isTrue();
        assertThat(first.get("attributes").get("details").asText()).isEqualTo("hello");
        assertThat(first.get("_meta").get("line").asLong()).isEqualTo(2);
        assertThat(first.get("_meta").get("source_key").asText()).isEqualTo("incoming/clean.csv");
        assertThat(first.get("_meta").get("ingested_at").asText()).isEqualTo("2026-11-25T10:00:00Z");
        JsonNode second = Json.mapper().readTree(lines.get(1));
        assertThat(second.get("timestamp").asText()).isEqualTo("2026-11-25T10:00:00.000Z");
        assertThat(second.get("amount").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(second.get("attributes").get("details").asText()).isEqualTo("a, \"quoted\" text");
        assertThat(h.storedReceipt(r.fileId())).isEqualTo(r);
        assertThat(h.keys("processed-on/dt=2026-11-25/")).containsExactly("processed-on/dt=2026-11-25/" + r.fileId() + ".json");
        assertThat(h.metrics.total(Metric.FILES_PROCESSED)).isEqualTo(1);
        assertThat(h.metrics.total(Metric.RECORDS_VALID)).isEqualTo(2);
    }

    @Test
    void countsRejectReasons_withFirstLinesAsExamples_inTheReceipt() {
        Harness h = new Harness();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < 5; i++) { // lines 2..6: a bad timestamp each
            csv.append("e").append(i).append(",not-a-time,login,u1,signin,,US,mobile,s1,\n");
        }
        csv.append("e9,2026-11-25T10:00:00Z,login,,signin,,US,mobile,s1,\n"); // line 7: no user
        csv.append("e10,2026-11-25T10:00:00Z,login,u1,signin,,US,mobile,s1,\n"); // line 8: valid
        for (int i = 0; i < 6; i++) { // lines 9..14: valid, so the reject rate stays under the limit
            csv.append("v").append(i).append(",2026-11-25T10:00:00Z,login,u1,signin,,US,mobile,s1,\n");
        }

        Receipt r = h.receipt(h.process("incoming/mixed.csv", csv.toString()));

        assertThat(r.rows()).isEqualTo(new Receipt.Rows(13, 7, 6));
        assertThat(r.rejectReasons()).containsOnlyKeys("invalid_timestamp", "missing_required");
        assertThat(r.rejectReasons().get("invalid_timestamp")).isEqualTo(new Receipt.RejectReason(5, List.of(2L, 3L, 4L)));
        assertThat(r.rejectReasons().get("missing_required")).isEqualTo(new Receipt.RejectReason(1, List.of(7L)));
        assertThat(h.storedReceipt(r.fileId())).isEqualTo(r);
    }
}
