package dev.zkmlc.ir.fixed;

import dev.zkmlc.ir.op.UnaryOp;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * A nonlinearity as a table: row q (lo <= q <= hi) holds
 * {@code clamp(floor(f(q / 2^si) * 2^so + 1/2))}, clamped to the signed {@code bits}-bit range
 * [-2^(bits-1), 2^(bits-1) - 1]; an infinite f value takes the bound of its sign and NaN gives 0.
 * f must be built from {@link StrictMath} so that every JVM gets the same table.
 */
public final class LookupTable {
    /** 1 / sqrt(x), the table layer norm reads its inverse standard deviation from. */
    public static final DoubleUnaryOperator RSQRT = x -> 1.0 / StrictMath.sqrt(x);
    /** 1 / x, the table a division by a computed value reads its divisor through. */
    public static final DoubleUnaryOperator RECIPROCAL = x -> 1.0 / x;
    /** e^x, the table softmax reads. */
    public static final DoubleUnaryOperator EXP = StrictMath::exp;

    private final long lo;
    private final int inScale;
    private final int outScale;
    private final int bits;
    private final long[] values;

    private LookupTable(long lo, int inScale, int outScale, int bits, long[] values) {
        this.lo = lo;
        this.inScale = inScale;
        this.outScale = outScale;
        this.bits = bits;
        this.values = values;
    }

    /** The table of a unary op over [lo, hi]. */
    public static LookupTable build(UnaryOp f, long lo, long hi, int si, int so, int bits) {
        return build((DoubleUnaryOperator) f::apply, lo, hi, si, so, bits);
    }

    /** The table of f over [lo, hi] (at most 2^26 rows). */
    public static LookupTable build(DoubleUnaryOperator f, long lo, long hi, int si, int so, int bits) {
        long size = hi - lo + 1;
        if (size < 1 || size > (1L << 26)) {
            throw new FixedPointException("lookup table over [" + lo + ", " + hi + "] has " + size
                    + " rows; the limit is 2^26");
        }
        long[] values = new long[(int) size];
        for (int i = 0; i < values.length; i++) {
            values[i] = entry(f, lo + i, si, so, bits);
        }
        return new LookupTable(lo, si, so, bits, values);
    }

    /** One row of the table of f: the definition every table and witness generator uses. */
    public static long entry(DoubleUnaryOperator f, long q, int si, int so, int bits) {
        if (bits < 2 || bits > 63) {
            throw new IllegalArgumentException("bit bound must be in 2..63, got " + bits);
        }
        double y = f.applyAsDouble(FixedPointMath.dequantize(q, si));
        if (Double.isNaN(y)) {
            return 0;
        }
        double t = StrictMath.scalb(y, so);
        long min = FixedPointMath.minSigned(bits);
        long max = FixedPointMath.maxSigned(bits);
        // Saturate in double first: t may be infinite or beyond the long range.
        if (t >= 0x1p62) {
            return max;
        }
        if (t <= -0x1p62) {
            return min;
        }
        return Math.max(min, Math.min(max, FixedPointMath.roundHalfUp(t)));
    }

    /** One row of the table of a unary op. */
    public static long entry(UnaryOp f, long q, int si, int so, int bits) {
        return entry((DoubleUnaryOperator) f::apply, q, si, so, bits);
    }

    public long lo() {
        return lo;
    }

    public long hi() {
        return lo + values.length - 1;
    }

    public int inScale() {
        return inScale;
    }

    public int outScale() {
        return outScale;
    }

    public int bits() {
        return bits;
    }

    public int size() {
        return values.length;
    }

    public boolean contains(long q) {
        return q >= lo && q <= hi();
    }

    /** The row for input q, which must lie in [lo, hi]. */
    public long lookup(long q) {
        if (!contains(q)) {
            throw new IndexOutOfBoundsException("input " + q + " outside table [" + lo + ", " + hi() + "]");
        }
        return values[(int) (q - lo)];
    }

    /** All rows in order lo..hi (a copy). */
    public long[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LookupTable t && lo == t.lo && inScale == t.inScale && outScale == t.outScale
                && bits == t.bits && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Long.hashCode(lo);
    }
}
