package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipe.local.s3.ObjectCreated;
import dev.eventpipe.shared.notification.Notification;
import dev.eventpipe.shared.notification.S3EventMessages;
import dev.eventpipe.shared.notification.S3Notifications;
import dev.eventpipe.shared.notification.S3ObjectEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3EventMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WRITTEN = Instant.parse("2026-11-26T02:28:35Z");

    private final ObjectCreated put = new ObjectCreated(ObjectCreated.Kind.PUT, "inbox", "in/a b+c ü.csv", 1024,
            "0123456789abcdef0123456789abcdef", Optional.of("v-42"), "0018A0B1C2D3E4F567", WRITTEN);

    @Test
    void objectCreated_hasTheShapeS3Sends() throws Exception {
        JsonNode message = JSON.readTree(S3EventMessages.objectCreated(put.record(), "eu-west-1", "eventpipe-files"));

        assertThat(message.fieldNames()).toIterable().containsExactly("Records");
        JsonNode r = message.get("Records").get(0);
        assertThat(r.fieldNames()).toIterable().containsExactly("eventVersion", "eventSource", "awsRegion",
                "eventTime", "eventName", "userIdentity", "requestParameters", "responseElements", "s3");
        assertThat(r.get("eventVersion").asText()).isEqualTo("2.1");
        assertThat(r.get("eventSource").asText()).isEqualTo("aws:s3");
        assertThat(r.get("awsRegion").asText()).isEqualTo("eu-west-1");
        assertThat(r.get("eventTime").asText()).isEqualTo("2026-11-26T02:28:35.000Z"); // millis and Z, always
        assertThat(r.get("eventName").asText()).isEqualTo("ObjectCreated:Put");
        assertThat(r.at("/userIdentity/principalId").asText()).isNotEmpty();
        assertThat(r.at("/requestParameters/sourceIPAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(r.at("/responseElements/x-amz-request-id").asText()).matches("[0-9A-F]{16}");
        assertThat(r.at("/responseElements/x-amz-id-2").asText()).isNotEmpty();
        JsonNode s3 = r.get("s3");
        assertThat(s3.get("s3SchemaVersion").asText()).isEqualTo("1.0");
        assertThat(s3.get("configurationId").asText()).isEqualTo("eventpipe-files");
        assertThat(s3.at("/bucket/name").asText()).isEqualTo("inbox");
        assertThat(s3.at("/bucket/ownerIdentity/principalId").asText()).isNotEmpty();
        assertThat(s3.at("/bucket/arn").asText()).isEqualTo("arn:aws:s3:::inbox");
        JsonNode object = s3.get("object");
        assertThat(object.fieldNames()).toIterable().containsExactly("key", "size", "eTag", "versionId", "sequencer");
        assertThat(object.get("key").asText()).isEqualTo("in/a+b%2Bc+%C3%BC.csv");
        assertThat(object.get("size").isIntegralNumber()).isTrue();
        assertThat(object.get("size").asLong()).isEqualTo(1024);
        assertThat(object.get("eTag").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(object.get("versionId").asText()).isEqualTo("v-42");
        assertThat(object.get("sequencer").asText()).isEqualTo("0018A0B1C2D3E4F567");
    }

    @Test
    void objectCreated_leavesVersionIdOut_whenUnversioned() throws Exception {
        ObjectCreated unversioned = new ObjectCreated(put.kind(), put.bucket(), put.key(), put.size(), put.eTag(),
                Optional.empty(), put.sequencer(), put.eventTime());

        JsonNode object = JSON.readTree(S3EventMessages.objectCreated(unversioned.record(), "us-east-1", "c")).at("/Records/0/s3/object");

        assertThat(object.has("versionId")).isFalse();
    }

    @Test
    void objectCreated_roundTripsThroughTheProjectsParser() {
        Notification parsed = S3Notifications.parse(S3EventMessages.objectCreated(put.record(), "us-east-1", "c"));

        S3ObjectEvent e = ((Notification.ObjectEvents) parsed).records().get(0);
        assertThat(e.bucket()).isEqualTo("inbox");
        assertThat(e.key()).isEqualTo("in/a b+c ü.csv");
        assertThat(e.size()).isEqualTo(1024);
        assertThat(e.etag()).isEqualTo(put.eTag());
        assertThat(e.versionId()).contains("v-42");
        assertThat(e.sequencer()).contains("0018A0B1C2D3E4F567");
        assertThat(e.eventTime()).isEqualTo(WRITTEN);
    }

    @Test
    void sameInput_sameMessage() {
        assertThat(S3EventMessages.objectCreated(put.record(), "us-east-1", "c"))
                .isEqualTo(S3EventMessages.objectCreated(put.record(), "us-east-1", "c"));
    }

    @Test
    void message_holdsSeveralRecords() throws Exception {
        String first = S3EventMessages.record(put.record(), "us-east-1", "c");
        String removed = S3EventMessages.record(new S3EventMessages.ObjectRecord("ObjectRemoved:Delete", "inbox", "old",
                0, "", Optional.empty(), "0018A0B1C2D3E4F568", WRITTEN), "us-east-1", "c");

        JsonNode records = JSON.readTree(S3EventMessages.message(List.of(first, removed))).get("Records");

        assertThat(records).hasSize(2);
        assertThat(records.get(1).get("eventName").asText()).isEqualTo("ObjectRemoved:Delete");
    }

    @Test
    void testEvent_hasTheShapeS3Sends_andNoRecords() throws Exception {
        String body = S3EventMessages.testEvent("inbox", Instant.parse("2026-11-25T10:00:00Z"));

        JsonNode event = JSON.readTree(body);
        assertThat(event.fieldNames()).toIterable()
                .containsExactly("Service", "Event", "Time", "Bucket", "RequestId", "HostId");
        assertThat(event.get("Service").asText()).isEqualTo("Amazon S3");
        assertThat(event.get("Event").asText()).isEqualTo("s3:TestEvent");
        assertThat(event.get("Time").asText()).isEqualTo("2026-11-25T10:00:00.000Z");
        assertThat(event.get("Bucket").asText()).isEqualTo("inbox");
        assertThat(event.get("RequestId").asText()).matches("[0-9A-F]{16}");
        assertThat(event.get("HostId").asText()).isNotEmpty();
        assertThat(S3Notifications.parse(body)).isEqualTo(new Notification.TestEvent("inbox"));
    }

    @Test
    void encodeKey_isFormEncodingWithSlashesKept() {
        assertThat(S3EventMessages.encodeKey("a b/c+d/é=1.csv")).isEqualTo("a+b/c%2Bd/%C3%A9%3D1.csv");
        assertThat(S3Notifications.decodeKey(S3EventMessages.encodeKey("a b/c+d/é=1.csv"))).isEqualTo("a b/c+d/é=1.csv");
    }
}
