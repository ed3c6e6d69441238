package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.local.emulator.ObjectCreatedFilter.PutSize;
import org.junit.jupiter.api.Test;

class PutSizeTest {

    @Test
    void prefersS3MocksObjectSizeHeader() {
        assertThat(PutSize.of("12", "99", 150, "aws-chunked", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")).hasValue(12);
    }

    @Test
    void usesDecodedContentLength_forAwsChunkedUploads() {
        assertThat(PutSize.of(null, "12", 150, "aws-chunked", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")).hasValue(12);
    }

    @Test
    void usesContentLength_forAPlainBody() {
        assertThat(PutSize.of(null, null, 12, null, "UNSIGNED-PAYLOAD")).hasValue(12);
        assertThat(PutSize.of(null, null, 0, null, null)).hasValue(0);
    }

    @Test
    void knowsNothing_whenChunkedWithoutDecodedLength_orLengthUnknown() {
        assertThat(PutSize.of(null, null, 150, "aws-chunked", null)).isEmpty();
        assertThat(PutSize.of(null, null, 150, null, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")).isEmpty();
        assertThat(PutSize.of(null, null, -1, null, null)).isEmpty();
        assertThat(PutSize.of("not a number", " ", -1, null, null)).isEmpty();
    }
}
