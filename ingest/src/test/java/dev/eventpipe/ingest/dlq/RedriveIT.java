package dev.eventpipe.ingest.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipe.ingest.Progress;
import dev.eventpipe.ingest.ReceiptSource;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.emulators.EmulatorsExtension;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Redrive conserves every message: the same bodies, as many, before and after, through SQS's native move
 * and through the receive → send → delete fallback, also when the fallback dies between send and delete.
 */
@ExtendWith(EmulatorsExtension.class)
class RedriveIT {

    private final Emulators emulators;
    private final QueuePair queues;

    RedriveIT(Emulators emulators) {
        this.emulators = emulators;
        this.queues = emulators.createQueueWithDlq(emulators.uniqueName("files"), 3, Duration.ofSeconds(30));
    }

    private List<String> fillDlq(int n) {
        List<String> bodies = IntStream.range(0, n).mapToObj(i -> "{\"Records\":[],\"n\":" + i + "}").toList();
        for (String body : bodies) {
            emulators.sqs().sendMessage(b -> b.queueUrl(queues.dlqUrl()).messageBody(body));
        }
        return bodies;
    }

    /** Every message of a queue, received with a long visibility so each is seen once (and consumed for the test). */
    private List<String> bodies(String url) {
        List<String> out = new ArrayList<>();
        while (true) {
            List<Message> got = emulators.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .visibilityTimeout(300).waitTimeSeconds(1)).messages();
            if (got.isEmpty()) {
                return out;
            }
            got.forEach(m -> out.add(m.body()));
        }
    }

    private DeadLetterQueue dlq(SqsClient sqs) {
        return new DeadLetterQueue(sqs, queues.queueUrl(), queues.dlqUrl(), ReceiptSource.NONE, Clock.systemUTC(),
                d -> Thread.sleep(Math.min(d.toMillis(), 200)), Duration.ofSeconds(1));
    }

    /** A client that behaves as {@code real} except where {@code override} answers. */
    private static SqsClient intercepting(SqsClient real, java.util.function.BiFunction<String, Object[], Object> override) {
        return (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class},
                (proxy, method, args) -> {
                    Object answer = override.apply(method.getName(), args);
                    if (answer != null) {
                        return answer;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void nativeMove_conservesEveryMessage() throws InterruptedException {
        List<String> before = fillDlq(25);

        RedriveResult r = dlq(emulators.sqs()).redrive(DeadLetterQueue.Method.NATIVE, 0, false, Progress.silent(Clock.systemUTC()));

        assertThat(r.method()).isEqualTo("native");
        assertThat(r.succeeded()).isTrue();
        assertThat(r.moved()).isEqualTo(25);
        assertThat(bodies(queues.queueUrl())).containsExactlyInAnyOrderElementsOf(before);
        assertThat(bodies(queues.dlqUrl())).isEmpty();
    }

    @Test
    void fallsBackToCopy_whenTheEndpointLacksMessageMoveTasks_andConservesEveryMessage() throws InterruptedException {
        List<String> before = fillDlq(23);
        SqsClient withoutMoveTasks = intercepting(emulators.sqs(), (name, args) -> {
            if (name.equals("startMessageMoveTask")) {
                throw (SqsException) SqsException.builder().statusCode(500).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InternalFailure").errorMessage("not implemented").build()).build();
            }
            return null;
        });

        RedriveResult r = dlq(withoutMoveTasks).redrive(DeadLetterQueue.Method.AUTO, 0, false, Progress.silent(Clock.systemUTC()));

        assertThat(r.method()).isEqualTo("copy");
        assertThat(r.succeeded()).isTrue();
        assertThat(r.moved()).isEqualTo(23);
        assertThat(bodies(queues.queueUrl())).containsExactlyInAnyOrderElementsOf(before);
        assertThat(bodies(queues.dlqUrl())).isEmpty();
    }

    @Test
    void copy_losesNothing_whenItDiesBetweenSendAndDelete_andASecondRunFinishes() throws InterruptedException {
        List<String> before = fillDlq(15);
        int[] batches = {0};
        SqsClient dyingAfterFirstSend = intercepting(emulators.sqs(), (name, args) -> {
            if (name.equals("deleteMessageBatch") && batches[0]++ == 0) {
                throw new IllegalStateException("killed between send and delete");
            }
            return null;
        });

        try {
            dlq(dyingAfterFirstSend).redrive(DeadLetterQueue.Method.COPY, 0, false, Progress.silent(Clock.systemUTC()));
        } catch (IllegalStateException expected) {
            // the crash: the first ten are on the files queue and still (hidden) in the DLQ
        }
        awaitVisibleInDlq(15); // the crashed run's hold expires: nothing was lost

        RedriveResult second = dlq(emulators.sqs()).redrive(DeadLetterQueue.Method.COPY, 0, false,
                Progress.silent(Clock.systemUTC()));

        List<String> after = bodies(queues.queueUrl());
        assertThat(second.succeeded()).isTrue();
        assertThat(after).containsAll(before); // every body arrived: duplicates allowed, losses not
        assertThat(after).hasSize(before.size() + 10); // the crashed batch, twice
        assertThat(new java.util.HashSet<>(after)).hasSameSizeAs(before);
        assertThat(bodies(queues.dlqUrl())).isEmpty();
    }

    /** Waits (at most 30 s) until the DLQ shows {@code n} visible messages. */
    private void awaitVisibleInDlq(long n) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        while (dlq(emulators.sqs()).depth(queues.dlqUrl()).visible() < n && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(dlq(emulators.sqs()).depth(queues.dlqUrl()).visible()).isEqualTo(n);
    }

    @Test
    void dryRun_movesNothing_andSaysWhatWould() throws InterruptedException {
        List<String> before = fillDlq(4);

        RedriveResult r = dlq(emulators.sqs()).redrive(DeadLetterQueue.Method.AUTO, 0, true, Progress.silent(Clock.systemUTC()));

        assertThat(r.dryRun()).isTrue();
        assertThat(r.before()).isEqualTo(4);
        assertThat(r.sample()).extracting(PeekedMessage::body).containsExactlyInAnyOrderElementsOf(before);
        assertThat(bodies(queues.dlqUrl())).containsExactlyInAnyOrderElementsOf(before);
        assertThat(bodies(queues.queueUrl())).isEmpty();
    }

    /** A client that counts its ReceiveMessage calls into {@code receives}. */
    private SqsClient countingReceives(AtomicInteger receives) {
        return intercepting(emulators.sqs(), (method, args) -> {
            if (method.equals("receiveMessage")) {
                receives.incrementAndGet();
            }
            return null;
        });
    }

    @Test
    void peek_consumesNothing_andStopsOnceItSawWhatTheDepthSays() {
        List<String> before = fillDlq(3);
        AtomicInteger receives = new AtomicInteger();

        List<PeekedMessage> peeked = dlq(countingReceives(receives)).peek(10);

        assertThat(receives).as("one receive of the three, no empty long polls after it").hasValue(1);
        assertThat(peeked).extracting(PeekedMessage::body).containsExactlyInAnyOrderElementsOf(before);
        assertThat(peeked).allSatisfy(p -> assertThat(p.problem()).hasValueSatisfying(why -> assertThat(why).contains("Records")));
        assertThat(bodies(queues.dlqUrl())).containsExactlyInAnyOrderElementsOf(before); // visible again at once
    }

    @Test
    void status_countsBothQueues_andPeeksOnlyAsManyAsTheDlqHolds() {
        fillDlq(2);
        emulators.sqs().sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("x"));
        AtomicInteger receives = new AtomicInteger();

        DlqStatus s = dlq(countingReceives(receives)).status();

        assertThat(receives).as("the oldest message's age from one receive, no empty long polls").hasValue(1);

        assertThat(s.queue().visible()).isEqualTo(1);
        assertThat(s.dlq().visible()).isEqualTo(2);
        assertThat(s.oldestDlqMessageAgeSeconds()).isPresent();
        assertThat(s.moveTasksSupported()).isTrue();
        assertThat(s.moveTasks()).isEmpty();
    }

    @Test
    void purge_deletesAtMostWhatItIsAskedTo_reportsEachMessage_andLeavesTheFilesQueueAlone() {
        fillDlq(12);
        emulators.sqs().sendMessage(b -> b.queueUrl(queues.queueUrl()).messageBody("keep"));
        DeadLetterQueue dlq = dlq(emulators.sqs());

        List<DeadLetterQueue.Purged> first = dlq.purge(5);
        List<DeadLetterQueue.Purged> rest = dlq.purge(100);

        assertThat(first).hasSize(5);
        assertThat(rest).hasSize(7);
        assertThat(java.util.stream.Stream.concat(first.stream(), rest.stream()).map(DeadLetterQueue.Purged::messageId).distinct())
                .hasSize(12);
        assertThat(bodies(queues.dlqUrl())).isEmpty();
        assertThat(bodies(queues.queueUrl())).containsExactly("keep");
    }
}
