package dev.zkmlc.ir.fixed;

/**
 * The primitive rules of zkmlc's fixed-point arithmetic. An integer q at scale s stands for
 * q / 2^s. The exact interpreter and every witness generator call these functions, so that the
 * circuit computes exactly what the specification says (see {@code docs/semantics.md}).
 */
public final class FixedPointMath {
    /** Quantized magnitudes must stay below this (2^52), where doubles still hold every integer and half. */
    public static final double QUANTIZE_LIMIT = 0x1p52;
    /** The largest rescale shift: 2^62 is the largest power of two a long holds with its sign. */
    public static final int MAX_SHIFT = 62;

    private FixedPointMath() {}

    /**
     * floor((2v + c) / (2c)) for c > 0: v / c rounded to nearest, halves up (toward +infinity).
     * A circuit proves it with 2v + c = q * 2c + rem, 0 <= rem < 2c. Never overflows.
     */
    public static long divRound(long v, long c) {
        if (c <= 0) {
            throw new IllegalArgumentException("divRound divisor must be positive, got " + c);
        }
        long q = Math.floorDiv(v, c);
        long r = Math.floorMod(v, c);
        // floor(v/c + 1/2) = q + [r/c >= 1/2]; r >= c - r avoids computing 2r.
        return r >= c - r ? q + 1 : q;
    }

    /**
     * Divides by 2^d rounding half up, i.e. divRound(v, 2^d) = floor((v + 2^(d-1)) / 2^d); d = 0 is
     * the identity; a negative d scales up: the exact product v * 2^-d (overflow-checked).
     */
    public static long rescale(long v, int d) {
        if (d == 0) {
            return v;
        }
        if (d < 0) {
            if (-d > MAX_SHIFT) {
                throw new ArithmeticException("scale-up by 2^" + -d + " overflows");
            }
            return Math.multiplyExact(v, 1L << -d);
        }
        if (d > MAX_SHIFT) {
            throw new IllegalArgumentException("rescale shift " + d + " exceeds " + MAX_SHIFT);
        }
        // Arithmetic shift is floor division by 2^d; the bit below the cut is the rounding carry.
        return (v >> d) + ((v >> (d - 1)) & 1L);
    }

    /** Brings q from scale {@code from} to scale {@code to}: exact when scaling up, rescale down. */
    public static long align(long q, int from, int to) {
        return rescale(q, from - to);
    }

    /**
     * floor(x * 2^s + 1/2): round half up, evaluated exactly (not as a rounded double addition).
     * Requires a finite x with |x * 2^s| < 2^52.
     */
    public static long quantize(double x, int s) {
        double t = StrictMath.scalb(x, s);
        if (!(StrictMath.abs(t) < QUANTIZE_LIMIT)) {
            throw new FixedPointException("cannot quantize " + x + " at scale " + s + ": |x * 2^" + s
                    + "| must be finite and below 2^52");
        }
        return roundHalfUp(t);
    }

    /** The real number q / 2^s (exact for |q| < 2^53). */
    public static double dequantize(long q, int s) {
        return StrictMath.scalb((double) q, -s);
    }

    /** floor(t + 1/2) for a finite double t, exactly; t must lie within the long range. */
    static long roundHalfUp(double t) {
        double f = StrictMath.floor(t);
        // t - floor(t) is exact for every double, so the comparison sees the true fraction.
        return (long) f + (t - f >= 0.5 ? 1 : 0);
    }

    /** The smallest value of a signed b-bit integer, -2^(b-1). */
    public static long minSigned(int bits) {
        return -(1L << (bits - 1));
    }

    /** The largest value of a signed b-bit integer, 2^(b-1) - 1. */
    public static long maxSigned(int bits) {
        return (1L << (bits - 1)) - 1;
    }
}
