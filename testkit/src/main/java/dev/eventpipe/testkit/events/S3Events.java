package dev.eventpipe.testkit.events;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * S3 event notification bodies exactly as S3 puts them on a queue, for tests: keys URL-encoded the way
 * S3 encodes them (a space becomes {@code +}), one or several records per message.
 */
public final class S3Events {

    private S3Events() {
    }

    /** One {@code ObjectCreated:Put} record for an unversioned object. */
    public static String created(String bucket, String key, long size, String etag, Instant eventTime) {
        return message(List.of(record("ObjectCreated:Put", bucket, key, size, etag, Optional.empty(), eventTime)));
    }

    /** A message of several records (from {@link #record}). */
    public static String message(List<String> records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    /** One record of a notification. */
    public static String record(String eventName, String bucket, String key, long size, String etag,
                                Optional<String> versionId, Instant eventTime) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"%s",\
                "eventName":"%s","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},\
                "requestParameters":{"sourceIPAddress":"127.0.0.1"},\
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},\
                "s3":{"s3SchemaVersion":"1.0","configurationId":"eventpipe-files",\
                "bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},\
                "object":{"key":"%s","size":%d,"eTag":"%s",%s"sequencer":"0055AED6DCD90281E5"}}}"""
                .formatted(eventTime, eventName, bucket, bucket, encoded, size, etag,
                        versionId.map(v -> "\"versionId\":\"" + v + "\",").orElse(""));
    }

    /** The message S3 sends once when a notification configuration is saved. */
    public static String testEvent(String bucket) {
        return """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-25T10:00:00.000Z","Bucket":"%s",\
                "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}"""
                .formatted(bucket);
    }
}
