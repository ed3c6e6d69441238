package dev.eventpipe.bench;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipe.processor.ProcessorHandler;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The processor's cold start: a fresh JVM builds the handler as the Lambda runtime does (no-arg
 * constructor, configuration from the environment) and answers one batch. Run against a running
 * {@code eventpipe up} with the environment pointing at it:
 *
 * <pre>
 * AWS_ENDPOINT_URL=http://127.0.0.1:9090 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 \
 * EVENTPIPE_PROCESSED_BUCKET=eventpipe-processed \
 * unzip -q processor/target/eventpipe-processor-lambda.zip -d /tmp/lz   # the class path Lambda sees
 * java -cp "bench/target/eventpipe-bench.jar:/tmp/lz:/tmp/lz/lib/*" dev.eventpipe.bench.ColdStart MESSAGE_BODY_FILE
 * </pre>
 * Prints the milliseconds from JVM start to the handler's answer; time the whole process from outside too.
 */
public final class ColdStart {

    private ColdStart() {
    }

    /** Only what the handler reads; nothing from other modules, so the Lambda zip alone is the class path. */
    private static final class MinimalContext implements com.amazonaws.services.lambda.runtime.Context {
        @Override public String getAwsRequestId() { return "cold-start"; }
        @Override public String getLogGroupName() { return "/aws/lambda/eventpipe-processor"; }
        @Override public String getLogStreamName() { return "cold-start"; }
        @Override public String getFunctionName() { return "eventpipe-processor"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:eventpipe-processor"; }
        @Override public com.amazonaws.services.lambda.runtime.CognitoIdentity getIdentity() { return null; }
        @Override public com.amazonaws.services.lambda.runtime.ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 900_000; }
        @Override public int getMemoryLimitInMB() { return 1769; }
        @Override public com.amazonaws.services.lambda.runtime.LambdaLogger getLogger() { return null; }
    }

    public static void main(String[] args) throws Exception {
        String body = Files.readString(Path.of(args[0]));
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("cold-1");
        m.setBody(body);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        SQSBatchResponse response = new ProcessorHandler().handleRequest(event, new MinimalContext());
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf(Locale.ROOT, "JVM start -> first batch answered: %d ms (failures: %d)%n", sinceStart,
                response.getBatchItemFailures().size());
        System.exit(0); // a library's idle non-daemon pool thread would keep the JVM up; Lambda freezes it instead
    }
}
