package dev.eventpipe.cli;

import dev.eventpipe.cli.console.ConsoleConfig;
import dev.eventpipe.cli.console.ConsoleServer;
import dev.eventpipe.shared.aws.AwsClients;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code eventpipe console}: the pipeline in a browser (docs/console.md). */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"A web console on 127.0.0.1: files and what happened to each, the DLQ (peek, redrive, purge), "
                + "today's figures as charts, the daily reports (docs/console.md).",
            "No login of its own: it binds to loopback and acts with your AWS credentials (--region, --profile, "
                    + "AWS_ENDPOINT_URL*, like the other commands).",
            "Buckets and queues from the options or EVENTPIPE_PROCESSED_BUCKET, EVENTPIPE_INPUT_BUCKETS, "
                    + "EVENTPIPE_REPORTS_BUCKET, EVENTPIPE_QUEUE_URL, EVENTPIPE_DLQ_URL."})
final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8070", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--allow-non-loopback", description = "Allow --bind to name a non-loopback address: anyone who can "
            + "reach it acts with your credentials.")
    boolean allowNonLoopback;

    @Option(names = "--read-only", description = "No redrive and no purge.")
    boolean readOnly;

    @Option(names = "--region", description = "AWS region (default: the SDK's chain).")
    String region;

    @Option(names = "--profile", description = "A named profile of ~/.aws/config and ~/.aws/credentials.")
    String profile;

    @Option(names = "--processed-bucket", description = "Receipts and outputs (default: $EVENTPIPE_PROCESSED_BUCKET).")
    String processedBucket;

    @Option(names = "--input-bucket", description = "Uploads, to find a file by key (default: the first of "
            + "$EVENTPIPE_INPUT_BUCKETS).")
    String inputBucket;

    @Option(names = "--reports-bucket", description = "The daily reports (default: $EVENTPIPE_REPORTS_BUCKET).")
    String reportsBucket;

    @Option(names = "--queue-url", description = "The files queue (default: $EVENTPIPE_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--dlq-url", description = "Its dead-letter queue (default: $EVENTPIPE_DLQ_URL).")
    String dlqUrl;

    @Mixin
    ProcessOptions process;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        String processed = setting(processedBucket, "EVENTPIPE_PROCESSED_BUCKET").orElseThrow(() ->
                new CommandLine.ParameterException(spec.commandLine(),
                        "--processed-bucket (or EVENTPIPE_PROCESSED_BUCKET) is required"));
        ConsoleConfig config = new ConsoleConfig(processed,
                setting(inputBucket, "EVENTPIPE_INPUT_BUCKETS").map(b -> Arrays.stream(b.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).findFirst().orElse(b)),
                setting(reportsBucket, "EVENTPIPE_REPORTS_BUCKET"), setting(queueUrl, "EVENTPIPE_QUEUE_URL"),
                setting(dlqUrl, "EVENTPIPE_DLQ_URL"), readOnly);
        InetAddress address = address(spec, bind, allowNonLoopback);
        AwsClients clients = AwsClients.fromEnvironment(System.getenv(), Optional.ofNullable(region), Optional.ofNullable(profile));
        SqsClient sqs = clients.build(SqsClient.builder());
        ConsoleServer server = ConsoleServer.start(config, clients, sqs, address, port, allowNonLoopback);
        Shutdown shutdown = Shutdown.onSignal(() -> {
            server.close();
            sqs.close();
            clients.close();
        });
        spec.commandLine().getOut().printf("eventpipe console: %s%s (Ctrl-C stops)%n", server.url(), readOnly ? " (read-only)" : "");
        spec.commandLine().getOut().flush();
        shutdown.await();
        return 0;
    }

    /** The address to bind; a usage error for a non-loopback one without the flag. */
    static InetAddress address(CommandSpec spec, String bind, boolean allowNonLoopback) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind: unknown address " + bind);
        }
        if (!address.isLoopbackAddress() && !allowNonLoopback) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind " + bind + " is not a loopback address: the "
                    + "console has no login, so it refuses unless --allow-non-loopback is given");
        }
        return address;
    }

    private static Optional<String> setting(String value, String variable) {
        String v = value != null && !value.isBlank() ? value : System.getenv(variable);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
