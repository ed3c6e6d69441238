package dev.eventpipe.compactor;

import java.time.LocalDate;
import java.util.List;

/** What a run did with one day. */
public sealed interface DayOutcome {

    LocalDate date();

    /** The day's Parquet files were (re)written from these inputs; {@code deleted} superseded files. */
    record Compacted(LocalDate date, int inputs, long records, List<String> files, int deleted) implements DayOutcome {
        public Compacted {
            files = List.copyOf(files);
        }
    }

    /** The inputs are those the manifest covers: nothing to do. */
    record Unchanged(LocalDate date) implements DayOutcome {
    }

    /** The day is not closed yet: left alone. */
    record Open(LocalDate date) implements DayOutcome {
    }
}
