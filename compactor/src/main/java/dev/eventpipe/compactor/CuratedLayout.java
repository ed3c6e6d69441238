package dev.eventpipe.compactor;

import dev.eventpipe.shared.store.ListedObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * Keys under {@code curated/}. A file's name carries a hash of the inputs it covers, so a re-run over the
 * same inputs rewrites the same keys with the same bytes, and a changed input set writes new keys beside
 * the old ones (which are deleted only after the manifest names the new ones).
 */
public final class CuratedLayout {

    public static final String EVENTS = "curated/events/";
    public static final String MANIFESTS = EVENTS + "_manifests/";

    private CuratedLayout() {
    }

    public static String eventsPrefix(LocalDate day) {
        return EVENTS + "dt=" + day + "/";
    }

    public static String manifestKey(LocalDate day) {
        return MANIFESTS + "dt=" + day + ".json";
    }

    static String inputsPrefix(LocalDate day) {
        return "events/dt=" + day + "/";
    }

    /** The {@code n}th file of a day compacted from the input set {@code inputSet} ({@link #inputSet}). */
    static String partKey(LocalDate day, String inputSet, int n) {
        return eventsPrefix(day) + "part-" + inputSet + "-" + String.format("%05d", n) + ".parquet";
    }

    /** What names an input set in its files' keys: the same keys and ETags give the same keys, so a re-run rewrites them. */
    static String inputSet(List<ListedObject> inputs) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ListedObject o : inputs) {
                sha.update((o.key() + "\n" + o.etag() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
