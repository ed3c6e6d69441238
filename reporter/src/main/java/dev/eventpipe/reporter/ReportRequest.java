package dev.eventpipe.reporter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.json.InvocationInput;
import dev.eventpipe.shared.json.Json;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What a run is asked to do. The scheduler's event (EventBridge Scheduler sends the target's input, an
 * EventBridge rule its scheduled-event JSON) carries no date: the day is then yesterday in the report's
 * zone. {@code {"date": "YYYY-MM-DD"}} (re)generates a given day; {@code "notify": false} writes the
 * reports without publishing. {@code {"rollup": true}} is not a report at all: see {@link #isRollup}.
 */
public record ReportRequest(Optional<LocalDate> date, boolean publish) {

    /**
     * Whether the input asks for the hourly roll-up ({@code {"rollup": true}}, what its schedule sends)
     * rather than a report.
     */
    public static boolean isRollup(byte[] input) {
        if (input.length == 0) {
            return false;
        }
        try {
            JsonNode json = Json.mapper().readTree(input);
            return json != null && json.isObject() && json.path("rollup").asBoolean(false);
        } catch (IOException e) {
            return false; // parse() says what is wrong with it
        }
    }

    public static ReportRequest parse(byte[] input) {
        JsonNode json = InvocationInput.parse(input);
        if (!json.isObject()) {
            return new ReportRequest(Optional.empty(), true);
        }
        JsonNode notify = json.get("notify");
        return new ReportRequest(InvocationInput.date(json), notify == null || !notify.isBoolean() || notify.booleanValue());
    }
}
