package dev.eventpipe.processor.format;

/**
 * Safety limits for reading one file; every one configurable (see the README's configuration table).
 *
 * @param maxObjectBytes        largest object read, as stored
 * @param maxDecompressedBytes  largest decompressed content of a gzip file
 * @param maxCompressionRatio   decompressed/compressed bytes beyond which a gzip file is a bomb
 * @param maxRowChars           longest row (all fields together, or one JSON line)
 * @param maxFieldChars         longest single value
 * @param maxRowsPerFile        most rows in one file
 * @param maxNestingDepth       deepest JSON nesting
 * @param maxPartitionsPerFile  most distinct event dates in one file
 */
public record Limits(long maxObjectBytes, long maxDecompressedBytes, int maxCompressionRatio, int maxRowChars,
                     int maxFieldChars, long maxRowsPerFile, int maxNestingDepth, int maxPartitionsPerFile) {

    public static final Limits DEFAULTS = new Limits(
            4L << 30,       // 4 GiB: ~1 minute of reading at the measured rate, well inside Lambda's 15
            16L << 30,      // 16 GiB
            100,            // CSV and JSON compress 5-20x; a bomb compresses 1000x
            1 << 20,        // 1 MiB per row
            64 << 10,       // 64 KiB per value
            50_000_000L,
            64,
            400);           // a year's backfill in one file, with room

    public Limits {
        if (maxObjectBytes <= 0 || maxDecompressedBytes <= 0 || maxCompressionRatio <= 1 || maxRowChars <= 0
                || maxFieldChars <= 0 || maxRowsPerFile <= 0 || maxNestingDepth <= 0 || maxPartitionsPerFile <= 0) {
            throw new IllegalArgumentException("every limit must be positive (and the ratio above 1)");
        }
    }
}
