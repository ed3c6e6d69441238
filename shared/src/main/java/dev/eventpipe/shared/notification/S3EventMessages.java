package dev.eventpipe.shared.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The bodies S3 puts on an SQS queue, byte for byte in shape: event records
 * (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">event
 * message structure</a>, {@code eventVersion} 2.1) and the {@code s3:TestEvent} S3 sends when a notification
 * configuration is saved. The one place this shape is written: the local stack's S3 sends it, tests build
 * their messages here, and {@code eventpipe replay} sends what the bucket would have sent.
 *
 * <p>Values S3 fills from its own systems are made up but stable: the requester and bucket owner are
 * fixed example principals, the source IP is 127.0.0.1 (the emulators listen on loopback only), and the
 * request ids are derived from the record's content, so the same input yields the same message.
 */
public final class S3EventMessages {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private S3EventMessages() {
    }

    /**
     * One record's content, for any event name (also ones the local stack's S3 never produces, such as
     * {@code ObjectRemoved:Delete}, which tests may want).
     *
     * @param key the decoded key; {@link #record} encodes it as S3 does
     */
    public record ObjectRecord(String eventName, String bucket, String key, long size, String eTag,
                               Optional<String> versionId, String sequencer, Instant eventTime) {

        public ObjectRecord {
            Objects.requireNonNull(eventName, "eventName");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(eTag, "eTag");
            Objects.requireNonNull(versionId, "versionId");
            Objects.requireNonNull(sequencer, "sequencer");
            Objects.requireNonNull(eventTime, "eventTime");
        }

    }

    /** The message S3 sends for one write: {@code {"Records":[ one record ]}}. */
    public static String objectCreated(ObjectRecord event, String region, String configurationId) {
        return message(List.of(record(event, region, configurationId)));
    }

    /**
     * The top-level field by which {@code eventpipe replay --force} marks a message: {@code
     * {"Records":[...],"eventpipeReplay":{"generation":2}}}. S3 never writes it; every parser of S3 events
     * ignores unknown top-level fields, and {@link S3Notifications} reads it.
     */
    public static final String REPLAY_FIELD = "eventpipeReplay";

    /** A message S3 would send, marked to be processed again under receipt {@code generation} (2 or more). */
    public static String forcedReplay(List<String> records, int generation) {
        Notification.Replay mark = new Notification.Replay(generation); // refuses a generation below 2
        ObjectNode message = messageNode(records);
        message.putObject(REPLAY_FIELD).put("generation", mark.generation());
        return write(message);
    }

    /** A message of several records (each from {@link #record}), as S3 may send. */
    public static String message(List<String> records) {
        return write(messageNode(records));
    }

    private static ObjectNode messageNode(List<String> records) {
        ObjectNode message = JSON.createObjectNode();
        ArrayNode array = message.putArray("Records");
        for (String record : records) {
            array.add(parse(record));
        }
        return message;
    }

    /** One record of a message, as JSON text. */
    public static String record(ObjectRecord r, String region, String configurationId) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(configurationId, "configurationId");
        byte[] digest = sha256(r.bucket() + '\n' + r.key() + '\n' + r.sequencer() + '\n' + r.eventName());
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", EVENT_TIME.format(r.eventTime()));
        record.put("eventName", r.eventName());
        record.putObject("userIdentity").put("principalId", "AWS:AIDAEXAMPLE");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-request-id", requestId(digest));
        response.put("x-amz-id-2", hostId(digest));
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucket = s3.putObject("bucket");
        bucket.put("name", r.bucket());
        bucket.putObject("ownerIdentity").put("principalId", "A3NL1KOZZKExample");
        bucket.put("arn", "arn:aws:s3:::" + r.bucket());
        ObjectNode object = s3.putObject("object");
        object.put("key", encodeKey(r.key()));
        object.put("size", r.size());
        object.put("eTag", r.eTag());
        r.versionId().ifPresent(v -> object.put("versionId", v));
        object.put("sequencer", r.sequencer());
        return write(record);
    }

    /**
     * The message S3 sends once when a notification configuration is saved
     * (<a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">
     * test message</a>). It has no {@code Records}: consumers must recognise and skip it.
     */
    public static String testEvent(String bucket, Instant time) {
        Objects.requireNonNull(bucket, "bucket");
        byte[] digest = sha256(bucket + '\n' + time);
        ObjectNode event = JSON.createObjectNode();
        event.put("Service", "Amazon S3");
        event.put("Event", "s3:TestEvent");
        event.put("Time", EVENT_TIME.format(time));
        event.put("Bucket", bucket);
        event.put("RequestId", requestId(digest));
        event.put("HostId", hostId(digest));
        return write(event);
    }

    /**
     * A key as S3 writes it into a notification: URL-encoded as an HTML form would be (a space becomes
     * {@code +}, a plus sign {@code %2B}), slashes kept. {@code URLDecoder} reverses it.
     */
    public static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    /** 16 upper-case hex digits, like S3's request ids. */
    private static String requestId(byte[] digest) {
        return HexFormat.of().withUpperCase().formatHex(digest, 0, 8);
    }

    /** Base64, like S3's extended request ids. */
    private static String hostId(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON record: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // a tree of plain values always writes
        }
    }
}
