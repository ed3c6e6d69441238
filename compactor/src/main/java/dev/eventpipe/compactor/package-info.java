/**
 * The compactor: rewrites each closed day's {@code events/dt=D/*.jsonl.gz} into a few Parquet files of
 * bounded size under {@code curated/events/dt=D/}, with a manifest of the inputs (keys and ETags) they
 * cover, so a late or replaced input file triggers a re-compaction of its day only. The handler adapts;
 * {@link dev.eventpipe.compactor.CompactorApp} is the composition root; the domain sees only the
 * {@link dev.eventpipe.shared.store.ObjectStore} port.
 */
package dev.eventpipe.compactor;
