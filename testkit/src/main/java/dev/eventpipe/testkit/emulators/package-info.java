/**
 * The embedded AWS emulators that integration tests ({@code *IT}, run by failsafe) use: S3Mock for S3 and
 * ElasticMQ for SQS, both in this JVM on 127.0.0.1 with ports the OS picks.
 *
 * <p>{@link dev.eventpipe.testkit.emulators.Emulators} starts and stops them and hands out SDK clients and
 * per-test bucket and queue names; {@link dev.eventpipe.testkit.emulators.EmulatorsExtension} shares one
 * instance across every test class of the JVM and stops it when the test plan ends. Neither emulator is
 * AWS: S3Mock sends no bucket notifications, and ElasticMQ keeps messages in memory only.
 */
package dev.eventpipe.testkit.emulators;
