/**
 * The embedded AWS emulators that integration tests ({@code *IT}, run by failsafe) use: the local stack's
 * S3 ({@code dev.eventpipe.local.s3.LocalS3}) and SQS (ElasticMQ, {@code dev.eventpipe.local.emulator}), both in this JVM on 127.0.0.1
 * with ports the OS picks.
 *
 * <p>{@link dev.eventpipe.testkit.emulators.Emulators} starts and stops them and hands out SDK clients and
 * per-test bucket and queue names; {@link dev.eventpipe.testkit.emulators.EmulatorsExtension} shares one
 * instance across every test class of the JVM and stops it when the test plan ends. Queues made here come
 * as {@link dev.eventpipe.local.emulator.QueuePair}.
 */
package dev.eventpipe.testkit.emulators;
