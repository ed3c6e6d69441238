package dev.eventpipe.testkit.events;

import dev.eventpipe.shared.notification.S3EventMessages;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * S3 event notification bodies exactly as S3 puts them on a queue, for tests: keys URL-encoded the way
 * S3 encodes them (a space becomes {@code +}), one or several records per message. The JSON itself comes
 * from {@link S3EventMessages}, which the local stack's S3 and {@code eventpipe replay} use too, so tests and the
 * local stack agree on one shape; this class only fixes what tests need not choose (region us-east-1,
 * configuration id {@value #CONFIGURATION_ID}, one sequencer).
 */
public final class S3Events {

    private static final String REGION = "us-east-1";
    private static final String CONFIGURATION_ID = "eventpipe-files";
    private static final String SEQUENCER = "0055AED6DCD90281E5";
    private static final Instant TEST_EVENT_TIME = Instant.parse("2026-11-25T10:00:00Z");

    private S3Events() {
    }

    /** One {@code ObjectCreated:Put} record for an unversioned object. */
    public static String created(String bucket, String key, long size, String etag, Instant eventTime) {
        return message(List.of(record("ObjectCreated:Put", bucket, key, size, etag, Optional.empty(), eventTime)));
    }

    /** A message of several records (from {@link #record}). */
    public static String message(List<String> records) {
        return S3EventMessages.message(records);
    }

    /** One record of a notification. */
    public static String record(String eventName, String bucket, String key, long size, String etag,
                                Optional<String> versionId, Instant eventTime) {
        return S3EventMessages.record(new S3EventMessages.ObjectRecord(eventName, bucket, key, size, etag, versionId,
                SEQUENCER, eventTime), REGION, CONFIGURATION_ID);
    }

    /** The message S3 sends once when a notification configuration is saved. */
    public static String testEvent(String bucket) {
        return S3EventMessages.testEvent(bucket, TEST_EVENT_TIME);
    }
}
