package dev.zkmlc.circuit.gadget;

/**
 * A closed integer interval [lo, hi] that every honest and every accepted value of a wire lies in.
 * The bounds are proved by the circuit (inputs and quotients are range-checked, tables bound their
 * outputs), so gadgets may size their own range checks from them. Arithmetic is exact: a bound
 * that does not fit 64 bits is refused, since values in the field must never wrap.
 */
public record Interval(long lo, long hi) {
    public Interval {
        if (lo > hi) {
            throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
        }
    }

    public static Interval point(long v) {
        return new Interval(v, v);
    }

    /** The signed range of b bits: [-2^(b-1), 2^(b-1) - 1]. */
    public static Interval signedBits(int bits) {
        if (bits < 1 || bits > 63) {
            throw new IllegalArgumentException("signed bit width must be in [1, 63]: " + bits);
        }
        return new Interval(-(1L << (bits - 1)), (1L << (bits - 1)) - 1);
    }

    public boolean contains(long v) {
        return v >= lo && v <= hi;
    }

    public Interval add(Interval o) {
        return new Interval(Math.addExact(lo, o.lo), Math.addExact(hi, o.hi));
    }

    public Interval scale(long c) {
        long a = Math.multiplyExact(lo, c);
        long b = Math.multiplyExact(hi, c);
        return new Interval(Math.min(a, b), Math.max(a, b));
    }

    public Interval mul(Interval o) {
        long a = Math.multiplyExact(lo, o.lo);
        long b = Math.multiplyExact(lo, o.hi);
        long c = Math.multiplyExact(hi, o.lo);
        long d = Math.multiplyExact(hi, o.hi);
        return new Interval(Math.min(Math.min(a, b), Math.min(c, d)), Math.max(Math.max(a, b), Math.max(c, d)));
    }

    public Interval hull(Interval o) {
        return new Interval(Math.min(lo, o.lo), Math.max(hi, o.hi));
    }

    /** hi - lo, the width a range check of this interval must cover. */
    public long width() {
        return Math.subtractExact(hi, lo);
    }

    /** The number of bits needed to write any value in [0, w]: 0 for w = 0. */
    public static int bitsFor(long w) {
        if (w < 0) {
            throw new IllegalArgumentException("negative width " + w);
        }
        return 64 - Long.numberOfLeadingZeros(w);
    }

    @Override
    public String toString() {
        return "[" + lo + ", " + hi + "]";
    }
}
