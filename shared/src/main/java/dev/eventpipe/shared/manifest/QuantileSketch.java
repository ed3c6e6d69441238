package dev.eventpipe.shared.manifest;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Quantiles with a relative-error guarantee, after DDSketch (Masson, Rim, Lee, VLDB 2019,
 * <a href="https://arxiv.org/abs/1908.10693">arXiv:1908.10693</a>): each value is counted in a bucket of
 * its magnitude, {@value #BUCKETS_PER_OCTAVE} buckets per power of two, so the value returned for any
 * rank is within {@code α} = {@value #RELATIVE_ACCURACY} (relative) of the true value at that rank,
 * however many sketches were merged.
 *
 * <p>Why not DataSketches' {@code TDigestDouble}: its sort picks pivots with {@code ThreadLocalRandom},
 * so equal values of different weights (routine for two-decimal amounts) compress differently from run
 * to run and the same file gives different bytes. Here buckets only count, so the bytes depend on the
 * multiset of values alone and merging is exact: any order of manifests gives the same day.
 *
 * <p>Bucket boundaries interpolate log2 linearly within each power of two (DDSketch's "linearly
 * interpolated mapping"): the index comes from the double's exponent and mantissa bits with one
 * multiplication, no logarithm: ~1.4 ns against ~11 for {@code StrictMath.log} (measured here), and
 * unlike {@code Math.log}, whose last bit may differ between CPUs, plain IEEE arithmetic, identical on
 * every JVM (x86 and Graviton Lambdas alike). The price is 100 buckets per power of two instead of 69.
 * Memory grows with the range of magnitudes, not the count: amounts from 0.01 to 10,000 span 20 powers
 * of two, at most 2,000 buckets per sign.
 */
public final class QuantileSketch {

    /**
     * A bucket spans at most a ratio of 1 + 1/m (m buckets per power of two, the widest where the
     * mantissa is smallest); its harmonic-mean representative is then within 1/(2m+1) of any value in
     * it: 1/201 ≈ 0.4975% for m = 100.
     */
    static final int BUCKETS_PER_OCTAVE = 100;
    static final double RELATIVE_ACCURACY = 0.005;
    private static final byte FORMAT = 1; // the format fixes the mapping: another mapping is another format
    private static final int MAX_INDEX = 1025 * BUCKETS_PER_OCTAVE; // beyond any finite double's bucket

    private final Buckets positive = new Buckets();
    private final Buckets negative = new Buckets(); // by magnitude
    private long zeros;
    private long count;

    QuantileSketch() {
    }

    void add(double value) {
        if (value > 0) {
            positive.add(index(value), 1);
        } else if (value < 0) {
            negative.add(index(-value), 1);
        } else if (value == 0) {
            zeros++;
        } else {
            throw new IllegalArgumentException("not a number: " + value);
        }
        count++;
    }

    /** Adds another sketch's counts to this one. */
    public void merge(QuantileSketch other) {
        positive.addAll(other.positive);
        negative.addAll(other.negative);
        zeros += other.zeros;
        count += other.count;
    }

    public long count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /**
     * The value at {@code rank} (0 = smallest, 1 = largest): within {@value #RELATIVE_ACCURACY} of the
     * value at position {@code floor(rank × (count − 1))} of the sorted values.
     */
    public double quantile(double rank) {
        if (!(rank >= 0 && rank <= 1)) {
            throw new IllegalArgumentException("rank must be in [0, 1]: " + rank);
        }
        if (count == 0) {
            throw new IllegalStateException("no values");
        }
        long position = (long) Math.floor(rank * (count - 1));
        long seen = 0;
        for (int i = negative.counts.length - 1; i >= 0; i--) { // most negative first
            seen += negative.counts[i];
            if (seen > position) {
                return -value(negative.offset + i);
            }
        }
        seen += zeros;
        if (seen > position) {
            return 0;
        }
        for (int i = 0; ; i++) {
            seen += positive.counts[i];
            if (seen > position) {
                return value(positive.offset + i);
            }
        }
    }

    /**
     * The bucket of a positive magnitude {@code 2^e × (1+s)}: {@code e·m + ceil(s·m)}, so bucket {@code i}
     * holds the values whose interpolated log2, {@code e + s}, lies in {@code ((i-1)/m, i/m]}. Subnormal
     * magnitudes (below 2^-1022; no amount is) share the bucket of the smallest normal one.
     */
    private static int index(double magnitude) {
        if (magnitude == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("not a finite number");
        }
        double normal = Math.max(magnitude, Double.MIN_NORMAL);
        int exponent = Math.getExponent(normal);
        double fraction = (Double.doubleToRawLongBits(normal) & 0x000F_FFFF_FFFF_FFFFL) * 0x1.0p-52; // s, exact
        return exponent * BUCKETS_PER_OCTAVE + (int) Math.ceil(fraction * BUCKETS_PER_OCTAVE);
    }

    // The harmonic mean of the bucket's bounds: the point whose relative distance to either bound is equal.
    private static double value(int index) {
        double low = lowerBound(index);
        double high = lowerBound(index + 1);
        return 2 * low * high / (low + high);
    }

    // The interpolated log2 of the bound is index/m: split into exponent and fraction and invert e + s.
    private static double lowerBound(int index) {
        int boundary = index - 1;
        int exponent = Math.floorDiv(boundary, BUCKETS_PER_OCTAVE);
        double fraction = (double) (boundary - exponent * BUCKETS_PER_OCTAVE) / BUCKETS_PER_OCTAVE;
        return Math.scalb(1 + fraction, exponent);
    }

    /**
     * Format 1: the format byte, then unsigned varints: zeros; for negatives then positives, the number
     * of non-empty buckets and per bucket, ascending, the index step from the previous (zigzag) and the
     * count.
     */
    byte[] toBytes() {
        // At most 10 bytes per varint: the format byte, zeros, two bucket counts, two varints per bucket.
        ByteBuffer out = ByteBuffer.allocate(1 + 10 * (3 + 2 * (negative.nonEmpty() + positive.nonEmpty())));
        out.put(FORMAT);
        writeVarint(out, zeros);
        negative.writeTo(out);
        positive.writeTo(out);
        return Arrays.copyOf(out.array(), out.position());
    }

    static QuantileSketch fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            if (in.get() != FORMAT) {
                throw new IllegalArgumentException("unknown quantile sketch format " + bytes[0]);
            }
            QuantileSketch sketch = new QuantileSketch();
            sketch.zeros = readVarint(in);
            sketch.negative.readFrom(in);
            sketch.positive.readFrom(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after the quantile sketch");
            }
            sketch.count = sketch.zeros + sketch.negative.total() + sketch.positive.total();
            return sketch;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated quantile sketch", e);
        }
    }

    /** Counts per bucket index, dense from {@code offset}: an add is one array increment. */
    private static final class Buckets {
        long[] counts = new long[0];
        int offset;

        void add(int index, long n) {
            if (counts.length == 0) {
                counts = new long[64];
                offset = index - 32;
            } else if (index < offset || index >= offset + counts.length) {
                int low = Math.min(offset, index);
                int high = Math.max(offset + counts.length, index + 1);
                // Grow by half again at least, so a slow drift of magnitudes costs few copies.
                int length = Math.max(high - low, counts.length + counts.length / 2);
                low = index < offset ? high - length : low;
                long[] grown = new long[length];
                System.arraycopy(counts, 0, grown, offset - low, counts.length);
                counts = grown;
                offset = low;
            }
            counts[index - offset] += n;
        }

        void addAll(Buckets other) {
            for (int i = 0; i < other.counts.length; i++) {
                if (other.counts[i] != 0) {
                    add(other.offset + i, other.counts[i]);
                }
            }
        }

        long total() {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            return total;
        }

        int nonEmpty() {
            int n = 0;
            for (long c : counts) {
                n += c == 0 ? 0 : 1;
            }
            return n;
        }

        void writeTo(ByteBuffer out) {
            writeVarint(out, nonEmpty());
            long previous = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    long index = offset + i;
                    writeVarint(out, zigzag(index - previous));
                    writeVarint(out, counts[i]);
                    previous = index;
                }
            }
        }

        void readFrom(ByteBuffer in) {
            long buckets = readVarint(in);
            long index = 0;
            for (long b = 0; b < buckets; b++) {
                long step = unzigzag(readVarint(in));
                long n = readVarint(in);
                if ((b > 0 && step <= 0) || n <= 0 || Math.abs(index + step) > MAX_INDEX) {
                    throw new IllegalArgumentException("malformed quantile sketch bucket " + b);
                }
                index += step;
                add((int) index, n);
            }
        }
    }

    private static void writeVarint(ByteBuffer out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.put((byte) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits");
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
