package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.local.emulator.ObjectCreated.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectRequestTest {

    @Test
    void putOnKey_isPutObject_withKeyPercentDecodedAndPlusKept() {
        Optional<ObjectRequest> r = ObjectRequest.of("PUT", "/inbox/in/a%20b+c%C3%BC%E2%82%AC.csv", null, false);

        assertThat(r).contains(new ObjectRequest("inbox", "in/a b+cü€.csv", Optional.of(Kind.PUT)));
    }

    @Test
    void putWithCopySource_isCopyObject() {
        assertThat(ObjectRequest.of("PUT", "/b/k", null, true)).map(ObjectRequest::creates)
                .contains(Optional.of(Kind.COPY));
    }

    @Test
    void postWithUploadId_isCompleteMultipartUpload_butPostUploadsIsNot() {
        assertThat(ObjectRequest.of("POST", "/b/big", "uploadId=7c1a", false)).map(ObjectRequest::creates)
                .contains(Optional.of(Kind.COMPLETE_MULTIPART_UPLOAD));
        assertThat(ObjectRequest.of("POST", "/b/big", "uploads", false)).isEmpty();
        assertThat(ObjectRequest.of("POST", "/b/big", "uploads=", false)).isEmpty();
    }

    @Test
    void putsThatCreateNoObject_areNotWrites() {
        assertThat(ObjectRequest.of("PUT", "/b/k", "partNumber=1&uploadId=x", false)).isEmpty();
        assertThat(ObjectRequest.of("PUT", "/b/k", "partNumber=1&uploadId=x", true)).isEmpty(); // UploadPartCopy
        assertThat(ObjectRequest.of("PUT", "/b/k", "tagging", false)).isEmpty();
        assertThat(ObjectRequest.of("PUT", "/b/k", "acl", false)).isEmpty();
        assertThat(ObjectRequest.of("PUT", "/b/k", "legal-hold", false)).isEmpty();
        assertThat(ObjectRequest.of("PUT", "/b/k", "retention", false)).isEmpty();
    }

    @Test
    void bucketRequests_andReads_areNotWrites() {
        assertThat(ObjectRequest.of("PUT", "/b", null, false)).isEmpty(); // CreateBucket
        assertThat(ObjectRequest.of("PUT", "/b/", "versioning", false)).isEmpty();
        assertThat(ObjectRequest.of("GET", "/b/k", null, false)).isEmpty();
        assertThat(ObjectRequest.of("HEAD", "/b/k", null, false)).isEmpty();
        assertThat(ObjectRequest.of("POST", "/b", "delete", false)).isEmpty(); // DeleteObjects
    }

    @Test
    void deleteOfKey_isLockedButCreatesNothing() {
        assertThat(ObjectRequest.of("DELETE", "/b/k", null, false))
                .contains(new ObjectRequest("b", "k", Optional.empty()));
        assertThat(ObjectRequest.of("DELETE", "/b/k", "uploadId=x", false)).isEmpty(); // AbortMultipartUpload
    }

    @Test
    void presignedQueryParameters_stillMakeAPutObject() {
        assertThat(ObjectRequest.of("PUT", "/b/k", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab", false))
                .map(ObjectRequest::creates).contains(Optional.of(Kind.PUT));
    }

    @Test
    void decodePath_keepsSlashesAndPlus_dropsMatrixParameters_asSpringDoes() {
        assertThat(ObjectRequest.decodePath("a%2Fb/c+d/%F0%9F%98%80")).isEqualTo("a/b/c+d/\uD83D\uDE00");
        assertThat(ObjectRequest.decodePath("dir/")).isEqualTo("dir/");
        assertThat(ObjectRequest.decodePath("a;v=1/b")).isEqualTo("a/b");
    }

    @Test
    void invalidPercentEncoding_isNotAWrite() {
        assertThat(ObjectRequest.of("PUT", "/b/k%zz", null, false)).isEmpty();
        assertThat(ObjectRequest.of("PUT", "/b/k%2", null, false)).isEmpty();
        assertThat(ObjectRequest.of("PUT", "/b/;v=1", null, false)).isEmpty(); // no key left
    }
}
