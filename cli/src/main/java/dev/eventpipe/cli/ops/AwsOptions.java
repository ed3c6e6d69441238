package dev.eventpipe.cli.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.json.Json;
import java.io.PrintStream;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What every operator command takes: where AWS is and how to print. Endpoints come from the SDK's standard
 * variables ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL_SQS}), so the same
 * command runs against AWS and any emulator.
 */
final class AwsOptions {

    @Option(names = "--region", description = "AWS region (default: the SDK's chain: AWS_REGION, the profile, ...).")
    String region;

    @Option(names = "--profile", description = "A named profile of ~/.aws/config and ~/.aws/credentials.")
    String profile;

    @Option(names = "--json", description = "Print the result as one JSON document on stdout (progress, if any, on stderr).")
    boolean json;

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;

    AwsClients clients() {
        return AwsClients.fromEnvironment(System.getenv(), Optional.ofNullable(region), Optional.ofNullable(profile));
    }

    /** Whether progress may redraw a line in place: a terminal, and not --json. */
    boolean interactive() {
        return !json && System.console() != null;
    }

    static void printJson(PrintStream out, Object result) {
        try {
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result always serialises", e);
        }
    }
}
