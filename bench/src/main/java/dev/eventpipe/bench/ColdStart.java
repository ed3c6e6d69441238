package dev.eventpipe.bench;

import dev.eventpipe.local.esm.LocalContext;
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
 * java -cp "bench/target/eventpipe-bench.jar:bench/target/lib/*" dev.eventpipe.bench.ColdStart MESSAGE_BODY_FILE
 * </pre>
 * Prints the milliseconds from JVM start to the handler's answer; time the whole process from outside too.
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        String body = Files.readString(Path.of(args[0]));
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("cold-1");
        m.setBody(body);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        SQSBatchResponse response = new ProcessorHandler().handleRequest(event, LocalContext.of("eventpipe-processor"));
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf(Locale.ROOT, "JVM start -> first batch answered: %d ms (failures: %d)%n", sinceStart,
                response.getBatchItemFailures().size());
        System.exit(0); // a library's idle non-daemon pool thread would keep the JVM up; Lambda freezes it instead
    }
}
