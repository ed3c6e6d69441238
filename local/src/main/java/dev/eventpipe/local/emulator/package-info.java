/**
 * AWS on one machine, for the local stack and for integration tests: the bridge that turns the local S3's
 * reports of objects created ({@link dev.eventpipe.local.s3.ObjectCreatedListener}) into the S3 event
 * notifications S3 itself would put on a queue ({@link dev.eventpipe.local.emulator.S3NotificationPublisher},
 * JSON from {@link dev.eventpipe.shared.notification.S3EventMessages}), and SQS
 * ({@link dev.eventpipe.local.emulator.LocalSqs}, ElasticMQ in this JVM). S3 itself is in
 * {@link dev.eventpipe.local.s3}.
 *
 * <p>Both listen on 127.0.0.1 only. Neither is AWS: see the module README for what differs.
 */
package dev.eventpipe.local.emulator;
