/**
 * S3 on one machine: {@link dev.eventpipe.local.s3.ObjectEngine}, a persistent object store with S3's
 * semantics (an SQLite index, content files, versioning, checksums, atomic conditional writes, multipart
 * uploads), {@link dev.eventpipe.local.s3.LocalS3}, which serves it over S3's wire protocol, and the
 * {@link dev.eventpipe.local.s3.ObjectCreatedListener} told about every object created.
 */
package dev.eventpipe.local.s3;
