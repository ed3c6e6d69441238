package dev.eventpipe.reporter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.eventpipe.reporter.aggregate.RollupBuilder;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.lifecycle.SnapStart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point of the daily report, invoked by the schedule (or by hand with
 * {@code {"date": "YYYY-MM-DD"}}), and of the hourly roll-up ({@code {"rollup": true}}, from its own
 * schedule: the same function, alias, role and settings). It only adapts: the raw input to a {@link ReportRequest}, one call into
 * {@link ReporterApp}, a short JSON answer naming what was written.
 *
 * <p>A stream handler because the input is either a scheduler payload or a hand-written object; binding it
 * to one POJO would refuse the other.
 */
public final class ReporterHandler implements RequestStreamHandler {

    private final ReporterApp app;
    /** Held so the runtime's weak reference to the SnapStart hooks stays alive; unused without SnapStart. */
    @SuppressWarnings("unused")
    private final Optional<SnapStart> snapStart;

    /**
     * Used by the Lambda runtime: configuration from the environment, built once per execution environment.
     * With SnapStart, a restored environment resolves its credentials afresh; nothing is primed before the
     * snapshot (a report runs once a day: its first run's class loading is not worth a synthetic day).
     */
    public ReporterHandler() {
        this.app = ReporterApp.fromEnvironment(System.getenv());
        this.snapStart = Optional.of(SnapStart.onRestore(app::refreshCredentials));
    }

    public ReporterHandler(ReporterApp app) {
        this.app = app;
        this.snapStart = Optional.empty();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] request = input.readAllBytes();
        if (ReportRequest.isRollup(request)) {
            List<RollupBuilder.Result> results = PowertoolsLogging.withLogging(context, app::rollUp);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("rolled_up", results.stream().mapToLong(RollupBuilder.Result::rolledUp).sum());
            answer.put("rollups", results.stream().filter(r -> !r.isEmpty()).map(RollupBuilder.Result::key).toList());
            answer.put("stale_deleted", results.stream().mapToLong(RollupBuilder.Result::deleted).sum());
            output.write(Json.mapper().writeValueAsBytes(answer));
            return;
        }
        ReportRun run = PowertoolsLogging.withLogging(context, () -> {
            ReportRequest r = ReportRequest.parse(request);
            return app.run(r.date(), r.publish());
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("date", run.report().date().toString());
        answer.put("bucket", run.bucket());
        answer.put("keys", run.keys());
        answer.put("alerts", run.report().alerts().size());
        answer.put("notification", run.notification().name().toLowerCase(java.util.Locale.ROOT));
        output.write(Json.mapper().writeValueAsBytes(answer));
    }
}
