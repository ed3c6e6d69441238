package dev.eventpipe.shared.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The raw input of a scheduled function (reporter, compactor): the scheduler's payload, or an object written by
 * hand such as {@code {"date": "YYYY-MM-DD"}}. Read as a tree, so that neither is refused for the other's shape.
 */
public final class InvocationInput {

    private InvocationInput() {
    }

    /** The input as JSON; an empty input is a missing node (every field absent). */
    public static JsonNode parse(byte[] input) {
        if (input.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode json = Json.mapper().readTree(input);
            return json == null ? MissingNode.getInstance() : json;
        } catch (IOException e) {
            throw new IllegalArgumentException("the input is not JSON: " + e.getMessage(), e);
        }
    }

    /** Its {@code "date"}: empty when absent or null (a scheduled run), refused when not YYYY-MM-DD. */
    public static Optional<LocalDate> date(JsonNode input) {
        JsonNode date = input.path("date");
        if (date.isMissingNode() || date.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(date.asText()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"date\" must be YYYY-MM-DD, not '" + date.asText() + "'", e);
        }
    }
}
