package dev.eventpipe.shared.rollup;

import dev.eventpipe.shared.store.ListedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which roll-ups of a prefix can stand in for their documents, and which documents are left to read one
 * by one. Roll-ups are taken in key order; one is used when every document it covers is listed now with
 * the ETag it recorded and no roll-up used before covers any of them. So each listed document counts
 * exactly once, through one roll-up or by itself, and a document that is not listed any more counts
 * nowhere: the figures are those of reading every listed document.
 *
 * @param used      the roll-ups that stand in for their documents, in key order
 * @param stale     keys of the roll-ups that cannot (changed documents, overlaps)
 * @param uncovered the listed documents no used roll-up covers, in key order, with their ETags
 * @param <R>       what the roll-ups were read as
 */
public record Coverage<R extends Covering>(List<Keyed<R>> used, List<String> stale, List<ListedObject> uncovered) {

    public Coverage {
        used = List.copyOf(used);
        stale = List.copyOf(stale);
        uncovered = List.copyOf(uncovered);
    }

    /** A roll-up and its key. */
    public record Keyed<R extends Covering>(String key, R rollup) {
        public Keyed {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(rollup, "rollup");
        }
    }

    /**
     * @param listed  the prefix's documents as listed now
     * @param rollups the prefix's roll-ups, in key order
     */
    public static <R extends Covering> Coverage<R> of(String prefix, List<ListedObject> listed, List<Keyed<R>> rollups) {
        Map<String, String> etags = new HashMap<>(listed.size() * 2);
        for (ListedObject o : listed) {
            etags.put(o.key(), o.etag());
        }
        Set<String> claimed = new HashSet<>();
        List<Keyed<R>> used = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Keyed<R> k : rollups) {
            List<String> keys = k.rollup().prefix().equals(prefix) ? covers(prefix, k.rollup(), etags, claimed) : null;
            if (keys != null) {
                claimed.addAll(keys);
                used.add(k);
            } else {
                stale.add(k.key());
            }
        }
        List<ListedObject> uncovered = new ArrayList<>();
        for (ListedObject o : listed) {
            if (!claimed.contains(o.key())) {
                uncovered.add(o);
            }
        }
        return new Coverage<>(used, stale, uncovered);
    }

    /** The keys the roll-up covers when it can stand in for them, else null. */
    private static List<String> covers(String prefix, Covering r, Map<String, String> etags, Set<String> claimed) {
        Set<String> keys = new HashSet<>(r.covered().size() * 2);
        for (Covered c : r.covered()) {
            String key = prefix + c.name();
            if (!c.etag().equals(etags.get(key)) || claimed.contains(key) || !keys.add(key)) {
                return null;
            }
        }
        return List.copyOf(keys);
    }
}
