package dev.eventpipe.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.cli.stack.LocalStack;
import dev.eventpipe.shared.json.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code eventpipe} command as its own process against a local stack: its exit status and stdout. */
record CliRun(int exit, String out) {

    JsonNode json() throws IOException {
        return Json.mapper().readTree(out);
    }

    /** Runs the built jar with the stack's endpoints, queues and processed bucket in its environment. */
    static CliRun of(LocalStack stack, Path scratch, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString(), "-jar", System.getProperty("eventpipe.cli.jar")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(scratch, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.put("AWS_ENDPOINT_URL_S3", stack.s3Endpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", stack.sqsEndpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_REGION", "us-east-1");
        env.put("EVENTPIPE_QUEUE_URL", stack.queues().queueUrl());
        env.put("EVENTPIPE_DLQ_URL", stack.queues().dlqUrl());
        env.put("EVENTPIPE_PROCESSED_BUCKET", stack.settings().processedBucket());
        Process p = pb.start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
