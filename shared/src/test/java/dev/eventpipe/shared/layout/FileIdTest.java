package dev.eventpipe.shared.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileIdTest {

    @Test
    void isStable_forSameObjectVersion() {
        FileId a = FileId.of("in", "a.csv", Optional.of("v1"), "etag");
        FileId b = FileId.of("in", "a.csv", Optional.of("v1"), "other-etag");

        assertThat(a).isEqualTo(b);
        assertThat(a.value()).hasSize(32).matches("[0-9a-f]+");
    }

    @Test
    void differs_whenVersionEtagKeyOrBucketDiffers() {
        FileId base = FileId.of("in", "a.csv", Optional.empty(), "e1");

        assertThat(FileId.of("in", "a.csv", Optional.empty(), "e2")).isNotEqualTo(base);
        assertThat(FileId.of("in", "b.csv", Optional.empty(), "e1")).isNotEqualTo(base);
        assertThat(FileId.of("in2", "a.csv", Optional.empty(), "e1")).isNotEqualTo(base);
        assertThat(FileId.of("in", "a.csv", Optional.of("e1"), "e1")).isNotEqualTo(base);
    }

    @Test
    void doesNotCollide_whenConcatenationWouldBeEqual() {
        assertThat(FileId.of("ab", "c", Optional.empty(), "e")).isNotEqualTo(FileId.of("a", "bc", Optional.empty(), "e"));
    }

    @Test
    void rejectsMalformedValue() {
        assertThatThrownBy(() -> new FileId("XYZ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layoutKeysDeriveFromFileIdAndDate() {
        FileId id = new FileId("0123456789abcdef0123456789abcdef");
        LocalDate d = LocalDate.of(2026, 11, 25);

        assertThat(Layout.eventsKey(id, d, true)).isEqualTo("events/dt=2026-11-25/0123456789abcdef0123456789abcdef.jsonl.gz");
        assertThat(Layout.eventsKey(id, d, false)).isEqualTo("events/dt=2026-11-25/0123456789abcdef0123456789abcdef.jsonl");
        assertThat(Layout.rejectsKey(id, d, true)).isEqualTo("rejects/dt=2026-11-25/0123456789abcdef0123456789abcdef.jsonl.gz");
        assertThat(Layout.manifestKey(id, d)).isEqualTo("manifests/dt=2026-11-25/0123456789abcdef0123456789abcdef.json");
        assertThat(Layout.receiptKey(id)).isEqualTo("receipts/0123456789abcdef0123456789abcdef.json");
        assertThat(Layout.processedOnKey(id, d)).isEqualTo("processed-on/dt=2026-11-25/0123456789abcdef0123456789abcdef.json");
    }

    @Test
    void isTheSame_whateverFormS3GaveTheEtagAndANullVersionIn() {
        FileId plain = FileId.of("in", "a.csv", Optional.empty(), "9b2c");

        // ETags come quoted from HEAD/PUT/LIST and unquoted in notifications; "null" is S3's version of an
        // object written while versioning was off or suspended.
        assertThat(FileId.of("in", "a.csv", Optional.empty(), "\"9b2c\"")).isEqualTo(plain);
        assertThat(FileId.of("in", "a.csv", Optional.of("null"), "9b2c")).isEqualTo(plain);
        assertThat(FileId.of("in", "a.csv", Optional.of("v1"), "9b2c")).isNotEqualTo(plain);
        assertThat(FileId.plainETag(null)).isEmpty();
        assertThat(FileId.version("null")).isEmpty();
        assertThat(FileId.version("3HL4kqtJlcpXroDTDmJ")).contains("3HL4kqtJlcpXroDTDmJ");
    }
}
