package dev.eventpipe.cli.ops;

import dev.eventpipe.ingest.ObjectRef;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.ingest.dlq.DlqStatus;
import dev.eventpipe.ingest.dlq.PeekedMessage;
import dev.eventpipe.ingest.dlq.QueueDepth;
import dev.eventpipe.ingest.dlq.RedriveResult;
import dev.eventpipe.shared.aws.AwsClients;
import java.io.Console;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code eventpipe dlq status|peek|redrive|purge}. Runbook: docs/redrive.md. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"The files queue's dead-letter queue: status, peek, redrive, purge (runbook: docs/redrive.md).",
            "Queues from --queue-url/--dlq-url or EVENTPIPE_QUEUE_URL/EVENTPIPE_DLQ_URL."},
        subcommands = {DlqCommand.Status.class, DlqCommand.Peek.class, DlqCommand.Redrive.class, DlqCommand.Purge.class})
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Depths of the files queue and its DLQ, the age of the DLQ's oldest message, redrives running.",
                "Exit status 0 when the DLQ is empty, 1 when it holds messages."})
    static final class Status implements Callable<Integer> {
        @Mixin
        QueueOptions queues;
        @Mixin
        AwsOptions aws;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (AwsClients clients = aws.clients(); SqsClient sqs = clients.build(SqsClient.builder())) {
                DlqStatus s = queues.dlq(spec, clients, sqs).status();
                PrintStream out = System.out;
                if (aws.json) {
                    AwsOptions.printJson(out, s);
                } else {
                    print(out, "files queue", s.queue());
                    print(out, "dead-letter", s.dlq());
                    s.oldestDlqMessageAgeSeconds().ifPresent(age -> out.printf(Locale.ROOT,
                            "oldest DLQ message: sent %s ago%n", duration(age)));
                    if (!s.moveTasksSupported()) {
                        out.println("redrive tasks: this endpoint has no message-move tasks");
                    } else if (s.moveTasks().isEmpty()) {
                        out.println("redrive tasks: none running");
                    } else {
                        s.moveTasks().forEach(t -> out.printf(Locale.ROOT, "redrive task running: %d of %d moved%n", t.moved(),
                                t.toMove()));
                    }
                }
                return s.dlq().total() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }

        private static void print(PrintStream out, String name, QueueDepth d) {
            out.printf(Locale.ROOT, "%-12s %,8d waiting  %,8d in flight  %,8d delayed   %s%n", name, d.visible(), d.inFlight(),
                    d.delayed(), d.url());
        }

        private static String duration(long seconds) {
            return seconds >= 86_400 ? seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h"
                    : seconds >= 3600 ? seconds / 3600 + "h " + seconds % 3600 / 60 + "m" : seconds / 60 + "m " + seconds % 60 + "s";
        }
    }

    @Command(name = "peek", mixinStandardHelpOptions = true,
            description = {"Shows DLQ messages without consuming them (they are visible again at once): id, receive count, "
                    + "times, the S3 objects inside and each object's receipt status."})
    static final class Peek implements Callable<Integer> {
        @Option(names = "--max", defaultValue = "10", description = "Messages to show at most (default: ${DEFAULT-VALUE}).")
        int max;
        @Option(names = "--body", description = "Also print each message body.")
        boolean body;
        @Mixin
        QueueOptions queues;
        @Mixin
        AwsOptions aws;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (AwsClients clients = aws.clients(); SqsClient sqs = clients.build(SqsClient.builder())) {
                List<PeekedMessage> messages = queues.dlq(spec, clients, sqs).peek(max);
                if (aws.json) {
                    AwsOptions.printJson(System.out, messages);
                } else {
                    messages.forEach(m -> printMessage(System.out, m, body));
                    System.out.println(messages.size() + " message(s) shown; nothing was consumed");
                }
                return ExitCodes.OK;
            }
        }
    }

    static void printMessage(PrintStream out, PeekedMessage m, boolean body) {
        out.printf(Locale.ROOT, "%s  received %d time(s)  sent %s  first received %s%n", m.messageId(), m.receiveCount(),
                m.sentAt().map(Object::toString).orElse("?"), m.firstReceiveAt().map(Object::toString).orElse("?"));
        for (ObjectRef o : m.objects()) {
            out.printf(Locale.ROOT, "    s3://%s/%s%s  file %s  receipt: %s%n", o.bucket(), o.key(),
                    o.versionId().map(v -> "?versionId=" + v).orElse(""), o.fileId(), o.receiptStatus());
        }
        m.problem().ifPresent(p -> out.println("    not an S3 notification: " + p));
        if (body) {
            out.println("    " + m.body());
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Moves the DLQ's messages back to the files queue and follows the move to the end.",
                "Uses SQS's message-move task; where the endpoint lacks it, receives, sends and deletes after the send, so "
                        + "nothing is lost (a crash may duplicate a message, which the processor absorbs).",
                "Exit status 0 when everything moved, 1 otherwise."})
    static final class Redrive implements Callable<Integer> {
        @Option(names = "--max-per-second", defaultValue = "0", description = "Messages a second at most (default: SQS's pace).")
        int maxPerSecond;
        @Option(names = "--dry-run", description = "Only say what would move.")
        boolean dryRun;
        @Option(names = "--method", defaultValue = "auto", description = "auto (default), native or copy.")
        DeadLetterQueue.Method method;
        @Mixin
        QueueOptions queues;
        @Mixin
        AwsOptions aws;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            try (AwsClients clients = aws.clients(); SqsClient sqs = clients.build(SqsClient.builder())) {
                DeadLetterQueue dlq = queues.dlq(spec, clients, sqs);
                RedriveResult r;
                try (Ticker ticker = Ticker.start("messages", aws.interactive(), aws.json || dryRun)) {
                    r = dlq.redrive(method, maxPerSecond, dryRun, ticker.progress());
                }
                if (aws.json) {
                    AwsOptions.printJson(System.out, r);
                } else if (r.dryRun()) {
                    System.out.println(r.before() + " message(s) would move back to the files queue; the first ones:");
                    r.sample().forEach(m -> printMessage(System.out, m, false));
                } else {
                    System.out.printf(Locale.ROOT, "%s redrive: %d of %d message(s) moved back to the files queue; %d left in "
                            + "the DLQ%n", r.method(), r.moved(), r.before(), r.remaining());
                    r.failure().ifPresent(f -> System.out.println("FAILED: " + f));
                }
                return r.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = {"Deletes the DLQ's messages, printing each one deleted (id and S3 objects).",
                "Asks for confirmation on a terminal; elsewhere needs --yes."})
    static final class Purge implements Callable<Integer> {
        @Option(names = "--yes", description = "Do not ask.")
        boolean yes;
        @Option(names = "--max", defaultValue = "100000", description = "Delete at most this many (default: ${DEFAULT-VALUE}).")
        int max;
        @Mixin
        QueueOptions queues;
        @Mixin
        AwsOptions aws;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (AwsClients clients = aws.clients(); SqsClient sqs = clients.build(SqsClient.builder())) {
                DeadLetterQueue dlq = queues.dlq(spec, clients, sqs);
                QueueDepth depth = dlq.depth(Settings.required(spec, queues.dlqUrl, "--dlq-url", Settings.DLQ_URL));
                if (!yes) {
                    Console console = System.console();
                    if (console == null) {
                        throw new CommandLine.ParameterException(spec.commandLine(),
                                "purge deletes messages for good: pass --yes when not on a terminal");
                    }
                    String answer = console.readLine("Delete about %d message(s) from %s for good? Type 'purge' to confirm: ",
                            depth.total(), depth.url());
                    if (!"purge".equals(answer == null ? "" : answer.trim())) {
                        System.err.println("nothing deleted");
                        return ExitCodes.FAILED;
                    }
                }
                List<DeadLetterQueue.Purged> deleted = dlq.purge(max);
                if (aws.json) {
                    AwsOptions.printJson(System.out, deleted);
                } else {
                    for (DeadLetterQueue.Purged p : deleted) {
                        System.out.println("deleted " + p.messageId() + "  " + p.objects().stream()
                                .map(o -> "s3://" + o.bucket() + "/" + o.key()).reduce((a, b) -> a + " " + b)
                                .orElse(p.problem().orElse("")));
                    }
                    System.out.println(deleted.size() + " message(s) deleted");
                }
                return ExitCodes.OK;
            }
        }
    }
}
