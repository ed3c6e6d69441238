package dev.eventpipe.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code eventpipe up} on free ports, as its own process, once it says it is up; its output in {@code log}. */
record UpProcess(Process process, URI s3, URI sqs) {

    private static final Pattern READY = Pattern.compile("eventpipe is up: S3 (http://127\\.0\\.0\\.1:\\d+)\\s+SQS (http://127\\.0\\.0\\.1:\\d+)");

    /** Starts it on {@code data} with {@code options} added, and waits (at most {@code patience}) until it is up. */
    static UpProcess start(Path data, Path log, Duration patience, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("up", "--s3-port", "0", "--sqs-port", "0", "--console-port", "0",
                "--data-dir", data.toString()));
        args.addAll(List.of(options));
        Process p = CliProcess.eventpipe(args.toArray(String[]::new)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(patience);
        while (p.isAlive() && Instant.now().isBefore(deadline)) {
            Matcher m = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new UpProcess(p, URI.create(m.group(1)), URI.create(m.group(2)));
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("eventpipe up did not start: " + Files.readString(log, StandardCharsets.UTF_8));
    }
}
