package dev.eventpipe.shared.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.eventpipe.shared.json.Json;
import dev.eventpipe.shared.layout.FileId;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The aggregates of one file's valid records on one UTC date, written to {@code Layout.manifestKey}: what
 * the daily reporter merges instead of re-reading records. The JSON field names (snake_case) are a
 * contract with the reporter; the package documentation says which figures are exact.
 *
 * @param schemaVersion version of this document's shape, {@value #SCHEMA_VERSION}
 * @param fileId        the file the records came from, see {@link FileId}
 * @param date          the UTC date every record here falls on
 * @param records       how many valid records
 * @param firstEventAt  the earliest record's timestamp
 * @param lastEventAt   the latest record's timestamp
 * @param byHour        records per UTC hour, 24 entries
 * @param byEventType   records and their hours, per event type
 * @param byAction      records and their hours, per action; records without one count under
 *                      {@value ManifestBuilder#NO_ACTION}
 * @param amount        exact figures over the records that carry an amount; absent when none does
 * @param usersExact    every distinct user id, sorted, while there are at most
 *                      {@value ManifestBuilder#EXACT_USERS_LIMIT}; absent above that
 * @param sketches      the approximate figures, as serialised sketches
 */
public record Manifest(int schemaVersion, String fileId, LocalDate date, long records, Instant firstEventAt,
                       Instant lastEventAt, List<Long> byHour, Map<String, Counts> byEventType,
                       Map<String, Counts> byAction, Optional<Amount> amount, Optional<List<String>> usersExact,
                       Sketches sketches) {

    public static final int SCHEMA_VERSION = 1;

    public Manifest {
        if (schemaVersion != SCHEMA_VERSION) {
            // Fail loudly rather than misread a shape this code does not know.
            throw new IllegalArgumentException("unsupported manifest schema_version " + schemaVersion);
        }
        new FileId(fileId); // throws unless 32 lower-case hex digits
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(firstEventAt, "firstEventAt");
        Objects.requireNonNull(lastEventAt, "lastEventAt");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(usersExact, "usersExact");
        Objects.requireNonNull(sketches, "sketches");
        byHour = Counts.hours(byHour);
        byEventType = Map.copyOf(byEventType);
        byAction = Map.copyOf(byAction);
        usersExact = usersExact.map(List::copyOf);

        if (records < 1) {
            throw new IllegalArgumentException("a manifest is written only for a date with records: " + records);
        }
        if (!onDate(firstEventAt, date) || !onDate(lastEventAt, date) || firstEventAt.isAfter(lastEventAt)) {
            throw new IllegalArgumentException("first/last event " + firstEventAt + "/" + lastEventAt
                    + " not in order on " + date);
        }
        requireTotal("by_hour", Counts.sum(byHour), records);
        requireTotal("by_event_type", total(byEventType), records);
        requireTotal("by_action", total(byAction), records);
        if (amount.isPresent() && amount.get().count() > records) {
            throw new IllegalArgumentException("more amounts (" + amount.get().count() + ") than records ("
                    + records + ")");
        }
        usersExact.ifPresent(Manifest::requireSortedDistinct);
    }

    /** The document as the reporter reads it back. */
    public static Manifest fromJson(byte[] json) {
        try {
            return Json.mapper().readValue(json, Manifest.class);
        } catch (IOException e) {
            throw new InvalidManifestException("not a readable manifest: " + e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated manifest always serialises", e);
        }
    }

    /** Distinct users, approximate; a fresh copy on each call, so the caller may merge into it. */
    public HllSketch users() {
        return heapify("users", sketches.users(), HllSketch::heapify);
    }

    /** The most frequent users by record count, approximate; a fresh copy on each call. */
    public ItemsSketch<String> topUsers() {
        return heapify("top_users", sketches.topUsers(),
                bytes -> ItemsSketch.getInstance(Memory.wrap(bytes), ManifestBuilder.STRINGS));
    }

    /** Quantiles of the amounts; empty when no record carries one. A fresh copy on each call. */
    public QuantileSketch amountQuantiles() {
        return heapify("amount_quantiles", sketches.amountQuantiles(), QuantileSketch::fromBytes);
    }

    private <T> T heapify(String name, String base64, Function<byte[], T> reader) {
        try {
            return reader.apply(Base64.getDecoder().decode(base64));
        } catch (RuntimeException e) { // bad base64, a malformed sketch, DataSketches' SketchesArgumentException
            throw new InvalidManifestException("sketch " + name + " of manifest " + fileId + "/" + date
                    + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static boolean onDate(Instant at, LocalDate date) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).equals(date);
    }

    private static long total(Map<String, Counts> counts) {
        long total = 0;
        for (Counts c : counts.values()) {
            total += c.records();
        }
        return total;
    }

    private static void requireTotal(String what, long total, long records) {
        if (total != records) {
            throw new IllegalArgumentException(what + " adds up to " + total + ", not the " + records + " records");
        }
    }

    // Sorted and distinct makes the list canonical: the same users always give the same bytes.
    private static void requireSortedDistinct(List<String> users) {
        for (int i = 1; i < users.size(); i++) {
            if (users.get(i - 1).compareTo(users.get(i)) >= 0) {
                throw new IllegalArgumentException("users_exact is not sorted and distinct at index " + i);
            }
        }
    }

    /**
     * Records of one kind and how they spread over the 24 UTC hours: the hours let the reporter build a
     * day in a zone whose offset is a whole number of hours from two UTC dates' manifests.
     */
    public record Counts(long records, List<Long> byHour) {
        public Counts {
            byHour = hours(byHour);
            requireTotal("by_hour", sum(byHour), records);
        }

        static Counts of(long[] byHour) {
            List<Long> hours = boxed(byHour);
            return new Counts(sum(hours), hours);
        }

        static List<Long> boxed(long[] byHour) {
            Long[] hours = new Long[byHour.length];
            for (int h = 0; h < byHour.length; h++) {
                hours[h] = byHour[h];
            }
            return List.of(hours);
        }

        static List<Long> hours(List<Long> byHour) {
            List<Long> hours = List.copyOf(byHour);
            if (hours.size() != 24) {
                throw new IllegalArgumentException("by_hour needs 24 counts: " + hours);
            }
            for (long n : hours) {
                if (n < 0) {
                    throw new IllegalArgumentException("by_hour counts cannot be negative: " + hours);
                }
            }
            return hours;
        }

        static long sum(List<Long> byHour) {
            long sum = 0;
            for (long n : byHour) {
                sum += n;
            }
            return sum;
        }
    }

    /**
     * Exact figures over the amounts. Values are canonical (no trailing zeros, never an exponent, written
     * as JSON strings) so equal amounts always give equal bytes and no JSON reader rounds them to a
     * double; presenting them with two places is the reporter's business.
     */
    public record Amount(long count,
                         @JsonSerialize(using = PlainDecimal.class) BigDecimal sum,
                         @JsonSerialize(using = PlainDecimal.class) BigDecimal min,
                         @JsonSerialize(using = PlainDecimal.class) BigDecimal max) {
        public Amount {
            if (count < 1) {
                throw new IllegalArgumentException("an amount summary covers at least one amount: " + count);
            }
            sum = canonical(Objects.requireNonNull(sum, "sum"));
            min = canonical(Objects.requireNonNull(min, "min"));
            max = canonical(Objects.requireNonNull(max, "max"));
            if (min.compareTo(max) > 0) {
                throw new IllegalArgumentException("amount min " + min + " > max " + max);
            }
        }

        static BigDecimal canonical(BigDecimal v) {
            BigDecimal stripped = v.stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
    }

    /**
     * Sketches in their binary formats, base64 (RFC 4648, padded).
     *
     * @param users           DataSketches {@code HllSketch}, lgK {@value ManifestBuilder#HLL_LG_K}, HLL_4,
     *                        compact form
     * @param topUsers        DataSketches {@code frequencies.ItemsSketch<String>}, strings by
     *                        {@code ArrayOfStringsSerDe}
     * @param amountQuantiles {@link QuantileSketch}; empty (zero counts) when no amounts
     */
    public record Sketches(String users, String topUsers, String amountQuantiles) {
        public Sketches {
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(topUsers, "topUsers");
            Objects.requireNonNull(amountQuantiles, "amountQuantiles");
        }
    }

    /** {@link BigDecimal#toPlainString()} as a JSON string: Jackson's own forms may use an exponent. */
    static final class PlainDecimal extends StdSerializer<BigDecimal> {
        private static final long serialVersionUID = 1L;

        PlainDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toPlainString());
        }
    }
}
