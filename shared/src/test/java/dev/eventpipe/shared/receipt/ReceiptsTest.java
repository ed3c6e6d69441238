package dev.eventpipe.shared.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipe.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReceiptsTest {

    private static Receipt receipt(Receipt.Status status, Optional<String> reason) {
        return new Receipt(1, "0123456789abcdef0123456789abcdef",
                new Receipt.Source("in", "dir/a b.csv", Optional.empty(), "etag", 10), status,
                reason.map(r -> "bad_header"), reason, "csv", "events v1", new Receipt.Rows(3, 2, 1),
                List.of("events/dt=2026-11-25/x.jsonl.gz"), List.of(LocalDate.of(2026, 11, 25)),
                Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:00:01.5Z"), 1500, 10, "0.1.0",
                new TreeMap<>(Map.of("invalid_timestamp", new Receipt.RejectReason(1, List.of(3L)))),
                Receipt.FIRST_GENERATION, List.of());
    }

    @Test
    void roundTrips_withSnakeCaseNames() {
        Receipt r = receipt(Receipt.Status.PROCESSED, Optional.empty());

        byte[] json = Receipts.toJson(r);

        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains("\"file_id\"", "\"status\" : \"processed\"", "\"event_dates\" : [ \"2026-11-25\" ]",
                "\"received_at\" : \"2026-11-25T10:00:00Z\"", "\"version_id\"").doesNotContain("\"reason\"");
        assertThat(Receipts.fromJson(json)).isEqualTo(r);
    }

    @Test
    void requiresReason_exactlyWhenQuarantined() {
        assertThatThrownBy(() -> receipt(Receipt.Status.QUARANTINED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> receipt(Receipt.Status.PROCESSED, Optional.of("why")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsReceipt_writtenBeforeRejectReasonsExisted() throws Exception {
        ObjectNode old = (ObjectNode) Json.mapper().readTree(Receipts.toJson(receipt(Receipt.Status.PROCESSED, Optional.empty())));
        assertThat(old.remove("reject_reasons")).isNotNull();

        Receipt read = Receipts.fromJson(Json.mapper().writeValueAsBytes(old));

        assertThat(read.rejectReasons()).isEmpty();
        assertThat(read.rows().rejected()).isEqualTo(1);
    }

    @Test
    void refusesRejectReason_withMoreExamplesThanRows() {
        assertThatThrownBy(() -> new Receipt.RejectReason(1, List.of(2L, 3L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesRowCounts_thatDoNotAddUp() {
        assertThatThrownBy(() -> new Receipt.Rows(3, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsReceiptsWrittenBeforeGenerations_asGenerationOne() {
        String old = new String(Receipts.toJson(receipt(Receipt.Status.PROCESSED, Optional.empty())), StandardCharsets.UTF_8)
                .replaceAll(",\\s*\"generation\" : 1", "");
        assertThat(old).doesNotContain("generation");

        Receipt read = Receipts.fromJson(old.getBytes(StandardCharsets.UTF_8));

        assertThat(read.generation()).isEqualTo(1);
        assertThat(read.supersededOutputs()).isEmpty();
    }

    @Test
    void writesGeneration_andSupersededOutputsOnlyWhenThereAreAny() {
        Receipt first = receipt(Receipt.Status.PROCESSED, Optional.empty());
        Receipt second = new Receipt(1, first.fileId(), first.source(), first.status(), first.reasonCode(), first.reason(),
                first.format(), first.schema(), first.rows(), first.outputs(), first.eventDates(), first.receivedAt(),
                first.processedAt(), 1, 10, "0.1.0", first.rejectReasons(), 2, List.of("events/dt=2026-11-24/x.jsonl.gz"));

        String firstJson = new String(Receipts.toJson(first), StandardCharsets.UTF_8);
        String secondJson = new String(Receipts.toJson(second), StandardCharsets.UTF_8);

        assertThat(firstJson).contains("\"generation\" : 1").doesNotContain("superseded_outputs");
        assertThat(secondJson).contains("\"generation\" : 2", "\"superseded_outputs\" : [ \"events/dt=2026-11-24/x.jsonl.gz\" ]");
        assertThat(Receipts.fromJson(secondJson.getBytes(StandardCharsets.UTF_8))).isEqualTo(second);
    }

    @Test
    void refusesGenerationBelowOne() {
        Receipt r = receipt(Receipt.Status.PROCESSED, Optional.empty());
        assertThatThrownBy(() -> new Receipt(1, r.fileId(), r.source(), r.status(), r.reasonCode(), r.reason(), r.format(),
                r.schema(), r.rows(), r.outputs(), r.eventDates(), r.receivedAt(), r.processedAt(), 1, 10, "0.1.0", r.rejectReasons(),
                -1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
