package dev.eventpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipe.local.emulator.LocalSqs;
import dev.eventpipe.local.emulator.QueuePair;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.FileId;
import dev.eventpipe.shared.layout.Layout;
import dev.eventpipe.shared.receipt.Receipt;
import dev.eventpipe.shared.receipt.Receipts;
import dev.eventpipe.testkit.emulators.Emulators;
import dev.eventpipe.testkit.events.S3Events;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One reliability run's world and its checks (docs/reliability.md): fresh buckets and a files queue with its
 * DLQ on the shared emulators, {@code eventpipe worker} started as its own process, the generated files
 * uploaded, and afterwards the promise checked from outside: {@code eventpipe audit --json} (a black box),
 * the receipts and index entries as listed, and {@code eventpipe report}'s figures against
 * {@link EventFiles#truth}.
 */
final class ReliabilityRun {

    /**
     * Where the run's buckets and queues are served: the shared emulators for the whole run, or an
     * {@code eventpipe up} that, restarted after a kill, serves the same ones on new ports.
     */
    record Endpoints(S3Client s3, SqsClient sqs, URI s3Endpoint, URI sqsEndpoint, QueuePair queue) {
    }

    final Path dir;
    final String input;
    final String processed;
    final String reports;
    final String prefix;
    final Instant since;
    /** Key → the file's id, in upload order. */
    final Map<String, FileId> ids = new LinkedHashMap<>();
    private final Map<String, Long> sizes = new TreeMap<>();
    private final Map<String, String> etags = new TreeMap<>();
    private final Map<String, Optional<String>> versions = new TreeMap<>();
    private volatile Endpoints at;
    private int workers;

    private ReliabilityRun(Endpoints at, Path dir, String prefix, String input, String processed, String reports) {
        this.at = at;
        this.dir = dir;
        this.prefix = prefix;
        this.input = input;
        this.processed = processed;
        this.reports = reports;
        this.since = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
    }

    /** Fresh buckets and a files queue with its DLQ on the shared emulators, named after {@code name}. */
    ReliabilityRun(Emulators emulators, Path dir, String name, int maxReceiveCount, Duration visibility) {
        this(new Endpoints(emulators.s3(), emulators.sqs(), emulators.s3Endpoint(), emulators.sqsEndpoint(),
                        emulators.createQueueWithDlq(emulators.uniqueName(name + "-files"), maxReceiveCount, visibility)),
                dir, name + "/", emulators.uniqueName(name + "-in"), emulators.uniqueName(name + "-out"),
                emulators.uniqueName(name + "-reports"));
        emulators.createBucket(input);
        emulators.createBucket(processed);
        emulators.createBucket(reports);
    }

    /**
     * Fresh buckets and a files queue with its DLQ on any S3 and SQS endpoints (moto, another emulator), named
     * after {@code name} and a random suffix, so runs against a long-lived server do not meet.
     */
    static ReliabilityRun anywhere(S3Client s3, SqsClient sqs, URI s3Endpoint, URI sqsEndpoint, Path dir, String name,
            int maxReceiveCount, Duration visibility) {
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        QueuePair queue = LocalSqs.createQueueWithDlq(sqs, unique + "-files", maxReceiveCount, visibility);
        ReliabilityRun run = new ReliabilityRun(new Endpoints(s3, sqs, s3Endpoint, sqsEndpoint, queue), dir, name + "/",
                unique + "-in", unique + "-out", unique + "-reports");
        for (String bucket : List.of(run.input, run.processed, run.reports)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return run;
    }

    /** The buckets and queues of an {@code eventpipe up} (its defaults), served {@code at} first. */
    static ReliabilityRun onStack(Endpoints at, Path dir, String name) {
        return new ReliabilityRun(at, dir, name + "/", "eventpipe-input", "eventpipe-processed", "eventpipe-reports");
    }

    /** Where the run is served from now on (a restarted stack). */
    void pointAt(Endpoints endpoints) {
        this.at = endpoints;
    }

    QueuePair queue() {
        return at.queue();
    }

    /** Where the run's S3 is served (what a fault proxy goes in front of). */
    URI s3Endpoint() {
        return at.s3Endpoint();
    }

    /** Where the run's SQS is served. */
    URI sqsEndpoint() {
        return at.sqsEndpoint();
    }

    /**
     * PUTs every file; on an emulator that sends no notifications the run sends them as it likes, and a stack
     * that does (the local stack) sends its own as well.
     */
    void upload(List<EventFiles.File> files) {
        for (EventFiles.File f : files) {
            PutObjectResponse put = at.s3().putObject(b -> b.bucket(input).key(f.key()), RequestBody.fromBytes(f.content()));
            String etag = put.eTag().replace("\"", "");
            Optional<String> version = Optional.ofNullable(put.versionId());
            ids.put(f.key(), FileId.of(input, f.key(), version, etag));
            sizes.put(f.key(), (long) f.content().length);
            etags.put(f.key(), etag);
            versions.put(f.key(), version);
        }
    }

    /** The ObjectCreated notification S3 would send for an uploaded file (naming its version, if any). */
    String notification(String key) {
        return S3Events.message(List.of(S3Events.record("ObjectCreated:Put", input, key, sizes.get(key), etags.get(key),
                versions.get(key), Instant.now())));
    }

    void send(String body) {
        at.sqs().sendMessage(b -> b.queueUrl(at.queue().queueUrl()).messageBody(body));
    }

    /** {@code eventpipe worker} on the files queue, its S3 requests to {@code s3}; its output in {@code worker-N.log}. */
    Process startWorker(URI s3) throws IOException {
        return startWorker(s3, at.sqsEndpoint());
    }

    /** {@code eventpipe worker} on the files queue, its S3 requests to {@code s3} and its SQS requests to {@code sqs}. */
    Process startWorker(URI s3, URI sqs) throws IOException {
        Path log = dir.resolve("worker-" + ++workers + ".log");
        ProcessBuilder pb = CliProcess.eventpipe(at.s3Endpoint(), at.sqsEndpoint(), "worker", "--queue-url", at.queue().queueUrl(), "--long-poll", "1s",
                "--batch-size", "5").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AWS_ENDPOINT_URL_S3", s3.toString());
        pb.environment().put("AWS_ENDPOINT_URL_SQS", sqs.toString());
        pb.environment().put("EVENTPIPE_PROCESSED_BUCKET", processed);
        return pb.start();
    }

    /** Stops a worker with SIGTERM and checks it exits 0. */
    static void stop(Process worker) throws InterruptedException {
        worker.destroy();
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker stops on SIGTERM").isTrue();
        assertThat(worker.exitValue()).isZero();
    }

    /** Keys in the processed bucket under {@code prefix}: one listing, as the audit and the report do. */
    List<String> listProcessed(String under) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : at.s3().listObjectsV2Paginator(b -> b.bucket(processed).prefix(under)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    int receipts() {
        return listProcessed(Layout.RECEIPTS).size();
    }

    /** Waits (polling, bounded by {@code patience}) until {@code done}; fails with {@code what} otherwise. */
    static void await(String what, Duration patience, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + patience + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Messages in the queue, visible, in flight or delayed. */
    long queued(String url) {
        Map<QueueAttributeName, String> a = at.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToLong(Long::parseLong).sum();
    }

    record CliAnswer(int exit, String out) {
        JsonNode json() throws IOException {
            return Json.mapper().readTree(out);
        }
    }

    /** An operator command as its own process, on clean endpoints, configured by the environment. */
    CliAnswer eventpipe(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cli", ".txt");
        ProcessBuilder pb = CliProcess.eventpipe(at.s3Endpoint(), at.sqsEndpoint(), args).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("EVENTPIPE_QUEUE_URL", at.queue().queueUrl());
        pb.environment().put("EVENTPIPE_DLQ_URL", at.queue().dlqUrl());
        pb.environment().put("EVENTPIPE_PROCESSED_BUCKET", processed);
        pb.environment().put("EVENTPIPE_REPORTS_BUCKET", reports);
        pb.environment().remove("EVENTPIPE_OUTBOX");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("eventpipe %s finishes", String.join(" ", args)).isTrue();
        return new CliAnswer(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** {@code eventpipe audit --json} over this run's uploads. */
    CliAnswer audit() throws IOException, InterruptedException {
        return eventpipe("audit", "--bucket", input, "--prefix", prefix, "--since", since.toString(), "--until",
                Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString(), "--json");
    }

    /**
     * Every file accounted for, with exactly one receipt: the audit (exit 0, every object processed but the
     * {@code inDlq} keys, which must be exactly those in the DLQ, no second generation), one receipt and one
     * index entry per processed file, each receipt generation 1 with the rows the truth says; no stored output
     * that no receipt names (a crashed attempt's leftovers); then the day's report counts every valid record
     * exactly once.
     */
    void assertEveryFileOnce(EventFiles.Truth truth, List<String> inDlq) throws Exception {
        CliAnswer audit = audit();
        assertThat(audit.exit()).as(audit.out()).isZero();
        JsonNode a = audit.json();
        int files = ids.size();
        assertThat(a.at("/totals/objects").asLong()).as(audit.out()).isEqualTo(files);
        int quarantined = truth.quarantined().size();
        assertThat(a.at("/totals/processed").asLong()).as(audit.out()).isEqualTo(files - inDlq.size() - quarantined);
        assertThat(a.at("/totals/quarantined/reject_rate").asLong()).as(audit.out()).isEqualTo(quarantined);
        assertThat(a.at("/totals/quarantined").size()).as(audit.out()).isEqualTo(quarantined == 0 ? 0 : 1);
        assertThat(a.at("/totals/in_dlq").asLong()).as(audit.out()).isEqualTo(inDlq.size());
        assertThat(a.at("/totals/unaccounted").asLong()).as(audit.out()).isZero();
        assertThat(a.at("/totals/still_queued").asLong()).as(audit.out()).isZero();
        assertThat(a.get("generations")).as("no file with a second receipt generation").isEmpty();
        List<String> dead = new ArrayList<>();
        a.get("attention").forEach(i -> {
            if (i.get("outcome").asText().equals("in_dlq")) {
                dead.add(i.get("key").asText());
            }
        });
        assertThat(dead).containsExactlyInAnyOrderElementsOf(inDlq);

        List<String> receipts = listProcessed(Layout.RECEIPTS);
        List<String> indexed = listProcessed(Layout.PROCESSED_ON);
        assertThat(receipts).hasSize(files - inDlq.size()).doesNotHaveDuplicates();
        assertThat(indexed).as("one processed-on entry per file").hasSize(files - inDlq.size());
        Set<String> outputs = new TreeSet<>();
        for (Map.Entry<String, FileId> e : ids.entrySet()) {
            if (inDlq.contains(e.getKey())) {
                assertThat(receipts).doesNotContain(Layout.receiptKey(e.getValue()));
                continue;
            }
            Receipt r = Receipts.fromJson(at.s3().getObjectAsBytes(b -> b.bucket(processed)
                    .key(Layout.receiptKey(e.getValue()))).asByteArray());
            assertThat(r.generation()).as(e.getKey()).isEqualTo(1);
            outputs.addAll(r.outputs());
            if (truth.quarantined().contains(e.getKey())) {
                assertThat(r.status()).as(e.getKey()).isEqualTo(Receipt.Status.QUARANTINED);
                assertThat(r.reasonCode()).as(e.getKey()).contains("reject_rate");
                continue;
            }
            assertThat(r.status()).as(e.getKey()).isEqualTo(Receipt.Status.PROCESSED);
            assertThat(r.rows().rejected()).as("rejected rows of %s", e.getKey()).isEqualTo(truth.invalidByKey().get(e.getKey()));
        }

        Set<String> stored = new TreeSet<>();
        for (String kind : List.of(Layout.EVENTS, Layout.REJECTS, Layout.MANIFESTS)) {
            stored.addAll(listProcessed(kind));
        }
        assertThat(stored).as("every stored output is named by a receipt, and every output a receipt names is stored")
                .isEqualTo(outputs);

        if (inDlq.isEmpty()) {
            assertReportMatches(truth);
        }
    }

    /** {@code eventpipe report} for {@link EventFiles#DAY}: its valid records, in all and per type, are the truth's. */
    void assertReportMatches(EventFiles.Truth truth) throws Exception {
        CliAnswer run = eventpipe("report", "--date", EventFiles.DAY.toString(), "--no-notify", "--json");
        assertThat(run.exit()).as(run.out()).isZero();
        String key = null;
        for (JsonNode k : run.json().get("keys")) {
            if (k.asText().endsWith("report.json")) {
                key = k.asText();
            }
        }
        assertThat(key).as(run.out()).isNotNull();
        String reportKey = key;
        JsonNode report = Json.mapper().readTree(at.s3().getObjectAsBytes(b -> b.bucket(reports).key(reportKey)).asByteArray());
        assertThat(report.at("/totals/records_valid").asLong()).as("valid records on %s", EventFiles.DAY).isEqualTo(truth.valid());
        Map<String, Long> byType = new TreeMap<>();
        report.get("by_event_type").fields().forEachRemaining(e -> byType.put(e.getKey(), e.getValue().asLong()));
        assertThat(byType).isEqualTo(truth.validByType());
    }
}
