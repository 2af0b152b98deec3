package dev.zkmlc.circuit.gadget;

import java.util.Arrays;

/**
 * A function tabulated on a contiguous integer domain: x in [lo, lo + values.length) maps to
 * values[x - lo]. The lowering fills it from the fixed-point specification's own table builder,
 * so circuit and interpreter read the same numbers.
 */
public final class LookupTable {
    private final String name;
    private final long lo;
    private final long[] values;

    public LookupTable(String name, long lo, long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("lookup table '" + name + "' is empty");
        }
        Math.addExact(lo, values.length);
        this.name = name;
        this.lo = lo;
        this.values = values.clone();
    }

    public String name() {
        return name;
    }

    public long lo() {
        return lo;
    }

    public long hi() {
        return lo + values.length - 1;
    }

    public int size() {
        return values.length;
    }

    /** f(x); x must lie in the domain. */
    public long apply(long x) {
        return values[(int) (x - lo)];
    }

    public long valueAt(int index) {
        return values[index];
    }

    public Interval domain() {
        return new Interval(lo, hi());
    }

    /** The interval of every output, which bounds a lookup's result wire. */
    public Interval range() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new Interval(min, max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LookupTable t && name.equals(t.name) && lo == t.lo && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Long.hashCode(lo)) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "table " + name + " on " + domain() + " -> " + range();
    }
}
