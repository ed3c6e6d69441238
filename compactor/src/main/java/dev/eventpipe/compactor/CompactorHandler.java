package dev.eventpipe.compactor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.eventpipe.shared.json.InvocationInput;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.lifecycle.SnapStart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The Lambda entry point: {@code {}} (the daily schedule) checks the lookback window,
 * {@code {"date": "YYYY-MM-DD"}} compacts that day now. It only adapts: input to a date, one call into
 * {@link CompactorApp}, a short JSON answer.
 */
public final class CompactorHandler implements RequestStreamHandler {

    private final CompactorApp app;
    /** Held so the runtime's weak reference to the SnapStart hooks stays alive; unused without SnapStart. */
    @SuppressWarnings("unused")
    private final Optional<SnapStart> snapStart;

    /** Used by the Lambda runtime; a restored SnapStart environment resolves its credentials afresh. */
    public CompactorHandler() {
        this.app = CompactorApp.fromEnvironment(System.getenv());
        this.snapStart = Optional.of(SnapStart.onRestore(app::refreshCredentials));
    }

    public CompactorHandler(CompactorApp app) {
        this.app = app;
        this.snapStart = Optional.empty();
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Optional<LocalDate> date = date(input.readAllBytes());
        List<DayOutcome> outcomes = PowertoolsLogging.withLogging(context, () -> app.run(date));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("compacted", outcomes.stream().filter(DayOutcome.Compacted.class::isInstance)
                .map(o -> o.date().toString()).toList());
        answer.put("unchanged", outcomes.stream().filter(DayOutcome.Unchanged.class::isInstance).count());
        answer.put("open", outcomes.stream().filter(DayOutcome.Open.class::isInstance)
                .map(o -> o.date().toString()).toList());
        output.write(Json.mapper().writeValueAsBytes(answer));
    }

    /** {@code {}}, an empty input or a scheduler payload without {@code date}: empty. */
    static Optional<LocalDate> date(byte[] input) {
        return InvocationInput.date(InvocationInput.parse(input));
    }
}
