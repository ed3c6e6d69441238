/**
 * The S3Proxy storage adapter over {@link dev.eventpipe.local.s3.ObjectEngine}.
 *
 * <p><b>Why the package is named {@code awssdk}.</b> S3Proxy 4.1 decides how much of a request it
 * settles itself by the package of the store's class ({@code S3ProxyHandler.getBlobStoreType}): a store
 * whose package contains {@code .awssdk.} is treated as S3 itself, so conditional writes
 * ({@code If-None-Match}, {@code If-Match}), conditional completes and deletes, and asserted checksums are
 * handed to the store instead of being emulated by a check-then-write in front of it. That is exactly
 * what this store does natively and atomically, so this package carries the name; any other name would
 * make S3Proxy refuse conditional writes or race them.
 */
package dev.eventpipe.local.s3.awssdk;
