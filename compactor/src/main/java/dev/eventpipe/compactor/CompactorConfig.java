package dev.eventpipe.compactor;

import dev.eventpipe.shared.config.Env;
import java.time.Duration;
import java.util.Map;

/**
 * The compactor's settings, read once from a map (the environment in Lambda).
 *
 * @param processedBucket where {@code events/} is read and {@code curated/} written
 * @param targetFileBytes a Parquet file is closed once it reaches about this size (128 MiB default)
 * @param rowGroupBytes   the row group buffered in memory before it is flushed (at most the target)
 * @param lookbackDays    how many closed days a scheduled run checks for changed inputs
 * @param grace           how long after midnight UTC a day counts as closed (late uploads of the last hour)
 */
public record CompactorConfig(String processedBucket, long targetFileBytes, long rowGroupBytes, int lookbackDays,
                              Duration grace) {

    public static final String PROCESSED_BUCKET = "EVENTPIPE_PROCESSED_BUCKET";
    public static final String TARGET_FILE_BYTES = "EVENTPIPE_COMPACT_TARGET_BYTES";
    public static final String ROW_GROUP_BYTES = "EVENTPIPE_COMPACT_ROW_GROUP_BYTES";
    public static final String LOOKBACK_DAYS = "EVENTPIPE_COMPACT_LOOKBACK_DAYS";
    public static final String GRACE_MINUTES = "EVENTPIPE_COMPACT_GRACE_MINUTES";

    public CompactorConfig {
        if (rowGroupBytes > targetFileBytes) {
            rowGroupBytes = targetFileBytes;
        }
    }

    public static CompactorConfig fromEnv(Map<String, String> env) {
        Env e = Env.of(env);
        return new CompactorConfig(
                e.required(PROCESSED_BUCKET),
                e.bytes(TARGET_FILE_BYTES, 128L << 20, 1L << 10, 4L << 30),
                e.bytes(ROW_GROUP_BYTES, 32L << 20, 1L << 10, 1L << 30),
                e.intValue(LOOKBACK_DAYS, 7, 1, 366),
                Duration.ofMinutes(e.intValue(GRACE_MINUTES, 60, 0, 24 * 60)));
    }
}
