/** S3 event notifications as SQS delivers them: parsing, key decoding, the test event. */
package dev.eventpipe.shared.notification;
