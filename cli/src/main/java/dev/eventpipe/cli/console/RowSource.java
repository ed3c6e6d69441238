package dev.eventpipe.cli.console;

import java.util.List;
import java.util.Map;

/** Receipt summaries for index entries; what it cannot read (yet) is absent from the answer. */
@FunctionalInterface
interface RowSource {
    /** Summaries of {@code entries} by file id. */
    Map<String, FileRow> rows(List<IndexEntry> entries);
}
