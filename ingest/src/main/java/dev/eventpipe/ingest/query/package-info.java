/**
 * {@code eventpipe query}: SQL over the processed data on one machine. {@link LocalCache} copies a date range
 * of the processed bucket's {@code events/}, {@code rejects/}, {@code processed-on/} (the receipts) and
 * {@code curated/events/} through the {@code ObjectStore} port into a local directory, reusing what it holds
 * with the same ETag; {@link SqlEngine} opens an embedded DuckDB over that copy with views named and typed as
 * the Glue tables ({@link Table}), runs one statement and streams its rows to a {@link ResultSink}
 * ({@link ResultFormat}: an aligned table, CSV or JSON).
 *
 * <p>DuckDB is touched only here and only when a query runs: no class of this package is loaded by any other
 * command, and nothing of it reaches a Lambda package.
 */
package dev.eventpipe.ingest.query;
