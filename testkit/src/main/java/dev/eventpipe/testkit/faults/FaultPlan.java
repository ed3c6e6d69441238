package dev.eventpipe.testkit.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which fault each request gets: independent draws from a seeded random at the given rates, so the same
 * seed and the same request order give the same faults. Counts what it handed out, per fault.
 *
 * <p>Thread-safe: the proxy's connections draw from one plan.
 */
public final class FaultPlan {

    private final Map<Fault, Double> rates;
    private final Duration latency;
    private final Random random;
    private final AtomicLongArray counts = new AtomicLongArray(Fault.values().length);

    /**
     * @param rates   the share of requests per fault (0..1 each, at most 1 in all); {@link Fault#NONE} is the rest
     * @param latency what {@link Fault#LATENCY} adds
     */
    public FaultPlan(Map<Fault, Double> rates, Duration latency, long seed) {
        Objects.requireNonNull(latency, "latency");
        EnumMap<Fault, Double> copy = new EnumMap<>(Fault.class);
        double sum = 0;
        for (Map.Entry<Fault, Double> e : rates.entrySet()) {
            double r = e.getValue();
            if (e.getKey() == Fault.NONE || r < 0 || r > 1 || Double.isNaN(r)) {
                throw new IllegalArgumentException("a rate must be 0..1 and not for NONE: " + e);
            }
            copy.put(e.getKey(), r);
            sum += r;
        }
        if (sum > 1 + 1e-9) {
            throw new IllegalArgumentException("the rates add up to more than 1: " + sum);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.rates = copy;
        this.latency = latency;
        this.random = new Random(seed);
    }

    /** No faults at all. */
    public static FaultPlan none() {
        return new FaultPlan(Map.of(), Duration.ZERO, 0);
    }

    /** The same share for each of the given faults, {@code total} in all. */
    public static FaultPlan spread(double total, Duration latency, long seed, Fault... faults) {
        EnumMap<Fault, Double> rates = new EnumMap<>(Fault.class);
        for (Fault f : faults) {
            rates.put(f, total / faults.length);
        }
        return new FaultPlan(rates, latency, seed);
    }

    /** The fault for the next request. */
    public Fault next() {
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        double at = 0;
        Fault chosen = Fault.NONE;
        for (Map.Entry<Fault, Double> e : rates.entrySet()) {
            at += e.getValue();
            if (roll < at) {
                chosen = e.getKey();
                break;
            }
        }
        counts.incrementAndGet(chosen.ordinal());
        return chosen;
    }

    public Duration latency() {
        return latency;
    }

    /** How many requests got {@code fault} so far. */
    public long count(Fault fault) {
        return counts.get(fault.ordinal());
    }

    /** Requests seen so far. */
    public long requests() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** Requests that got a fault other than {@link Fault#NONE} and {@link Fault#LATENCY}. */
    public long failed() {
        return requests() - count(Fault.NONE) - count(Fault.LATENCY);
    }

    /** Counts per fault, for a report. */
    public Map<Fault, Long> counts() {
        EnumMap<Fault, Long> out = new EnumMap<>(Fault.class);
        for (Fault f : Fault.values()) {
            out.put(f, count(f));
        }
        return out;
    }
}
