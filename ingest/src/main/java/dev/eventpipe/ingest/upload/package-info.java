/**
 * Bulk upload with the S3 Transfer Manager: files and directories with include/exclude globs, bounded
 * concurrency, multipart for large files, CRC32 checksums S3 verifies, and a skip of what is already
 * there unchanged (size + checksum), so an interrupted upload resumes by running the same command again.
 */
package dev.eventpipe.ingest.upload;
