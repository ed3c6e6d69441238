package dev.eventpipe.cli.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of the Files list. Unfiltered, a page costs one GET per row shown (cached by ETag); with a
 * status or prefix filter it reads summaries in the index's order until the page is full or
 * {@code scanLimit} entries were looked at, and says how far it got.
 *
 * @param dayTotal   files indexed on the day
 * @param scanned    index entries looked at for this page (all up to the page's end when unfiltered)
 * @param complete   whether every entry up to this page was looked at (false when the scan limit stopped it)
 * @param hasNext    whether a further page exists (or may exist, for a filter that stopped early)
 */
record FilesView(Filter filter, List<FileRow> rows, int dayTotal, int scanned, boolean complete, boolean hasNext) {

    FilesView {
        rows = List.copyOf(rows);
    }

    /**
     * @param entries the day's index, newest first
     */
    static FilesView of(List<IndexEntry> entries, RowSource source, Filter filter, int scanLimit) {
        int size = Filter.PAGE_SIZE;
        int from = filter.page() * size;
        if (!filter.narrowed()) {
            List<IndexEntry> slice = entries.subList(Math.min(from, entries.size()), Math.min(from + size, entries.size()));
            Map<String, FileRow> found = source.rows(slice);
            List<FileRow> rows = slice.stream().map(e -> found.get(e.fileId())).filter(r -> r != null).toList();
            return new FilesView(filter, rows, entries.size(), Math.min(from + size, entries.size()), true,
                    from + size < entries.size());
        }
        List<FileRow> page = new ArrayList<>();
        int matched = 0;
        int scanned = 0;
        boolean more = false;
        int chunk = 200;
        outer:
        while (scanned < entries.size() && scanned < scanLimit) {
            List<IndexEntry> slice = entries.subList(scanned, Math.min(entries.size(), Math.min(scanLimit, scanned + chunk)));
            Map<String, FileRow> found = source.rows(slice);
            for (IndexEntry e : slice) {
                scanned++;
                FileRow r = found.get(e.fileId());
                if (r == null || !filter.matches(r)) {
                    continue;
                }
                if (matched >= from + size) {
                    more = true;
                    scanned--;
                    break outer;
                }
                if (matched >= from) {
                    page.add(r);
                }
                matched++;
            }
        }
        boolean complete = more || scanned >= entries.size();
        return new FilesView(filter, page, entries.size(), scanned, complete, more || !complete);
    }
}
