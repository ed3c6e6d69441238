package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

class BatchingSenderTest {

    /** SQS as far as SendMessageBatch goes: ids are "id-<body>"; bodies starting with "bad" are refused. */
    private static final class FakeSqs implements SqsClient {
        final List<List<String>> batches = new ArrayList<>();
        final CountDownLatch firstBatchMayAnswer;
        final CountDownLatch firstBatchArrived = new CountDownLatch(1);

        FakeSqs(CountDownLatch firstBatchMayAnswer) {
            this.firstBatchMayAnswer = firstBatchMayAnswer;
        }

        @Override
        public SendMessageBatchResponse sendMessageBatch(Consumer<SendMessageBatchRequest.Builder> request) {
            SendMessageBatchRequest r = SendMessageBatchRequest.builder().applyMutation(request).build();
            boolean first;
            synchronized (this) {
                first = batches.isEmpty();
                batches.add(r.entries().stream().map(SendMessageBatchRequestEntry::messageBody).toList());
            }
            if (first) {
                firstBatchArrived.countDown();
                await(firstBatchMayAnswer);
            }
            List<SendMessageBatchResultEntry> ok = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (SendMessageBatchRequestEntry e : r.entries()) {
                if (e.messageBody().startsWith("bad")) {
                    failed.add(BatchResultErrorEntry.builder().id(e.id()).code("InvalidMessageContents").message("no").build());
                } else {
                    ok.add(SendMessageBatchResultEntry.builder().id(e.id()).messageId("id-" + e.messageBody()).build());
                }
            }
            return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sendsALoneMessageAtOnce_inABatchOfOne() {
        FakeSqs sqs = new FakeSqs(new CountDownLatch(0));

        String id = new BatchingSender(sqs, "q").send("m1");

        assertThat(id).isEqualTo("id-m1");
        assertThat(sqs.batches).containsExactly(List.of("m1"));
    }

    @Test
    void callersArrivingWhileABatchIsInFlight_goTogetherInTheNext_eachGettingItsOwnId() throws Exception {
        FakeSqs sqs = new FakeSqs(new CountDownLatch(1));
        List<String> bodies = java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "m" + i).toList();

        Map<String, Future<String>> later = sendWhileTheFirstBatchIsInFlight(sqs, bodies);

        for (var e : later.entrySet()) {
            assertThat(e.getValue().get(30, TimeUnit.SECONDS)).isEqualTo("id-" + e.getKey());
        }
        assertThat(sqs.batches).hasSize(2);
        assertThat(sqs.batches.get(1)).hasSize(10);
    }

    @Test
    void aMessageSqsRefuses_failsItsOwnCaller_only() throws Exception {
        FakeSqs sqs = new FakeSqs(new CountDownLatch(1));

        Map<String, Future<String>> later = sendWhileTheFirstBatchIsInFlight(sqs, List.of("good", "bad one"));

        assertThat(later.get("good").get(30, TimeUnit.SECONDS)).isEqualTo("id-good");
        assertThatThrownBy(() -> later.get("bad one").get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SqsException.class)
                .hasMessageContaining("InvalidMessageContents");
        assertThat(sqs.batches.get(1)).containsExactlyInAnyOrder("good", "bad one");
    }

    /**
     * Sends "m0" and, while SQS holds its batch unanswered, sends {@code bodies} from callers of their own;
     * once all of them are queued, lets SQS answer. Checks the first caller's id; returns the others' answers.
     */
    private static Map<String, Future<String>> sendWhileTheFirstBatchIsInFlight(FakeSqs sqs, List<String> bodies)
            throws Exception {
        BatchingSender sender = new BatchingSender(sqs, "q");
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size() + 1);
        try {
            Future<String> first = pool.submit(() -> sender.send("m0"));
            sqs.firstBatchArrived.await(30, TimeUnit.SECONDS);
            Map<String, Future<String>> later = new ConcurrentHashMap<>();
            for (String body : bodies) {
                later.put(body, pool.submit(() -> sender.send(body)));
            }
            waitUntilQueued(sender, bodies.size());
            sqs.firstBatchMayAnswer.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("id-m0");
            for (Future<String> f : later.values()) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException refused) {
                    // the caller's own answer, read by the test
                }
            }
            return later;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (bounded) until {@code n} callers are queued behind the batch in flight. */
    private static void waitUntilQueued(BatchingSender sender, int n) throws InterruptedException {
        for (int i = 0; i < 3000 && sender.queued() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(sender.queued()).isEqualTo(n);
    }
}
