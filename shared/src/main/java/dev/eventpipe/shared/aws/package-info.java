/** The AWS SDK adapters: the one client factory and the S3 implementation of the object store port. */
package dev.eventpipe.shared.aws;
