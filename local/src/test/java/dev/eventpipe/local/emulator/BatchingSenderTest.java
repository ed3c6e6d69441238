package dev.eventpipe.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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
        CountDownLatch release = new CountDownLatch(1);
        FakeSqs sqs = new FakeSqs(release);
        BatchingSender sender = new BatchingSender(sqs, "q");
        ExecutorService pool = Executors.newFixedThreadPool(11);
        try {
            Future<String> first = pool.submit(() -> sender.send("m0"));
            sqs.firstBatchArrived.await(30, TimeUnit.SECONDS);
            ConcurrentHashMap<String, Future<String>> later = new ConcurrentHashMap<>();
            for (int i = 1; i <= 10; i++) {
                String body = "m" + i;
                later.put(body, pool.submit(() -> sender.send(body)));
            }
            waitUntilQueued(sender, 10);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("id-m0");
            for (var e : later.entrySet()) {
                assertThat(e.getValue().get(30, TimeUnit.SECONDS)).isEqualTo("id-" + e.getKey());
            }
            assertThat(sqs.batches).hasSize(2);
            assertThat(sqs.batches.get(1)).hasSize(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMessageSqsRefuses_failsItsOwnCaller_only() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakeSqs sqs = new FakeSqs(release);
        BatchingSender sender = new BatchingSender(sqs, "q");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<String> first = pool.submit(() -> sender.send("m0"));
            sqs.firstBatchArrived.await(30, TimeUnit.SECONDS);
            Future<String> good = pool.submit(() -> sender.send("good"));
            Future<String> bad = pool.submit(() -> sender.send("bad one"));
            waitUntilQueued(sender, 2);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("id-m0");
            assertThat(good.get(30, TimeUnit.SECONDS)).isEqualTo("id-good");
            assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SqsException.class)
                    .hasMessageContaining("InvalidMessageContents");
            assertThat(sqs.batches.get(1)).containsExactlyInAnyOrder("good", "bad one");
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
