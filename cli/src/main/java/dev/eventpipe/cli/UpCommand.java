package dev.eventpipe.cli;

import dev.eventpipe.cli.console.ConsoleConfig;
import dev.eventpipe.cli.console.ConsoleServer;
import dev.eventpipe.cli.stack.LocalStack;
import dev.eventpipe.cli.stack.StackSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The local stack, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs the whole pipeline on this machine until Ctrl-C.",
            "On loopback only: S3 (with event notifications on the input bucket), SQS (files queue and DLQ) and the "
                    + "processor behind an event source mapping. The processor takes the same EVENTPIPE_* settings as the Lambda.",
            "Stopping finishes the batches in flight; objects survive in --data-dir, and unprocessed uploads are "
                    + "notified again at the next start.",
            "Also serves the web console (eventpipe console, docs/console.md) on 127.0.0.1:--console-port unless --no-console."})
final class UpCommand implements Callable<Integer> {

    /**
     * Picocli instantiates every subcommand to build the command tree, so a static logger here would start
     * Log4j (about half a second) for {@code eventpipe --version} too; the holder defers it to this command's run.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);
    }

    @Mixin
    StackOptions stack;

    @Mixin
    PollingOptions polling;

    @Mixin
    ProcessOptions process;

    @picocli.CommandLine.Option(names = "--console-port", defaultValue = "8070",
            description = "The web console's port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int consolePort;

    @picocli.CommandLine.Option(names = "--no-console", description = "Do not start the web console.")
    boolean noConsole;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        StackSettings settings = stack.settings(polling);
        LocalStack local = LocalStack.start(settings, System.getenv());
        java.util.Optional<ConsoleServer> console = noConsole ? java.util.Optional.empty()
                : java.util.Optional.of(ConsoleServer.start(new ConsoleConfig(settings.processedBucket(),
                        java.util.Optional.of(settings.inputBucket()), java.util.Optional.of(settings.reportsBucket()),
                        java.util.Optional.of(local.queues().queueUrl()), java.util.Optional.of(local.queues().dlqUrl()), false),
                        local.clients(), local.sqs(), java.net.InetAddress.getLoopbackAddress(), consolePort, false));
        Shutdown shutdown = Shutdown.onSignal(() -> {
            Log.LOG.info("stopping: finishing the batches in flight");
            console.ifPresent(ConsoleServer::close);
            local.close();
            // Not through the logger: the shutdown flushes and stops it.
            System.err.println("eventpipe: stopped; objects are kept in " + settings.dataDirectory().toAbsolutePath());
        });
        printReady(spec.commandLine().getOut(), local, console.map(ConsoleServer::url));
        shutdown.await();
        return 0;
    }

    static void printReady(PrintWriter out, LocalStack local, java.util.Optional<java.net.URI> console) {
        StackSettings s = local.settings();
        String s3 = local.s3Endpoint().toString();
        out.printf("eventpipe is up: S3 %s  SQS %s  %sdata %s%n", s3, local.sqsEndpoint(),
                console.map(u -> "console " + u + "  ").orElse(""), s.dataDirectory().toAbsolutePath());
        out.printf("  s3://%s --notifications--> %s (DLQ after %d receives: %s) --> processor --> s3://%s%n",
                s.inputBucket(), local.queues().queueUrl(), s.maxReceiveCount(), local.queues().dlqUrl(), s.processedBucket());
        out.println("  try (any credentials do; the exports below set them):");
        out.printf("    aws --endpoint-url %s s3 cp sample_data/clean-events.csv s3://%s/incoming/%n", s3, s.inputBucket());
        out.printf("    aws --endpoint-url %s s3 ls --recursive s3://%s/%n", s3, s.processedBucket());
        out.printf("    aws --endpoint-url %s sqs get-queue-attributes --queue-url %s --attribute-names ApproximateNumberOfMessages%n",
                local.sqsEndpoint(), local.queues().dlqUrl());
        out.printf("  daily report at 08:00 %s (next %s) to s3://%s/daily/, its email to %s%n",
                local.reporter().zone(), local.nextReport(), s.reportsBucket(), local.outbox().toAbsolutePath());
        out.println("  to run the eventpipe commands (and the AWS CLI) against this stack:");
        out.printf("    export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1%n");
        out.printf("    export AWS_ENDPOINT_URL_S3=%s AWS_ENDPOINT_URL_SQS=%s%n", s3, local.sqsEndpoint());
        out.printf("    export EVENTPIPE_PROCESSED_BUCKET=%s EVENTPIPE_REPORTS_BUCKET=%s EVENTPIPE_OUTBOX=%s%n",
                s.processedBucket(), s.reportsBucket(), local.outbox().toAbsolutePath());
        out.printf("    export EVENTPIPE_QUEUE_URL=%s EVENTPIPE_DLQ_URL=%s EVENTPIPE_INPUT_BUCKETS=%s%n", local.queues().queueUrl(),
                local.queues().dlqUrl(), s.inputBucket());
        out.println("    eventpipe report --date $(date -u +%F)");
        out.println("  Ctrl-C stops.");
        out.flush();
    }
}
