package dev.eventpipe.shared.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.shared.layout.FileId;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipe.shared.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses SQS message bodies that carry S3 event notifications.
 *
 * <p>Written here rather than taken from the SDK's {@code s3-event-notifications} module because that
 * parser rejects an {@code eventTime} without a zone, which some S3-compatible servers send, and this
 * one must accept both. Also accepted: the body wrapped in an SNS envelope (S3 → SNS → SQS fan-out).
 * Shape: <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
 * event message structure</a>.
 */
public final class S3Notifications {

    private static final ObjectMapper MAPPER = Json.mapper();

    private S3Notifications() {
    }

    /**
     * @throws NotAnS3EventException when the body is not JSON or not an S3 event notification
     */
    public static Notification parse(String body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NotAnS3EventException("message body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NotAnS3EventException("message body is not a JSON object");
        }
        if ("Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
            return parse(root.get("Message").asText()); // SNS envelope
        }
        if ("s3:TestEvent".equals(root.path("Event").asText())) {
            return new Notification.TestEvent(root.path("Bucket").asText(""));
        }
        JsonNode records = root.get("Records");
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new NotAnS3EventException("message body has no Records: not an S3 event notification");
        }
        List<S3ObjectEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            events.add(record(records.get(i), i));
        }
        return new Notification.ObjectEvents(events, replay(root.get(S3EventMessages.REPLAY_FIELD)));
    }

    /** eventpipe's replay mark, if the message has one (see {@link S3EventMessages#forcedReplay}). */
    private static Optional<Notification.Replay> replay(JsonNode mark) {
        if (mark == null || mark.isNull()) {
            return Optional.empty();
        }
        JsonNode generation = mark.path("generation");
        try {
            if (!generation.canConvertToInt()) {
                throw new IllegalArgumentException("not a whole number");
            }
            return Optional.of(new Notification.Replay(generation.asInt())); // the one place the range is checked
        } catch (IllegalArgumentException e) {
            throw new NotAnS3EventException(S3EventMessages.REPLAY_FIELD + ".generation must be a whole number of 2 or more: "
                    + generation);
        }
    }

    private static S3ObjectEvent record(JsonNode r, int index) {
        if (!"aws:s3".equals(r.path("eventSource").asText("aws:s3"))) {
            throw new NotAnS3EventException("Records[" + index + "] has eventSource "
                    + r.path("eventSource").asText() + ", not aws:s3");
        }
        JsonNode s3 = r.path("s3");
        String eventName = required(r, "eventName", index);
        String bucket = required(s3.path("bucket"), "name", index);
        String rawKey = required(s3.path("object"), "key", index);
        JsonNode object = s3.path("object");
        return new S3ObjectEvent(
                eventName,
                eventTime(required(r, "eventTime", index), index),
                bucket,
                decodeKey(rawKey),
                object.path("size").asLong(0),
                FileId.plainETag(object.path("eTag").asText("")),
                optional(object, "versionId"),
                optional(object, "sequencer"));
    }

    /**
     * S3 URL-encodes keys in notifications as an HTML form would: {@code +} is a space and {@code %2B} a
     * plus sign, which is exactly {@link URLDecoder}'s rule.
     */
    public static String decodeKey(String rawKey) {
        try {
            return URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NotAnS3EventException("object key is not URL-encoded as S3 sends it: " + rawKey, e);
        }
    }

    /** ISO-8601 with a zone (S3) or without one (taken as UTC, as some emulators send it). */
    static Instant eventTime(String text, int index) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withZone) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new NotAnS3EventException("Records[" + index + "].eventTime is not ISO-8601: " + text, e);
            }
        }
    }

    private static String required(JsonNode node, String field, int index) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new NotAnS3EventException("Records[" + index + "] lacks " + field);
        }
        return v.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }
}
