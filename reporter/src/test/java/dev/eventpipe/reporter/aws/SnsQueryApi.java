package dev.eventpipe.reporter.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a WireMock stub of SNS needs: the query API's answers, and the form fields of a request. */
public final class SnsQueryApi {

    /** A successful {@code Publish}. */
    public static final String PUBLISHED = """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>5f2c1c9e-0000-4000-8000-000000000001</MessageId></PublishResult>
              <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
            </PublishResponse>""";

    /** A server-side error, as SNS sends it with a 500. */
    public static final String INTERNAL_ERROR = """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Receiver</Type><Code>InternalError</Code><Message>try again</Message></Error>
              <RequestId>req-2</RequestId>
            </ErrorResponse>""";

    private SnsQueryApi() {
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body, decoded. */
    public static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
