package dev.eventpipe.processor.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.manifest.Manifest;
import dev.eventpipe.shared.receipt.Receipt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An empty value is an absent one, whatever the format: the same rows as CSV, JSON Lines and a JSON array. */
class EmptyValuesTest {

    private static final String CSV = "event_id,timestamp,event_type,user_id,action,device,details,note\n"
            + "e1,2026-11-25T10:00:00Z,click,u1,,  ,,\n"
            + "e2,2026-11-25T10:00:01Z,click,u2,tap,mobile,hi,x\n";

    private static final String ROW1 = "{\"event_id\":\"e1\",\"timestamp\":\"2026-11-25T10:00:00Z\",\"event_type\":\"click\","
            + "\"user_id\":\"u1\",\"action\":\"\",\"device\":\"  \",\"details\":\"\",\"note\":null}";
    private static final String ROW2 = "{\"event_id\":\"e2\",\"timestamp\":\"2026-11-25T10:00:01Z\",\"event_type\":\"click\","
            + "\"user_id\":\"u2\",\"action\":\"tap\",\"device\":\"mobile\",\"details\":\"hi\",\"note\":\"x\"}";

    @Test
    void omitsEmptyOptionalFieldsAndExtras_inCsv() throws Exception {
        assertStandardised(new Harness(), "incoming/empty.csv", CSV);
    }

    @Test
    void omitsEmptyOptionalFieldsAndExtras_inJsonLines_exactlyAsInCsv() throws Exception {
        assertStandardised(new Harness(), "incoming/empty.jsonl", ROW1 + "\n" + ROW2 + "\n");
    }

    @Test
    void omitsEmptyOptionalFieldsAndExtras_inJsonArray_exactlyAsInCsv() throws Exception {
        assertStandardised(new Harness(), "incoming/empty.json", "[" + ROW1 + ",\n" + ROW2 + "]\n");
    }

    @Test
    void writesTheSameRecords_forCsvAndJson() throws Exception {
        Harness csv = new Harness();
        Harness json = new Harness();
        assertThat(withoutMeta(records(json, "incoming/empty.jsonl", ROW1 + "\n" + ROW2 + "\n")))
                .isEqualTo(withoutMeta(records(csv, "incoming/empty.csv", CSV)));
    }

    @Test
    void stillRejectsARepeatedExtra_whenItsFirstValueIsEmpty() {
        Harness h = new Harness();
        Receipt r = h.receipt(h.process("incoming/repeat.jsonl", "{\"event_id\":\"e1\",\"timestamp\":\"2026-11-25T10:00:00Z\","
                + "\"event_type\":\"click\",\"user_id\":\"u1\",\"note\":\"\",\"note\":\"x\"}\n"
                + ROW2 + "\n"));

        assertThat(r.rows()).isEqualTo(new Receipt.Rows(2, 1, 1));
        assertThat(r.rejectReasons()).containsKey("duplicate_field");
    }

    private static void assertStandardised(Harness h, String key, String content) throws Exception {
        List<JsonNode> records = records(h, key, content);
        assertThat(records).hasSize(2);
        JsonNode first = records.get(0);
        assertThat(first.get("action").isNull()).isTrue();
        assertThat(first.get("device").isNull()).isTrue();
        assertThat(first.get("attributes").size()).as("empty extras are omitted: %s", first).isZero();
        JsonNode second = records.get(1);
        assertThat(second.get("action").asText()).isEqualTo("tap");
        assertThat(second.get("attributes").get("details").asText()).isEqualTo("hi");
        assertThat(second.get("attributes").get("note").asText()).isEqualTo("x");
        Receipt r = h.storedReceipt(h.keys("receipts/").get(0).substring("receipts/".length()).replace(".json", ""));
        Manifest m = Manifest.fromJson(h.store.bytes(Harness.PROCESSED, "manifests/dt=2026-11-25/" + r.fileId() + ".json"));
        assertThat(m.byAction().keySet()).containsExactlyInAnyOrder("", "tap");
        assertThat(m.byAction().get("").records()).isEqualTo(1);
    }

    private static List<JsonNode> records(Harness h, String key, String content) throws Exception {
        Receipt r = h.receipt(h.process(key, content));
        assertThat(r.status()).isEqualTo(Receipt.Status.PROCESSED);
        List<JsonNode> out = new ArrayList<>();
        for (String line : h.lines("events/dt=2026-11-25/" + r.fileId() + ".jsonl.gz")) {
            out.add(Json.mapper().readTree(line));
        }
        return out;
    }

    private static List<JsonNode> withoutMeta(List<JsonNode> records) {
        records.forEach(n -> ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove("_meta"));
        return records;
    }
}
