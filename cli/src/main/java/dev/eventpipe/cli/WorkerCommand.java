package dev.eventpipe.cli;

import dev.eventpipe.local.esm.EventSourceMapping;
import dev.eventpipe.processor.ProcessorApp;
import dev.eventpipe.processor.ProcessorHandler;
import dev.eventpipe.shared.aws.AwsClients;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The processor outside Lambda: the same event-source-mapping loop as the local stack, against any SQS
 * queue and S3 — real AWS or an emulator — configured only by the environment.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Processes a files queue outside Lambda until stopped.",
            "For a VM, a container, or files too big for Lambda's 15 minutes.",
            "Configured like the Lambda: EVENTPIPE_* variables; endpoints from AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3 / "
                    + "AWS_ENDPOINT_URL_SQS; region and credentials from the SDK's default chains.",
            "SIGTERM or Ctrl-C stops receiving, finishes the batches in flight, and exits 0."})
final class WorkerCommand implements Callable<Integer> {

    /**
     * Picocli instantiates every subcommand to build the command tree, so a static logger here would start
     * Log4j (about half a second) for {@code eventpipe --version} too; the holder defers it to this command's run.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(WorkerCommand.class);
    }

    @Option(names = "--queue-url", required = true, description = "The files queue (SQS URL).")
    String queueUrl;

    @Mixin
    PollingOptions polling;

    @Mixin
    ProcessOptions process;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = System.getenv();
        AwsClients clients = AwsClients.fromEnvironment(env);
        ProcessorApp app = ProcessorApp.fromEnvironment(env, clients);
        SqsClient sqs = clients.build(SqsClient.builder());
        EventSourceMapping esm = EventSourceMapping.start(sqs, new ProcessorHandler(app), new EventSourceMapping.Settings(
                queueUrl, polling.batchSize, polling.batchingWindow, polling.pollers, polling.longPoll,
                "eventpipe-processor", polling.timeout));
        Shutdown shutdown = Shutdown.onSignal(() -> {
            Log.LOG.info("stopping: finishing the batches in flight");
            esm.close();
            sqs.close();
            clients.close();
            Log.LOG.info("stopped: {} messages handled, {} handed back to the queue", esm.messagesHandled(), esm.messagesFailed());
        });
        Log.LOG.info("worker polling {} with {} poller(s); stop with Ctrl-C or SIGTERM", queueUrl, polling.pollers);
        shutdown.await();
        return 0;
    }
}
