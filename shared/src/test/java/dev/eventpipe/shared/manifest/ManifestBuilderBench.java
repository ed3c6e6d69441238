package dev.eventpipe.shared.manifest;

import java.util.ArrayList;
import java.util.List;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A rough harness, not a test: prints the per-row cost of {@link ManifestBuilder#add}, the cost of
 * writing a manifest and of reading and merging one. No assertions. Machines here are shared and noisy:
 * it reports the thread's CPU time beside the wall time (CPU time leaves out time spent descheduled),
 * and the best of several rounds is the figure to quote. Run with the test classpath:
 *
 * <pre>
 * ./mvnw -q -pl shared dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp shared/target/classes:shared/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.eventpipe.shared.manifest.ManifestBuilderBench
 * </pre>
 */
final class ManifestBuilderBench {

    private static final String FILE = "0123456789abcdef0123456789abcdef";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ManifestBuilderBench() {
    }

    public static void main(String[] args) {
        // Users like gen_events.py: ~50k, Zipf-like, no heavy hitters.
        Events events = new Events(1, 50_000, 0);
        for (int round = 1; round <= 8; round++) {
            oneLargeFile(events, round);
        }
        for (int round = 1; round <= 5; round++) {
            manySmallFiles(events, round);
        }
    }

    private static void oneLargeFile(Events events, int round) {
        Columns rows = Columns.of(events.file(1_000_000, false));
        settle();

        ManifestBuilder builder = new ManifestBuilder(FILE, Events.DAY);
        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < rows.size; i++) {
            builder.add(rows.millis[i], rows.eventTypes[i], rows.actions[i], rows.users[i], rows.amounts[i]);
        }
        long added = System.nanoTime();
        long addedCpu = THREADS.getCurrentThreadCpuTime();
        byte[] json = builder.toJson();
        long written = System.nanoTime();

        System.out.printf(Locale.ROOT, "round %d, 1 file x 1,000,000 rows: add %.1f ns/row (cpu %.1f), toJson %.2f ms, "
                        + "%,d bytes%n", round, (added - start) / (double) rows.size,
                (addedCpu - cpu) / (double) rows.size, (written - added) / 1e6, json.length);
    }

    private static void manySmallFiles(Events events, int round) {
        int files = 10_000;
        List<Columns> inputs = new ArrayList<>(files);
        for (int f = 0; f < files; f++) {
            inputs.add(Columns.of(events.file(100, false)));
        }
        List<ManifestBuilder> builders = new ArrayList<>(files);
        settle();

        long cpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (Columns rows : inputs) {
            ManifestBuilder builder = new ManifestBuilder(FILE, Events.DAY);
            for (int i = 0; i < rows.size; i++) {
                builder.add(rows.millis[i], rows.eventTypes[i], rows.actions[i], rows.users[i], rows.amounts[i]);
            }
            builders.add(builder);
        }
        long built = System.nanoTime();
        long builtCpu = THREADS.getCurrentThreadCpuTime();
        List<byte[]> json = builders.stream().map(ManifestBuilder::toJson).toList();
        long written = System.nanoTime();
        List<Manifest> manifests = json.stream().map(Manifest::fromJson).toList();
        long read = System.nanoTime();
        ManifestMerge.Totals totals = ManifestMerge.merge(manifests);
        long merged = System.nanoTime();

        System.out.printf(Locale.ROOT, "round %d, %,d files x 100 rows: new+add %.1f ns/row (cpu %.1f); per manifest: "
                        + "toJson %.1f us, %,d bytes, fromJson %.1f us, merge %.1f us; %,d distinct users (exact %s)%n",
                round, files, (built - start) / (double) (files * 100), (builtCpu - cpu) / (double) (files * 100),
                (written - built) / 1e3 / files,
                json.stream().mapToLong(b -> b.length).sum() / files, (read - written) / 1e3 / files,
                (merged - read) / 1e3 / files, totals.distinctUsers().estimate(), totals.distinctUsers().exact());
    }

    /** Moves the generated rows out of the young generation, so the timed code pays only for its own garbage. */
    private static void settle() {
        System.gc();
        System.gc();
    }

    /**
     * Rows as the parser hands them over: every string a fresh object whose hash is not yet computed, as
     * if just decoded from the file (the generator reuses constant event types and actions).
     */
    private static final class Columns {
        final int size;
        final long[] millis;
        final String[] eventTypes;
        final String[] actions;
        final String[] users;
        final String[] amounts;

        private Columns(int size) {
            this.size = size;
            millis = new long[size];
            eventTypes = new String[size];
            actions = new String[size];
            users = new String[size];
            amounts = new String[size];
        }

        static Columns of(List<Events.Row> rows) {
            Columns c = new Columns(rows.size());
            for (int i = 0; i < c.size; i++) {
                Events.Row row = rows.get(i);
                c.millis[i] = row.epochMillis();
                c.eventTypes[i] = fresh(row.eventType());
                c.actions[i] = fresh(row.action());
                c.users[i] = fresh(row.userId());
                c.amounts[i] = fresh(row.amount());
            }
            return c;
        }

        private static String fresh(String s) {
            return s == null ? null : String.valueOf(s.toCharArray()); // new String(s) would copy the cached hash
        }
    }
}
