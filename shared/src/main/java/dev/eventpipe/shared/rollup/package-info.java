/**
 * What every reader of the processed bucket's roll-ups shares: which per-file documents a roll-up covers
 * ({@link dev.eventpipe.shared.rollup.Covered}), and which roll-ups of a prefix can stand in for their
 * documents now ({@link dev.eventpipe.shared.rollup.Coverage}). The reporter writes roll-ups and reads their
 * figures; the audit reads only what they cover.
 */
package dev.eventpipe.shared.rollup;
