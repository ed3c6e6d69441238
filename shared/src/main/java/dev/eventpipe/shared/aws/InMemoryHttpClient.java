package dev.eventpipe.shared.aws;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that sends nothing: every request is answered at once with 200, an ETag and the body {@code {}},
 * which each protocol the tools use reads as an empty success (S3's HEAD and GET, SQS's JSON calls). What
 * {@link AwsClients#answeredInMemory()} runs the SDK's request path on.
 */
final class InMemoryHttpClient implements SdkHttpClient {

    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"")
                                .putHeader("Content-Type", "application/x-amz-json-1.0")
                                .putHeader("Content-Length", String.valueOf(BODY.length))
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(BODY)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public String clientName() {
        return "InMemory";
    }

    @Override
    public void close() {
    }
}
