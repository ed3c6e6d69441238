package dev.eventpipe.cli;

import dev.eventpipe.local.outbox.OutboxNotifier;
import dev.eventpipe.reporter.ReportRun;
import dev.eventpipe.reporter.ReporterApp;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.metrics.CountingMetrics;
import dev.eventpipe.shared.notify.Notifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The reporter Lambda's use case, once, from a terminal. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the daily report of a day (default: yesterday in the report zone) and prints it.",
            "Configured like the reporter Lambda: EVENTPIPE_PROCESSED_BUCKET, EVENTPIPE_REPORTS_BUCKET and optionally "
                    + "EVENTPIPE_REPORT_TOPIC_ARN, EVENTPIPE_QUEUE_URL, EVENTPIPE_DLQ_URL, EVENTPIPE_REPORT_ZONE; AWS "
                    + "credentials, region and endpoints from the SDK's standard variables ('eventpipe up' prints "
                    + "the lines to export for the local stack).",
            "Exits 0 when the reports are written and the notification was sent or not asked for; 1 when it failed."})
final class ReportCommand implements Callable<Integer> {

    @Option(names = "--date", description = "The day to report, YYYY-MM-DD (default: yesterday in EVENTPIPE_REPORT_ZONE).")
    LocalDate date;

    @Option(names = "--no-notify", description = "Write the reports without publishing the summary.")
    boolean noNotify;

    @Option(names = "--outbox", description = "Write the notification as an .eml file into this folder instead of "
            + "publishing to SNS (default: EVENTPIPE_OUTBOX if set).")
    Path outbox;

    @Option(names = "--json", description = "Print where the reports went as JSON instead of the text report.")
    boolean json;

    @Option(names = "--verbose", description = "Stack traces with errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = System.getenv();
        Optional<Path> box = Optional.ofNullable(outbox).or(() -> Optional.ofNullable(env.get("EVENTPIPE_OUTBOX")).map(Path::of));
        Optional<Notifier> notifier = box.map(OutboxNotifier::local);
        ReportRun run;
        try (ReporterApp app = ReporterApp.fromEnvironment(env, notifier, new CountingMetrics())) {
            run = app.run(Optional.ofNullable(date), !noNotify);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("date", run.report().date().toString());
            answer.put("bucket", run.bucket());
            answer.put("keys", run.keys());
            answer.put("alerts", run.report().alerts());
            answer.put("notification", run.notification().name().toLowerCase(java.util.Locale.ROOT));
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } else {
            print(out, run, box);
        }
        out.flush();
        return run.notification() == ReportRun.Notification.FAILED ? 1 : 0;
    }

    static void print(PrintWriter out, ReportRun run, Optional<Path> outbox) {
        out.print(run.text());
        out.println();
        for (String key : run.keys()) {
            out.printf("written: s3://%s/%s%n", run.bucket(), key);
        }
        out.printf("notification: %s%s%n", run.notification().name().toLowerCase(java.util.Locale.ROOT),
                run.notification() == ReportRun.Notification.SENT ? outbox.map(d -> " (outbox " + d + ")").orElse("") : "");
    }
}
