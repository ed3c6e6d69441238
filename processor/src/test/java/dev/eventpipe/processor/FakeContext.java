package dev.eventpipe.processor;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/** A Lambda context for tests, as the runtime would pass it. */
public final class FakeContext implements Context {

    @Override
    public String getAwsRequestId() {
        return "00000000-0000-0000-0000-000000000001";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/eventpipe-processor";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/25/[$LATEST]0000";
    }

    @Override
    public String getFunctionName() {
        return "eventpipe-processor";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:eventpipe-processor:live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 300_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1769;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
