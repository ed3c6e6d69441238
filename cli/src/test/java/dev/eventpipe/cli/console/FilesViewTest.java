package dev.eventpipe.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FilesViewTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final LocalDate DAY = LocalDate.of(2026, 11, 25);

    /** n files, newest first; every third quarantined, keys under a/ or b/ alternately. */
    static List<IndexEntry> day(int n, Rows.Source source) {
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            Instant at = T0.plusSeconds(i);
            entries.add(Rows.entry(i, at));
            source.rows.put(Rows.id(i), Rows.row(i, (i % 2 == 0 ? "a/" : "b/") + i + ".csv",
                    i % 3 == 0 ? "quarantined" : "processed", 10, 1, at.minusMillis(500), at));
        }
        return entries;
    }

    @Test
    void unfilteredPage_readsOnlyItsOwnRows() {
        Rows.Source source = new Rows.Source();
        List<IndexEntry> entries = day(100_000, source);

        FilesView v = FilesView.of(entries, source, new Filter(DAY, Optional.empty(), "", 2), 20_000);

        assertThat(v.rows()).hasSize(Filter.PAGE_SIZE);
        assertThat(v.rows().get(0).fileId()).isEqualTo(Rows.id(100_000 - 1 - 100));
        assertThat(source.askedTotal()).isEqualTo(Filter.PAGE_SIZE);
        assertThat(v.dayTotal()).isEqualTo(100_000);
        assertThat(v.hasNext()).isTrue();
    }

    @Test
    void lastPage_hasNoNext() {
        Rows.Source source = new Rows.Source();
        List<IndexEntry> entries = day(120, source);

        FilesView v = FilesView.of(entries, source, new Filter(DAY, Optional.empty(), "", 2), 20_000);

        assertThat(v.rows()).hasSize(20);
        assertThat(v.hasNext()).isFalse();
    }

    @Test
    void statusAndPrefixFilter_pagesOverMatchesOnly() {
        Rows.Source source = new Rows.Source();
        List<IndexEntry> entries = day(1_000, source);

        FilesView first = FilesView.of(entries, source, new Filter(DAY, Optional.of("quarantined"), "a/", 0), 20_000);
        FilesView second = FilesView.of(entries, source, new Filter(DAY, Optional.of("quarantined"), "a/", 1), 20_000);

        // quarantined and under a/: i divisible by 6 -> 167 of 1,000
        assertThat(first.rows()).hasSize(50).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("quarantined");
            assertThat(r.key()).startsWith("a/");
        });
        assertThat(first.hasNext()).isTrue();
        assertThat(second.rows().get(0).fileId()).isNotEqualTo(first.rows().get(49).fileId());
        assertThat(second.rows()).doesNotContainAnyElementsOf(first.rows());
        FilesView last = FilesView.of(entries, source, new Filter(DAY, Optional.of("quarantined"), "a/", 3), 20_000);
        assertThat(last.rows()).hasSize(17);
        assertThat(last.hasNext()).isFalse();
        assertThat(last.complete()).isTrue();
    }

    @Test
    void filter_stopsAtTheScanLimit_andSaysSo() {
        Rows.Source source = new Rows.Source();
        List<IndexEntry> entries = day(10_000, source);

        FilesView v = FilesView.of(entries, source, new Filter(DAY, Optional.empty(), "nothing-matches/", 0), 2_000);

        assertThat(v.rows()).isEmpty();
        assertThat(v.scanned()).isEqualTo(2_000);
        assertThat(source.askedTotal()).isEqualTo(2_000);
        assertThat(v.complete()).isFalse();
    }

    @Test
    void unknownStatus_isIgnored() {
        assertThat(new Filter(DAY, Optional.of("<script>"), "", -3)).isEqualTo(new Filter(DAY, Optional.empty(), "", 0));
    }
}
