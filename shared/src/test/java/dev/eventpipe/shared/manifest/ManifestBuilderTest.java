package dev.eventpipe.shared.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestBuilderTest {

    private static final String FILE = "0123456789abcdef0123456789abcdef";
    private static final LocalDate DAY = Events.DAY;
    private static final long MIDNIGHT = DAY.toEpochDay() * 86_400_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    void writesTheDocumentedShape() throws IOException {
        ManifestBuilder builder = new ManifestBuilder(FILE, DAY);
        builder.add(MIDNIGHT + 9 * HOUR + 1234, "click", "tap", "u1", "12.50");
        builder.add(MIDNIGHT + 9 * HOUR + 5000, "purchase", null, "u2", "-3");
        builder.add(MIDNIGHT + 23 * HOUR + 59 * 60_000, "click", "tap", "u1", null);

        ObjectNode json = (ObjectNode) Json.mapper().readTree(builder.toJson());
        JsonNode sketches = json.remove("sketches");

        String hours9 = "[0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0]";
        String hours9and23 = "[0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,1]";
        assertThat((JsonNode) json).isEqualTo(Json.mapper().readTree("""
                {"schema_version":1,"file_id":"0123456789abcdef0123456789abcdef","date":"2026-11-25",
                 "records":3,"first_event_at":"2026-11-25T09:00:01.234Z","last_event_at":"2026-11-25T23:59:00Z",
                 "by_hour":[0,0,0,0,0,0,0,0,0,2,0,0,0,0,0,0,0,0,0,0,0,0,0,1],
                 "by_event_type":{"click":{"records":2,"by_hour":%s},"purchase":{"records":1,"by_hour":%s}},
                 "by_action":{"":{"records":1,"by_hour":%s},"tap":{"records":2,"by_hour":%s}},
                 "amount":{"count":2,"sum":"9.5","min":"-3","max":"12.5"},
                 "users_exact":["u1","u2"]}
                """.formatted(hours9and23, hours9, hours9, hours9and23)));
        assertThat(sketches.fieldNames()).toIterable()
                .containsExactly("users", "top_users", "amount_quantiles");
    }

    @Test
    void roundTrips_throughJson() {
        ManifestBuilder builder = builderFor(new Events(1, 5_000, 0.1).file(5_000, false));
        byte[] json = builder.toJson();

        Manifest read = Manifest.fromJson(json);

        assertThat(read).isEqualTo(builder.manifest());
        assertThat(read.toJson()).isEqualTo(json);
        assertThat(read.users().getEstimate()).isPositive();
        assertThat(read.topUsers().getStreamLength()).isEqualTo(read.records());
        assertThat(read.amountQuantiles().count()).isEqualTo(read.amount().orElseThrow().count());
    }

    @Test
    void writesIdenticalBytes_whenTheSameFileIsProcessedTwice() {
        List<Events.Row> rows = new Events(2, 50_000, 0.05).file(50_000, false);

        byte[] first = builderFor(rows).toJson();
        byte[] second = builderFor(rows).toJson();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void leavesAmountOut_whenNoRecordHasOne() throws IOException {
        ManifestBuilder builder = new ManifestBuilder(FILE, DAY);
        builder.add(MIDNIGHT, "login", null, "u1", null);
        builder.add(MIDNIGHT + 1, "logout", null, "u1", null);

        byte[] json = builder.toJson();
        Manifest read = Manifest.fromJson(json);

        assertThat(Json.mapper().readTree(json).has("amount")).isFalse();
        assertThat(read.amount()).isEmpty();
        assertThat(read.amountQuantiles().isEmpty()).isTrue();
    }

    @Test
    void keepsUnicodeUserIds_asUtf8() {
        List<String> ids = List.of("ユーザー7", "😀-42", "user\u0301", "👩\u200d💻", "üser-ß");
        ManifestBuilder builder = new ManifestBuilder(FILE, DAY);
        for (String id : ids) {
            builder.add(MIDNIGHT, "click", null, id, null);
            builder.add(MIDNIGHT, "click", null, id, null);
        }

        byte[] json = builder.toJson();
        Manifest read = Manifest.fromJson(json);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"😀-42\"", "\"ユーザー7\"").doesNotContain("\\u");
        assertThat(read.usersExact()).contains(ids.stream().sorted().toList());
        assertThat(read.users().getEstimate()).isCloseTo(5.0, within(0.01));
        assertThat(read.topUsers().getEstimate("😀-42")).isEqualTo(2);
    }

    @Test
    void dropsTheExactUserList_aboveItsLimit() {
        ManifestBuilder atLimit = new ManifestBuilder(FILE, DAY);
        ManifestBuilder aboveLimit = new ManifestBuilder(FILE, DAY);
        for (int i = 0; i < ManifestBuilder.EXACT_USERS_LIMIT; i++) {
            atLimit.add(MIDNIGHT, "click", null, "u" + i, null);
            aboveLimit.add(MIDNIGHT, "click", null, "u" + i, null);
        }
        aboveLimit.add(MIDNIGHT, "click", null, "one-more", null);

        assertThat(atLimit.manifest().usersExact().orElseThrow()).hasSize(ManifestBuilder.EXACT_USERS_LIMIT);
        assertThat(aboveLimit.manifest().usersExact()).isEmpty();
        assertThat(aboveLimit.manifest().users().getEstimate()).isCloseTo(1001, withPercentage(5));
    }

    @Test
    void countsRecordsWithoutAction_underTheEmptyKey() {
        ManifestBuilder builder = new ManifestBuilder(FILE, DAY);
        builder.add(MIDNIGHT, "click", null, "u1", null);
        builder.add(MIDNIGHT, "click", "", "u1", null);
        builder.add(MIDNIGHT, "click", "tap", "u1", null);

        assertThat(builder.manifest().byAction().get(ManifestBuilder.NO_ACTION).records()).isEqualTo(2);
        assertThat(builder.manifest().byAction().get("tap").records()).isEqualTo(1);
    }

    @Test
    void rejectsRecord_onAnotherDate() {
        ManifestBuilder builder = new ManifestBuilder(FILE, DAY);

        assertThatThrownBy(() -> builder.add(MIDNIGHT - 1, "click", null, "u1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2026-11-24T23:59:59.999Z");
        assertThatThrownBy(() -> builder.add(MIDNIGHT + 24 * HOUR, "click", null, "u1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not on 2026-11-25");
    }

    @Test
    void rejectsEmptyUserId_whichTheHllWouldSilentlyIgnore() {
        ManifestBuilder builder = new ManifestBuilder(FILE, DAY);

        assertThatThrownBy(() -> builder.add(MIDNIGHT, "click", null, "", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsMalformedFileId_atConstruction() {
        assertThatThrownBy(() -> new ManifestBuilder("not-a-file-id", DAY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToWriteAManifest_withoutRecords() {
        assertThatThrownBy(() -> new ManifestBuilder(FILE, DAY).toJson()).isInstanceOf(IllegalStateException.class);
    }

    static ManifestBuilder builderFor(List<Events.Row> rows) {
        ManifestBuilder builder = new ManifestBuilder(FILE, rows.get(0).date());
        for (Events.Row row : rows) {
            builder.add(row.epochMillis(), row.eventType(), row.action(), row.userId(), row.amount());
        }
        return builder;
    }
}
