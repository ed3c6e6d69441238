package dev.eventpipe.reporter.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.manifest.Manifest;
import dev.eventpipe.shared.rollup.Covered;
import dev.eventpipe.shared.rollup.Covering;
import dev.eventpipe.shared.rollup.RollupCover;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One roll-up: the merged figures of a set of per-file documents under one prefix of the processed bucket
 * ({@code processed-on/dt=…/} or {@code manifests/dt=…/}), and exactly which documents, each by name and
 * the ETag it had when listed. A reader uses a roll-up only while every document it covers is still listed
 * with that ETag; a document rewritten since (a replay on the same day), deleted (a replay's superseded
 * output) or read after a rewrite that raced the listing makes the roll-up stale, and its documents are
 * read one by one again. An ETag is the MD5 of a single-part object's content, so an unchanged ETag means
 * unchanged content.
 *
 * @param prefix     the per-file prefix it rolls up, e.g. {@code manifests/dt=2026-12-02/}
 * @param covered    the documents merged here (names relative to {@code prefix}), in key order
 * @param unreadable names of covered documents that could not be parsed: the report lists them, as it
 *                   would have reading them itself
 * @param receipts   a {@code processed-on/} roll-up: one entry per UTC processing hour
 * @param manifests  a {@code manifests/} roll-up: one merged manifest per event date (one, normally)
 */
record Rollup(int schemaVersion, String prefix, List<Covered> covered, List<String> unreadable,
              List<ReceiptHour> receipts, List<ManifestDate> manifests) implements Covering {

    static final int SCHEMA_VERSION = RollupCover.SCHEMA_VERSION;

    Rollup {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("unsupported roll-up schema_version " + schemaVersion);
        }
        Objects.requireNonNull(prefix, "prefix");
        covered = List.copyOf(covered);
        unreadable = List.copyOf(unreadable);
        receipts = List.copyOf(receipts);
        manifests = List.copyOf(manifests);
    }

    /**
     * The manifests of one event date, merged, and their hours.
     *
     * @param hourMasks the UTC hours with records of each merged manifest (bit h is hour h, six hex digits)
     *                  → how many manifests had exactly those hours
     */
    record ManifestDate(Manifest merged, SortedMap<String, Long> hourMasks) {
        ManifestDate {
            Objects.requireNonNull(merged, "merged");
            hourMasks = Collections.unmodifiableSortedMap(new TreeMap<>(hourMasks));
        }

        SortedMap<Integer, Long> masks() {
            TreeMap<Integer, Long> masks = new TreeMap<>();
            hourMasks.forEach((hex, n) -> masks.put(Integer.parseInt(hex, 16), n));
            return masks;
        }

        static String hex(int mask) {
            return String.format("%06x", mask);
        }
    }

    byte[] toJson() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a roll-up always serialises", e);
        }
    }

    static Rollup fromJson(byte[] json) {
        try {
            return Json.mapper().readValue(json, Rollup.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a roll-up: " + e.getMessage(), e);
        }
    }
}
