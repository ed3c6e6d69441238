package dev.eventpipe.cli;

import dev.eventpipe.testkit.emulators.Emulators;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged {@code eventpipe} tool as its own process, pointed at the emulators by environment alone. */
final class CliProcess {

    private CliProcess() {
    }

    /** {@code java -jar eventpipe-cli.jar ARGS}, with the SDK's endpoint, region and credential variables set. */
    static ProcessBuilder eventpipe(Emulators emulators, String... args) {
        return eventpipe(emulators.s3Endpoint(), emulators.sqsEndpoint(), args);
    }

    /** {@code java -jar eventpipe-cli.jar ARGS} against these S3 and SQS endpoints, with region and credentials set. */
    static ProcessBuilder eventpipe(URI s3, URI sqs, String... args) {
        ProcessBuilder pb = eventpipe(args);
        pb.environment().put("AWS_ENDPOINT_URL_S3", s3.toString());
        pb.environment().put("AWS_ENDPOINT_URL_SQS", sqs.toString());
        pb.environment().put("AWS_ACCESS_KEY_ID", "local");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        pb.environment().put("AWS_REGION", "us-east-1");
        return pb;
    }

    /** {@code java -jar eventpipe-cli.jar ARGS}, with the environment of this JVM. */
    static ProcessBuilder eventpipe(String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", System.getProperty("eventpipe.cli.jar")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
