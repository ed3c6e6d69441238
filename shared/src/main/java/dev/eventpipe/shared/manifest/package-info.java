/**
 * Manifests: for each (file, UTC event date) the processor writes, beside the events, the aggregates of
 * that file's valid records on that date ({@link dev.eventpipe.shared.manifest.ManifestBuilder},
 * {@link dev.eventpipe.shared.manifest.Manifest}). The daily reporter merges a day's manifests
 * ({@link dev.eventpipe.shared.manifest.ManifestMerge}) and never re-reads a record, so a day of
 * 100,000 files costs 100,000 small documents in bounded memory. The same records in the same order
 * always give the same bytes: a retried or redriven file rewrites an identical manifest. That rules out
 * randomised sketches: KLL, and DataSketches' t-digest too, whose sort picks pivots with
 * {@code ThreadLocalRandom} (same input, a different digest on most runs when values repeat).
 *
 * <h2>Exact</h2>
 * Record counts, in total and per event type and per action ({@code ""} for records without one), each
 * split over the 24 UTC hours; first and last event time; count, sum, min and max of the amounts
 * (decimal arithmetic, never floating point); the sorted list of distinct user ids while a manifest has
 * at most 1,000 of them. The merged distinct-user count is exact when every merged manifest has its list
 * and their union stays within 100,000 ids.
 *
 * <p>A day in another time zone: its hours come from two UTC dates' manifests, so its counts are exact
 * for zones a whole number of hours from UTC. Zones at :30 or :45 (India, Nepal, Newfoundland, parts
 * of Australia) fall inside an hour bucket and cannot be split exactly. Distinct users, amounts and
 * top users exist per UTC date only.
 *
 * <h2>Approximate, with their guarantees</h2>
 * <ul>
 * <li><b>Distinct users</b>: HyperLogLog, lgK 12 (4,096 registers, HLL_4). Relative standard error
 *     1.04/√4096 ≈ 1.6% once merged (a single manifest's HIP estimate ≈ 1.3%): within ±3.3% at about
 *     95% confidence (2σ, the bounds {@code ManifestMerge} reports), ±4.9% at 99.7% (3σ, what the
 *     tests check). Below a few hundred ids the sketch keeps 26-bit hashes and is all but exact.
 * <li><b>Top users</b>: frequent items (misra-gries with purges), a 256-counter map per file and a
 *     4,096-counter map for the merge. A user's estimate lies between its lower and upper bound, which
 *     are at most {@code getMaximumError()} apart; that error is at most 3.5/256 ≈ 1.4% of the records
 *     (per file, and summed over files for the day) plus 3.5/4096 ≈ 0.09% of the day's records for the
 *     merge. Every user above it is listed by {@code getFrequentItems(NO_FALSE_NEGATIVES)}. A file with
 *     at most 192 distinct users has exact counts. In practice the error is well below the bound: with
 *     1M records of gen_events-like Zipf users, in 10,000 files of 100 the merged maximum error was
 *     0.03% of the records and the top 10 users came out exactly; in 100 files of 10,000, 0.5% and 9 of
 *     the top 10.
 * <li><b>Amount quantiles</b>: {@link dev.eventpipe.shared.manifest.QuantileSketch}, relative
 *     accuracy 0.5%: the value given for any rank is within 0.5% of the true value at that rank,
 *     however many manifests were merged (its merge adds counts, so it loses nothing and does not
 *     depend on order).
 * </ul>
 */
package dev.eventpipe.shared.manifest;
