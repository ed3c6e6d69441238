package dev.eventpipe.cli.ops;

import dev.eventpipe.shared.audit.IndexedReceipts;
import dev.eventpipe.shared.lifecycle.DaemonThreads;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.shared.audit.AuditResult;
import dev.eventpipe.ingest.audit.Auditor;
import dev.eventpipe.ingest.dlq.DeadLetterQueue;
import dev.eventpipe.shared.aws.AwsClients;
import dev.eventpipe.shared.aws.S3ObjectStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code eventpipe audit --bucket B --date D}: is every upload of the day accounted for, exactly once? */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Reconciles the objects created in the input bucket in a window with their receipts (through the "
                + "processing-date index), the files queue and the DLQ (peeked, nothing consumed).",
            "Prints the totals per outcome and lists every object not accounted for, in the DLQ or still queued, with the "
                    + "command that fixes it, and every object with more than one receipt generation.",
            "Exit status: 0 every object has a receipt or a DLQ message; 1 some are unaccounted for; "
                    + "3 none unaccounted, but some may still be in the files queue (audit again later)."})
public final class AuditCommand implements Callable<Integer> {

    @Option(names = "--bucket", required = true, description = "The input bucket.")
    String bucket;

    @Option(names = "--date", description = "The UTC day whose uploads to audit (2026-11-25); or --since/--until.")
    String date;

    @Option(names = "--since", description = "Objects created at or after this (2026-11-25 or 2026-11-25T10:00:00Z).")
    String since;

    @Option(names = "--until", description = "Objects created before this (same forms; default: now).")
    String until;

    @Option(names = "--prefix", defaultValue = "", description = "Only keys under this prefix.")
    String prefix;

    @Option(names = "--readers", defaultValue = "16", description = "Concurrent reads of index entries (default: ${DEFAULT-VALUE}).")
    int readers;

    @Mixin
    QueueOptions queues;

    @Mixin
    AwsOptions aws;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Auditor.Request request = request();
        String processed = Settings.required(spec, queues.processedBucket, "--processed-bucket", Settings.PROCESSED_BUCKET);
        String queue = Settings.required(spec, queues.queueUrl, "--queue-url", Settings.QUEUE_URL);
        String dlqUrl = Settings.required(spec, queues.dlqUrl, "--dlq-url", Settings.DLQ_URL);
        if (readers < 1 || readers > 256) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--readers must be 1..256");
        }
        ExecutorService pool = Executors.newFixedThreadPool(readers, DaemonThreads.named("eventpipe-audit-read"));
        try (AwsClients clients = aws.clients(); SqsClient sqs = clients.build(SqsClient.builder())) {
            IndexedReceipts index = new IndexedReceipts(new S3ObjectStore(clients.s3(), S3ObjectStore.MIN_PART_SIZE), processed, pool);
            DeadLetterQueue dlq = new DeadLetterQueue(sqs, queue, dlqUrl, ReceiptSource.NONE, Clock.systemUTC(),
                    DeadLetterQueue.Sleeper.SYSTEM, DeadLetterQueue.HOLD);
            AuditResult r;
            try (Ticker ticker = Ticker.start("receipts", aws.interactive(), aws.json)) {
                r = new Auditor(clients.s3(), index, dlq, queue, dlqUrl, Clock.systemUTC()).audit(request, ticker.progress());
            }
            if (aws.json) {
                AwsOptions.printJson(System.out, r);
            } else {
                print(System.out, r);
            }
            return r.totals().unaccounted() > 0 ? ExitCodes.FAILED : r.accountedFor() ? ExitCodes.OK : ExitCodes.NOT_YET;
        } finally {
            pool.shutdownNow();
        }
    }

    private Auditor.Request request() {
        if (date != null && (since != null || until != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --date or --since/--until, not both");
        }
        if (date == null && since == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--date or --since is required");
        }
        try {
            if (date != null) {
                return Auditor.Request.day(bucket, prefix, parseDate(date));
            }
            return new Auditor.Request(bucket, prefix, time(since), until == null ? Instant.now() : time(until));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + text + "' is not a date (2026-11-25)");
        }
    }

    private Instant time(String text) {
        return TimeOption.parse(spec, text);
    }

    static void print(PrintStream out, AuditResult r) {
        AuditResult.Totals t = r.totals();
        out.printf(Locale.ROOT, "audit of s3://%s/%s, objects created %s .. %s%n", r.bucket(), r.prefix(), r.since(), r.until());
        out.printf(Locale.ROOT, "  objects:      %d%n", t.objects());
        out.printf(Locale.ROOT, "  processed:    %d%n", t.processed());
        out.printf(Locale.ROOT, "  quarantined:  %d%n", t.quarantinedTotal());
        t.quarantined().forEach((reason, n) -> out.printf(Locale.ROOT, "    %-22s %d%n", reason, n));
        out.printf(Locale.ROOT, "  in the DLQ:   %d%n", t.inDlq());
        out.printf(Locale.ROOT, "  still queued: %d (the files queue: %d waiting, %d in flight, %d delayed)%n", t.stillQueued(),
                r.queue().waiting(), r.queue().inFlight(), r.queue().delayed());
        out.printf(Locale.ROOT, "  unaccounted:  %d%n", t.unaccounted());
        if (r.dlq().others() > 0) {
            out.printf(Locale.ROOT, "  (the DLQ also holds %d message(s) about no object of this window)%n", r.dlq().others());
        }
        for (AuditResult.Item i : r.attention()) {
            out.printf(Locale.ROOT, "%s  %s%s  (%d bytes, %s, file %s%s)%n    fix: %s%n", i.outcome().toUpperCase(Locale.ROOT),
                    i.key(), i.versionId().map(v -> " version " + v).orElse(""), i.size(), i.lastModified(), i.fileId(),
                    i.messageId().map(m -> ", message " + m).orElse(""), i.fix());
        }
        for (AuditResult.Generations g : r.generations()) {
            out.printf(Locale.ROOT, "GENERATIONS  %s: receipt generation %d (%s), indexed on %s%n    see: %s%n", g.key(),
                    g.generation(), g.status(), String.join(", ", g.indexedOn()), g.inspect());
        }
        out.println(r.accountedFor() ? "every object is accounted for"
                : t.unaccounted() > 0 ? t.unaccounted() + " object(s) are not accounted for"
                : t.stillQueued() + " object(s) may still be in the files queue: audit again when it has drained");
    }
}
