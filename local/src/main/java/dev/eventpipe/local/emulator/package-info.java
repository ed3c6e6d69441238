/**
 * AWS on one machine, for the local stack and for integration tests: S3 ({@link
 * dev.eventpipe.local.emulator.LocalS3}, S3Mock in this JVM, persistent) that reports every object written
 * ({@link dev.eventpipe.local.emulator.ObjectCreatedListener}), the bridge that turns those reports into
 * the S3 event notifications S3 itself would put on a queue ({@link
 * dev.eventpipe.local.emulator.S3NotificationPublisher}, JSON from {@link
 * dev.eventpipe.shared.notification.S3EventMessages}), and SQS ({@link dev.eventpipe.local.emulator.LocalSqs},
 * ElasticMQ in this JVM, in memory or kept in H2 under a data directory).
 *
 * <p>Both listen on 127.0.0.1 only. Neither is AWS: see the module README for what differs.
 */
package dev.eventpipe.local.emulator;
