package dev.eventpipe.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private static final Instant SINCE = Instant.parse("2026-11-25T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-11-26T00:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final AuditResult.Queue EMPTY = new AuditResult.Queue(0, 0, 0);

    private static Upload upload(String key, int minute) {
        return Upload.of("in", key, Optional.empty(), "etag-" + key, 10, SINCE.plusSeconds(60L * minute).plusMillis(250));
    }

    private static Reconciliation.Indexed processed(int generation, LocalDate... days) {
        return new Reconciliation.Indexed("processed", Optional.empty(), generation, List.of(days));
    }

    private static Reconciliation.Indexed quarantined(String reason) {
        return new Reconciliation.Indexed("quarantined", Optional.of(reason), 1, List.of(DAY));
    }

    @Test
    void countsEachOutcome_andListsOnlyWhatNeedsAPerson() {
        Upload ok = upload("a/ok.csv", 1);
        Upload bad = upload("a/bad.csv", 2);
        Upload bad2 = upload("a/bad2.csv", 3);
        Upload dead = upload("a/dead.csv", 4);
        Upload lost = upload("a/lost file.csv", 5);

        AuditResult r = Reconciliation.reconcile("in", "a/", SINCE, UNTIL, List.of(ok, bad, bad2, dead, lost),
                Map.of(ok.fileId(), processed(1, DAY), bad.fileId(), quarantined("bad_header"),
                        bad2.fileId(), quarantined("bad_header")),
                List.of(new Reconciliation.DlqMessage("m1", List.of(dead.fileId())),
                        new Reconciliation.DlqMessage("m2", List.of("someone-else")),
                        new Reconciliation.DlqMessage("m3", List.of())),
                EMPTY);

        assertThat(r.totals()).isEqualTo(new AuditResult.Totals(5, 1, new java.util.TreeMap<>(Map.of("bad_header", 2L)), 1, 0, 1));
        assertThat(r.accountedFor()).isFalse();
        assertThat(r.attention()).extracting(AuditResult.Item::outcome, AuditResult.Item::key)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("in_dlq", "a/dead.csv"),
                        org.assertj.core.groups.Tuple.tuple("unaccounted", "a/lost file.csv"));
        assertThat(r.attention().get(0).messageId()).contains("m1");
        assertThat(r.attention().get(1).fix())
                .isEqualTo("eventpipe replay --bucket in --prefix 'a/lost file.csv' --since 2026-11-25T00:05:00Z --until 2026-11-25T00:05:01Z");
        assertThat(r.dlq()).isEqualTo(new AuditResult.Dlq(3, 1, 2));
        assertThat(r.generations()).isEmpty();
    }

    @Test
    void isAccountedFor_whenEveryUploadHasAReceiptOrADlqMessage() {
        Upload ok = upload("ok.csv", 1);
        Upload dead = upload("dead.csv", 2);

        AuditResult r = Reconciliation.reconcile("in", "", SINCE, UNTIL, List.of(ok, dead), Map.of(ok.fileId(), processed(1, DAY)),
                List.of(new Reconciliation.DlqMessage("m1", List.of(dead.fileId()))), EMPTY);

        assertThat(r.accountedFor()).isTrue();
        assertThat(r.totals().inDlq()).isEqualTo(1);
    }

    @Test
    void countsTheNewestUnmatchedAsStillQueued_upToWhatTheQueueHolds() {
        Upload older = upload("older.csv", 1);
        Upload newer = upload("newer.csv", 9);
        Upload newest = upload("newest.csv", 10);

        AuditResult r = Reconciliation.reconcile("in", "", SINCE, UNTIL, List.of(older, newer, newest), Map.of(), List.of(),
                new AuditResult.Queue(1, 1, 0));

        assertThat(r.totals().stillQueued()).isEqualTo(2);
        assertThat(r.totals().unaccounted()).isEqualTo(1);
        assertThat(r.attention()).extracting(AuditResult.Item::outcome, AuditResult.Item::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple("still_queued", "newer.csv"),
                org.assertj.core.groups.Tuple.tuple("still_queued", "newest.csv"),
                org.assertj.core.groups.Tuple.tuple("unaccounted", "older.csv"));
    }

    @Test
    void listsFilesWithALaterGeneration_orIndexedOnSeveralDays() {
        Upload replayed = upload("replayed.csv", 1);
        Upload repaired = upload("repaired.csv", 2);
        Upload once = upload("once.csv", 3);

        AuditResult r = Reconciliation.reconcile("in", "", SINCE, UNTIL, List.of(replayed, repaired, once),
                Map.of(replayed.fileId(), processed(2, DAY), repaired.fileId(), processed(1, DAY, DAY.plusDays(1)),
                        once.fileId(), processed(1, DAY)),
                List.of(), EMPTY);

        assertThat(r.accountedFor()).isTrue();
        assertThat(r.generations()).extracting(AuditResult.Generations::key).containsExactly("repaired.csv", "replayed.csv");
        assertThat(r.generations().get(0).indexedOn()).containsExactly("2026-11-25", "2026-11-26");
        assertThat(r.generations().get(1).inspect()).isEqualTo("eventpipe receipt s3://in/replayed.csv");
    }
}
