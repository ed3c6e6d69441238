/**
 * The object store port ({@link dev.eventpipe.shared.store.ObjectStore}) and its value types. The S3
 * implementation lives in {@code dev.eventpipe.shared.aws}; an in-memory one in the testkit.
 */
package dev.eventpipe.shared.store;
