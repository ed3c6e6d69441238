package dev.eventpipe.cli.console;

import dev.eventpipe.ingest.receipt.FileReport;
import dev.eventpipe.shared.receipt.Receipt;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One file's page: what {@code eventpipe receipt} says of it, plus each output's size and download link, a
 * timeline, and the commands that act on it.
 */
record FileView(FileReport report, List<Output> outputs, List<Step> timeline, List<String> commands) {

    /** An output object, its size (empty when it is gone) and a presigned GET link. */
    record Output(String key, Optional<Long> size, Optional<URI> link) {
    }

    /** A moment in the file's life. */
    record Step(String what, Instant at) {
    }

    FileView {
        Objects.requireNonNull(report, "report");
        outputs = List.copyOf(outputs);
        timeline = List.copyOf(timeline);
        commands = List.copyOf(commands);
    }

    static FileView of(FileReport report, Map<String, Long> sizes, Map<String, URI> links) {
        List<Output> outputs = new ArrayList<>();
        List<Step> timeline = new ArrayList<>();
        if (report.receipt().isPresent()) {
            Receipt r = report.receipt().get();
            for (String key : r.outputs()) {
                outputs.add(new Output(key, Optional.ofNullable(sizes.get(key)), Optional.ofNullable(links.get(key))));
            }
            timeline.add(new Step("uploaded (S3 event time)", r.receivedAt()));
            timeline.add(new Step("processing started", r.processedAt().minusMillis(r.durationMs())));
            timeline.add(new Step("receipt written: " + r.status().wire(), r.processedAt()));
        }
        return new FileView(report, outputs, timeline, commands(report));
    }

    /** The eventpipe commands for this file, with the key quoted for a POSIX shell. */
    static List<String> commands(FileReport report) {
        String object = shell("s3://" + report.bucket() + "/" + report.key());
        List<String> c = new ArrayList<>();
        c.add("eventpipe receipt " + object + report.versionId().map(v -> " --version-id " + shell(v)).orElse(""));
        String replay = "eventpipe replay --bucket " + shell(report.bucket()) + " --prefix " + shell(report.key());
        if (report.receipt().isPresent()) {
            c.add(replay + " --dry-run --force");
            c.add(replay + " --force");
        } else {
            c.add(replay + " --dry-run");
            c.add(replay);
        }
        if (!report.dlqMessageIds().isEmpty()) {
            c.add("eventpipe dlq peek");
            c.add("eventpipe dlq redrive --dry-run");
        }
        return c;
    }

    /** Single quotes unless the word is plainly safe; a quote inside becomes {@code '\''}. */
    static String shell(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
