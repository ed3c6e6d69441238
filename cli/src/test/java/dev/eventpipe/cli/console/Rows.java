package dev.eventpipe.cli.console;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Index entries and receipt summaries made up for the view-model tests. */
final class Rows {

    private Rows() {
    }

    static String id(int i) {
        return String.format("%032x", i);
    }

    static IndexEntry entry(int i, Instant at) {
        return new IndexEntry(id(i), "processed-on/dt=2026-11-25/" + id(i) + ".json", at, "\"etag" + i + "\"");
    }

    static FileRow row(int i, String key, String status, long valid, long rejected, Instant received, Instant processed) {
        return new FileRow(id(i), "in", key, status, status.equals("quarantined") ? Optional.of("bad_header") : Optional.empty(),
                valid + rejected, valid, rejected, List.of(LocalDate.of(2026, 11, 25)), received, processed);
    }

    /** A source that knows the given rows and counts the entries it was asked about. */
    static final class Source implements RowSource {
        final Map<String, FileRow> rows = new HashMap<>();
        final List<Integer> asked = new ArrayList<>();

        @Override
        public Map<String, FileRow> rows(List<IndexEntry> entries) {
            asked.add(entries.size());
            Map<String, FileRow> out = new HashMap<>();
            entries.forEach(e -> {
                if (rows.containsKey(e.fileId())) {
                    out.put(e.fileId(), rows.get(e.fileId()));
                }
            });
            return out;
        }

        int askedTotal() {
            return asked.stream().mapToInt(Integer::intValue).sum();
        }
    }
}
