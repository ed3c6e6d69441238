/**
 * Fault injection for reliability tests: {@link FaultProxy}, an HTTP proxy put in front of an S3 or SQS
 * endpoint (an emulator's), that fails a configurable share of requests the ways AWS does — 500
 * InternalError, 503 SlowDown, SQS throttling, a connection reset in the middle of a response, a
 * truncated body, added latency — drawn from a seeded {@link FaultPlan}, so a failing run can be run again.
 */
package dev.eventpipe.testkit.faults;
