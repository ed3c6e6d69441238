package dev.eventpipe.local.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The process {@code LocalSqsIT} kills: starts a persistent {@link LocalSqs} on a directory, sends
 * messages one by one, prints {@code sent} once every SendMessage was answered, then waits to be killed. It
 * never closes SQS. Should the test JVM die first, its end of stdin closes and this halts.
 *
 * <p>Arguments: data directory, queue name, message count.
 */
final class PersistentSqsSender {

    private PersistentSqsSender() {
    }

    /** The bodies {@code count} messages carry, in the order they are sent. */
    static List<String> bodies(int count) {
        return IntStream.range(0, count).mapToObj(i -> "message-" + i).toList();
    }

    public static void main(String[] args) throws IOException {
        Path dataDirectory = Path.of(args[0]);
        String queueName = args[1];
        int count = Integer.parseInt(args[2]);

        LocalSqs sqs = LocalSqs.start(0, dataDirectory);
        QueuePair queues = sqs.createQueueWithDlq(queueName, 3, Duration.ofSeconds(30));
        for (String body : bodies(count)) {
            sqs.client().sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody(body));
        }
        System.out.println("sent");
        System.out.flush();

        while (System.in.read() >= 0) { // nothing is written to it: this returns when the parent is gone
            continue;
        }
        Runtime.getRuntime().halt(3);
    }
}
