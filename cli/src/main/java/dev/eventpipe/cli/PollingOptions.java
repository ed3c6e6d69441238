package dev.eventpipe.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How the event source mapping polls: shared by {@code up} and {@code worker}. */
final class PollingOptions {

    @Option(names = "--batch-size", defaultValue = "10", description = "Most messages per invocation (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--batching-window", defaultValue = "0s",
            description = "How long to gather a batch once its first message arrived (default: ${DEFAULT-VALUE}).")
    Duration batchingWindow;

    @Option(names = "--pollers", defaultValue = "2", description = "Concurrent pollers, each invoking on its own thread (default: ${DEFAULT-VALUE}).")
    int pollers;

    @Option(names = "--long-poll", defaultValue = "2s",
            description = "How long one receive waits for messages, at most 20s; also how long a stop waits for an idle poller (default: ${DEFAULT-VALUE}).")
    Duration longPoll;

    @Option(names = "--timeout", defaultValue = "15m", description = "The function timeout the handler's context reports (default: ${DEFAULT-VALUE}).")
    Duration timeout;
}
