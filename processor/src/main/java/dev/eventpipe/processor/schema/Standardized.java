package dev.eventpipe.processor.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * One row after validation: a reusable holder, overwritten by every {@link RecordValidator#validate}
 * call so the per-row path allocates only the strings it must.
 */
public final class Standardized {

    /** Canonical text per schema field, in schema order; null when absent. */
    final String[] values;
    /**
     * Names and values of input columns that are not schema fields, in input order; a null value is an
     * empty or absent one (kept so a repeated name is still found), which the output omits.
     */
    String[] extraNames = new String[8];
    String[] extraValues = new String[8];
    int extraCount;
    /** The partition timestamp, valid when {@link #isValid()}. */
    long epochSecond;
    int nano;
    final List<Problem> problems = new ArrayList<>();

    Standardized(int fieldCount) {
        this.values = new String[fieldCount];
    }

    void reset() {
        java.util.Arrays.fill(values, null);
        extraCount = 0;
        problems.clear();
    }

    void addExtra(String name, String value) {
        if (extraCount == extraNames.length) {
            extraNames = java.util.Arrays.copyOf(extraNames, extraCount * 2);
            extraValues = java.util.Arrays.copyOf(extraValues, extraCount * 2);
        }
        extraNames[extraCount] = name;
        extraValues[extraCount] = value;
        extraCount++;
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    public String value(int field) {
        return values[field];
    }

    public int extraCount() {
        return extraCount;
    }

    public String extraName(int i) {
        return extraNames[i];
    }

    public String extraValue(int i) {
        return extraValues[i];
    }

    public long epochSecond() {
        return epochSecond;
    }

    public int nano() {
        return nano;
    }

    /** Days since 1970-01-01 of the partition timestamp, in UTC. */
    public long epochDay() {
        return Math.floorDiv(epochSecond, 86_400L);
    }

    public List<Problem> problems() {
        return problems;
    }
}
