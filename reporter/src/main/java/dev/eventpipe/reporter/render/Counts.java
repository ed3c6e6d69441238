package dev.eventpipe.reporter.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How count tables are ordered and labelled, the same in every rendering. */
final class Counts {

    private Counts() {
    }

    /** Largest first; equal counts by name. */
    static List<Map.Entry<String, Long>> largestFirst(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                        : Long.compare(b.getValue(), a.getValue()))
                .toList();
    }

    /** The empty action (records without one) shown as {@code (none)}. */
    static Map<String, Long> labelled(Map<String, Long> byAction) {
        TreeMap<String, Long> out = new TreeMap<>();
        byAction.forEach((k, v) -> out.merge(k.isEmpty() ? "(none)" : k, v, Long::sum));
        return out;
    }
}
