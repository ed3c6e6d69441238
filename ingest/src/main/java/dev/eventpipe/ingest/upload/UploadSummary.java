package dev.eventpipe.ingest.upload;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of an upload, one result per local file (in key order).
 *
 * @param bucket  where the files went
 * @param results every file's result
 * @param elapsed wall time of planning and sending
 */
public record UploadSummary(String bucket, List<FileResult> results, Duration elapsed) {

    public UploadSummary {
        results = List.copyOf(results);
    }

    public List<FileResult.Uploaded> uploaded() {
        return results.stream().filter(FileResult.Uploaded.class::isInstance).map(FileResult.Uploaded.class::cast).toList();
    }

    public List<FileResult.Skipped> skipped() {
        return results.stream().filter(FileResult.Skipped.class::isInstance).map(FileResult.Skipped.class::cast).toList();
    }

    public List<FileResult.Failed> failed() {
        return results.stream().filter(FileResult.Failed.class::isInstance).map(FileResult.Failed.class::cast).toList();
    }

    public long bytesUploaded() {
        return uploaded().stream().mapToLong(FileResult.Uploaded::size).sum();
    }

    /** Files uploaded per second of the whole run (0 when nothing was uploaded). */
    public double filesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : uploaded().size() / seconds;
    }
}
