package dev.eventpipe.reporter;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.eventpipe.reporter.aggregate.RollupBuilder;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point of the hourly roll-up (same artifact and settings as {@link ReporterHandler}),
 * invoked by its schedule with any input: it rolls up the recent per-file documents
 * ({@link ReporterApp#rollUp()}) and answers with what it wrote.
 */
public final class RollupHandler implements RequestStreamHandler {

    private final ReporterApp app;

    /** Used by the Lambda runtime: configuration from the environment, built once per execution environment. */
    public RollupHandler() {
        this(ReporterApp.fromEnvironment(System.getenv()));
    }

    public RollupHandler(ReporterApp app) {
        this.app = app;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes(); // the scheduler's payload carries nothing the run needs
        List<RollupBuilder.Result> results = PowertoolsLogging.withLogging(context, app::rollUp);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("rolled_up", results.stream().mapToLong(RollupBuilder.Result::rolledUp).sum());
        answer.put("rollups", results.stream().filter(r -> !r.isEmpty()).map(RollupBuilder.Result::key).toList());
        answer.put("stale_deleted", results.stream().mapToLong(RollupBuilder.Result::deleted).sum());
        output.write(Json.mapper().writeValueAsBytes(answer));
    }
}
