package dev.eventpipe.shared.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3NotificationsTest {

    private static String event(String key, String eventTime, String extra) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                 "eventTime":"%s","eventName":"ObjectCreated:Put",
                 "s3":{"s3SchemaVersion":"1.0","configurationId":"files",
                       "bucket":{"name":"eventpipe-input","arn":"arn:aws:s3:::eventpipe-input"},
                       "object":{"key":"%s","size":1024,"eTag":"0123456789abcdef0123456789abcdef",%s"sequencer":"0055AED6DCD90281E5"}}}]}
                """.formatted(eventTime, key, extra);
    }

    @Test
    void decodesKey_whenPlusAndPercentEncoded() {
        Notification n = S3Notifications.parse(event("incoming/my+file%2B1%2Fx%C3%A9.csv", "2026-11-25T10:00:00.000Z", ""));

        S3ObjectEvent e = ((Notification.ObjectEvents) n).records().get(0);
        assertThat(e.key()).isEqualTo("incoming/my file+1/xé.csv");
        assertThat(e.bucket()).isEqualTo("eventpipe-input");
        assertThat(e.size()).isEqualTo(1024);
        assertThat(e.etag()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(e.sequencer()).contains("0055AED6DCD90281E5");
        assertThat(e.versionId()).isEmpty();
        assertThat(e.isObjectCreated()).isTrue();
    }

    @Test
    void acceptsEventTime_withAndWithoutZone() {
        S3ObjectEvent zoned = first(S3Notifications.parse(event("a.csv", "2026-11-25T10:00:00.000Z", "")));
        S3ObjectEvent local = first(S3Notifications.parse(event("a.csv", "2026-11-26T02:28:35.083798", "")));
        S3ObjectEvent offset = first(S3Notifications.parse(event("a.csv", "2026-11-25T11:00:00+01:00", "")));

        assertThat(zoned.eventTime()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(local.eventTime()).isEqualTo(Instant.parse("2026-11-26T02:28:35.083798Z"));
        assertThat(offset.eventTime()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void readsVersionId_whenBucketVersioned() {
        S3ObjectEvent e = first(S3Notifications.parse(event("a.csv", "2026-11-25T10:00:00Z", "\"versionId\":\"v-42\",")));

        assertThat(e.versionId()).isEqualTo(Optional.of("v-42"));
    }

    @Test
    void recognisesTestEvent() {
        String body = """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-25T10:00:00.000Z",
                 "Bucket":"eventpipe-input","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
                """;

        assertThat(S3Notifications.parse(body)).isEqualTo(new Notification.TestEvent("eventpipe-input"));
    }

    @Test
    void readsEveryRecord_whenMessageHoldsSeveral() {
        String one = event("a.csv", "2026-11-25T10:00:00Z", "");
        String record = one.substring(one.indexOf('[') + 1, one.lastIndexOf(']'));
        String body = "{\"Records\":[" + record + "," + record.replace("a.csv", "b.csv") + "]}";

        Notification.ObjectEvents events = (Notification.ObjectEvents) S3Notifications.parse(body);

        assertThat(events.records()).extracting(S3ObjectEvent::key).containsExactly("a.csv", "b.csv");
    }

    @Test
    void unwrapsSnsEnvelope() {
        String inner = event("a.csv", "2026-11-25T10:00:00Z", "").replace("\n", "");
        String body = "{\"Type\":\"Notification\",\"MessageId\":\"x\",\"Message\":" + com.fasterxml.jackson.databind.node.TextNode
                .valueOf(inner) + "}";

        assertThat(first(S3Notifications.parse(body)).key()).isEqualTo("a.csv");
    }

    @Test
    void refusesBody_whenNotJson() {
        assertThatThrownBy(() -> S3Notifications.parse("hello"))
                .isInstanceOf(NotAnS3EventException.class).hasMessageContaining("not JSON");
    }

    @Test
    void refusesBody_whenJsonButNoRecords() {
        assertThatThrownBy(() -> S3Notifications.parse("{\"hello\":\"world\"}"))
                .isInstanceOf(NotAnS3EventException.class).hasMessageContaining("no Records");
    }

    @Test
    void refusesRecord_whenKeyMissing() {
        String body = event("a.csv", "2026-11-25T10:00:00Z", "").replace("\"key\":\"a.csv\",", "");

        assertThatThrownBy(() -> S3Notifications.parse(body)).isInstanceOf(NotAnS3EventException.class)
                .hasMessageContaining("lacks key");
    }

    @Test
    void refusesRecord_whenEventTimeUnparseable() {
        assertThatThrownBy(() -> S3Notifications.parse(event("a.csv", "yesterday", "")))
                .isInstanceOf(NotAnS3EventException.class).hasMessageContaining("eventTime");
    }

    @Test
    void marksFolderMarkersAndDeletions() {
        S3ObjectEvent folder = first(S3Notifications.parse(event("incoming/", "2026-11-25T10:00:00Z", "")
                .replace("\"size\":1024", "\"size\":0")));
        S3ObjectEvent removed = first(S3Notifications.parse(event("a.csv", "2026-11-25T10:00:00Z", "")
                .replace("ObjectCreated:Put", "ObjectRemoved:Delete")));

        assertThat(folder.isFolderMarker()).isTrue();
        assertThat(removed.isObjectCreated()).isFalse();
    }

    private static S3ObjectEvent first(Notification n) {
        return ((Notification.ObjectEvents) n).records().get(0);
    }

    @Test
    void readsNoReplayMark_fromWhatS3Sends() {
        Notification.ObjectEvents n = (Notification.ObjectEvents) S3Notifications.parse(
                event("a.csv", "2026-11-25T10:00:00.000Z", ""));

        assertThat(n.replay()).isEmpty();
    }

    @Test
    void readsTheReplayMark_andTheRecordsUnchanged() {
        String record = S3EventMessages.record(new S3EventMessages.ObjectRecord("ObjectCreated:Put", "eventpipe-input",
                "in/a b.csv", 10, "etag", Optional.empty(), "01", Instant.parse("2026-11-25T10:00:00Z")), "us-east-1", "replay");

        Notification.ObjectEvents n = (Notification.ObjectEvents) S3Notifications.parse(
                S3EventMessages.forcedReplay(java.util.List.of(record), 3));

        assertThat(n.replay()).contains(new Notification.Replay(3));
        assertThat(n.records()).singleElement().extracting(S3ObjectEvent::key).isEqualTo("in/a b.csv");
    }

    @Test
    void refusesAReplayMark_withoutAUsableGeneration() {
        String body = event("a.csv", "2026-11-25T10:00:00.000Z", "").strip();
        String marked = body.substring(0, body.length() - 1) + ",\"eventpipeReplay\":{\"generation\":1}}";

        assertThatThrownBy(() -> S3Notifications.parse(marked)).isInstanceOf(NotAnS3EventException.class)
                .hasMessageContaining("generation");
        assertThatThrownBy(() -> S3Notifications.parse(marked.replace("\"generation\":1", "\"generation\":\"two\"")))
                .isInstanceOf(NotAnS3EventException.class);
        assertThatThrownBy(() -> S3EventMessages.forcedReplay(java.util.List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
