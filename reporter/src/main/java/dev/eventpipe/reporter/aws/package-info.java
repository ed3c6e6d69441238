/** The reporter's AWS adapters: SNS notifier, SQS queue probe, S3 presigned links. The only SDK users here. */
package dev.eventpipe.reporter.aws;
