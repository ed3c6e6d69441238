package dev.eventpipe.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The processor's cold start: a fresh JVM loads the handler from an unpacked Lambda zip the way the
 * Lambda Java runtime does, builds it (no-arg constructor, configuration from the environment) and
 * answers one batch.
 *
 * <p>The runtime keeps its own jars on the JVM's class path and loads the function through a
 * {@link URLClassLoader} over the task root and {@code lib/*.jar} in name order, parent first
 * (<a href="https://github.com/aws/aws-lambda-java-libs/blob/main/aws-lambda-java-runtime-interface-client/src/main/java/com/amazonaws/services/lambda/runtime/api/client/CustomerClassLoader.java">CustomerClassLoader</a>).
 * This harness does the same: its class path is this jar and {@code aws-lambda-java-core} (the one
 * runtime jar the handler's interfaces come from); everything else comes from the zip. That matters for
 * class-data sharing, which treats classes of such a loader differently from class-path classes.
 *
 * <pre>
 * unzip -q processor/target/eventpipe-processor-lambda.zip -d /tmp/lz
 * AWS_ENDPOINT_URL=http://127.0.0.1:9090 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 \
 * EVENTPIPE_PROCESSED_BUCKET=eventpipe-processed \
 * java -cp "bench/target/eventpipe-bench.jar:bench/target/lib/aws-lambda-java-core-1.4.0.jar" \
 *      dev.eventpipe.bench.ColdStart /tmp/lz MESSAGE_BODY_FILE
 * </pre>
 * {@code bench/scripts/coldstart.sh} does all of it N times against a running {@code eventpipe up}.
 * Prints the milliseconds from JVM start to the handler's answer, and the split.
 */
public final class ColdStart {

    private ColdStart() {
    }

    /** Only what the handler reads. */
    private static final class MinimalContext implements Context {
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ColdStart UNPACKED_ZIP_DIR MESSAGE_BODY_FILE");
            System.exit(2);
        }
        String body = Files.readString(Path.of(args[1]));
        ClassLoader loader = customerLoader(new File(args[0]));
        Thread.currentThread().setContextClassLoader(loader);

        long t0 = System.nanoTime();
        RequestHandler handler = (RequestHandler) loader.loadClass("dev.eventpipe.processor.ProcessorHandler")
                .getConstructor().newInstance();
        long t1 = System.nanoTime();
        Object response = handler.handleRequest(event(loader, body), new MinimalContext());
        long t2 = System.nanoTime();
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        int failures = ((List<?>) response.getClass().getMethod("getBatchItemFailures").invoke(response)).size();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf(Locale.ROOT, "JVM start -> first batch answered: %d ms (handler built in %d ms, batch %d ms; "
                + "process CPU %d ms; failures: %d)%n", sinceStart, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, cpu / 1_000_000, failures);
        System.exit(0); // a library's idle non-daemon pool thread would keep the JVM up; Lambda freezes it instead
    }

    /** The task root, then its lib/*.jar in lexical order; the application class loader as parent. */
    private static ClassLoader customerLoader(File task) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(task.toURI().toURL());
        String[] jars = new File(task, "lib").list((dir, name) -> name.endsWith(".jar"));
        if (jars != null) {
            Arrays.sort(jars);
            for (String jar : jars) {
                urls.add(new File(new File(task, "lib"), jar).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ColdStart.class.getClassLoader());
    }

    /** An SQSEvent of one message, built from the zip's own event classes as the runtime's serializer would. */
    private static Object event(ClassLoader loader, String body) throws Exception {
        Class<?> eventType = loader.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent");
        Class<?> messageType = loader.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent$SQSMessage");
        Object message = messageType.getConstructor().newInstance();
        messageType.getMethod("setMessageId", String.class).invoke(message, "cold-1");
        messageType.getMethod("setBody", String.class).invoke(message, body);
        Object event = eventType.getConstructor().newInstance();
        eventType.getMethod("setRecords", List.class).invoke(event, List.of(message));
        return event;
    }
}
