package dev.eventpipe.reporter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point of the daily report, invoked by the schedule (or by hand with
 * {@code {"date": "YYYY-MM-DD"}}). It only adapts: the raw input to a {@link ReportRequest}, one call into
 * {@link ReporterApp}, a short JSON answer naming what was written.
 *
 * <p>A stream handler because the input is either a scheduler payload or a hand-written object; binding it
 * to one POJO would refuse the other.
 */
public final class ReporterHandler implements RequestStreamHandler {

    private final ReporterApp app;

    /** Used by the Lambda runtime: configuration from the environment, built once per execution environment. */
    public ReporterHandler() {
        this(ReporterApp.fromEnvironment(System.getenv()));
    }

    public ReporterHandler(ReporterApp app) {
        this.app = app;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] request = input.readAllBytes();
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
