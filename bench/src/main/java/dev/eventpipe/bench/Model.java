package dev.eventpipe.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Turns CostBench's measurements into dollars per million files on Lambda arm64, at the public on-demand
 * prices of us-east-1 (docs/cost.md names the pages and the date they were read). The model, stated:
 * <ul>
 *   <li>A function of M MB gets M/1769 of a vCPU (one full vCPU at 1,769 MB); the CPU time measured here
 *       stretches by that factor and gains nothing above 1,769 MB (the per-file path is one thread, plus
 *       deflate on a second for gzip). Graviton cores are taken as fast as this machine's.</li>
 *   <li>A file's S3 requests are made one after another, each waiting {@code s3LatencyMs} in the region
 *       (an assumption: loopback here answers in well under a millisecond).</li>
 *   <li>Warm invocations; a cold start is priced on its own line.</li>
 * </ul>
 */
final class Model {

    static final double LAMBDA_GB_S = 0.0000133334;      // arm64, first 7.5 billion GB-s a month
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double S3_PUT = 0.005 / 1000;            // PUT, COPY, POST, LIST
    static final double S3_GET = 0.0004 / 1000;           // GET, SELECT and all other requests
    static final double S3_GB_MONTH = 0.023;              // Standard, first 50 TB
    static final double SQS_REQUEST = 0.40 / 1e6;         // standard queue, per 64 KB chunk
    static final double LOGS_GB = 0.50;                   // CloudWatch Logs ingestion (standard class)
    static final double LAMBDA_REPORT_LINES = 350;        // START, END and REPORT lines per invocation, bytes
    static final int[] MEMORY_MB = {256, 512, 1024, 1769, 3008};

    private Model() {
    }

    /** Prints the cost per million files at each memory size that fits the measured peak RSS. */
    static void print(PrintStream out, int files, double cpuMsPerFile, double sequentialRequests, double s3LatencyMs,
                      double messagesPerInvocation, double putsPerFile, double getsPerFile, double logBytesPerFile,
                      double storedBytesPerFile, long peakRssMib) {
        double latencyMs = sequentialRequests * s3LatencyMs;
        // Lambda's runtime, this batch of messages and S3's notification: SendMessage by S3, ReceiveMessage and
        // DeleteMessageBatch by the event source mapping, once per invocation.
        double sqs = (1 + 2 / messagesPerInvocation) * SQS_REQUEST;
        double s3 = (putsPerFile + 1) * S3_PUT + getsPerFile * S3_GET; // + 1: the upload itself
        double logs = (logBytesPerFile + LAMBDA_REPORT_LINES / messagesPerInvocation) / 1e9 * LOGS_GB;
        double requests = LAMBDA_REQUEST / messagesPerInvocation;
        double storageMonth = storedBytesPerFile / 1e9 * S3_GB_MONTH;
        out.printf(Locale.ROOT, "model: S3 latency %.0f ms x %.1f requests = %.0f ms per file; per million files: "
                        + "S3 requests $%.2f, SQS $%.2f, Lambda requests $%.2f, logs $%.2f; storage $%.2f per month kept%n",
                s3LatencyMs, sequentialRequests, latencyMs, s3 * 1e6, sqs * 1e6, requests * 1e6, logs * 1e6, storageMonth * 1e6);
        out.println("| memory | duration per file | Lambda compute per 1M files | all services per 1M files | fits (peak RSS " + peakRssMib + " MiB) |");
        out.println("|---|---|---|---|---|");
        for (int mb : MEMORY_MB) {
            double share = Math.min(mb, 1769) / 1769.0;
            double durationMs = cpuMsPerFile / share + latencyMs;
            double compute = durationMs / 1000 * mb / 1024.0 * LAMBDA_GB_S;
            double total = compute + requests + s3 + sqs + logs;
            out.printf(Locale.ROOT, "| %d MB | %.1f ms | $%.2f | $%.2f | %s |%n", mb, durationMs, compute * 1e6, total * 1e6,
                    peakRssMib < mb * 0.9 ? "yes" : "no");
        }
    }
}
