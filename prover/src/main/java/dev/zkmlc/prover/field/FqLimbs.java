package dev.zkmlc.prover.field;

/**
 * Allocation-free F_p kernels over {@code long[]} arrays of Montgomery-form elements, for the MSM's inner loops,
 * where {@link Fq}'s one object per operation costs more than the arithmetic.
 *
 * <p>Layout (as the circuit's {@code FrLimbs} for F_r): element {@code i} of an array occupies limbs
 * {@code [4i, 4i+4)}, little-endian, in Montgomery form and fully reduced, the same limbs an {@link Fq} holds.
 * Index arguments are element indices, not limb offsets. Outputs may alias inputs.
 *
 * <p>Products, squares and inverses go to the field's Montgomery kernel ({@code Fq.KERNEL}), which writes its
 * result into an array: the same code as {@link Fq#mul}, without the object.
 */
public final class FqLimbs {
    private static final long P0 = Fq.P0, P1 = Fq.P1, P2 = Fq.P2, P3 = Fq.P3;

    private FqLimbs() {
    }

    /** A zeroed array for n elements. */
    public static long[] newArray(int n) {
        return new long[Math.multiplyExact(n, 4)];
    }

    public static void set(long[] out, int io, Fq x) {
        int o = 4 * io;
        out[o] = x.l0;
        out[o + 1] = x.l1;
        out[o + 2] = x.l2;
        out[o + 3] = x.l3;
    }

    /** Element ia as an {@link Fq}; null if its limbs are not below p. */
    public static Fq get(long[] a, int ia) {
        int o = 4 * ia;
        return Fq.fromMontgomeryLimbs(a[o], a[o + 1], a[o + 2], a[o + 3]);
    }

    public static void copy(long[] a, int ia, long[] out, int io) {
        System.arraycopy(a, 4 * ia, out, 4 * io, 4);
    }

    public static boolean isZero(long[] a, int ia) {
        int o = 4 * ia;
        return (a[o] | a[o + 1] | a[o + 2] | a[o + 3]) == 0;
    }

    public static boolean equal(long[] a, int ia, long[] b, int ib) {
        int x = 4 * ia, y = 4 * ib;
        return a[x] == b[y] && a[x + 1] == b[y + 1] && a[x + 2] == b[y + 2] && a[x + 3] == b[y + 3];
    }

    /** out[io] = a[ia] + b[ib]. */
    public static void add(long[] a, int ia, long[] b, int ib, long[] out, int io) {
        int x = 4 * ia, y = 4 * ib;
        long a0 = a[x], a1 = a[x + 1], a2 = a[x + 2], a3 = a[x + 3];
        long b0 = b[y], b1 = b[y + 1], b2 = b[y + 2], b3 = b[y + 3];
        long s0 = a0 + b0;
        long c = carry(a0, b0, s0);
        long s1 = a1 + b1 + c;
        c = carry(a1, b1, s1);
        long s2 = a2 + b2 + c;
        c = carry(a2, b2, s2);
        // p < 2^254, so the sum of two reduced values fits four limbs.
        reduceOnceInto(s0, s1, s2, a3 + b3 + c, out, 4 * io);
    }

    /** out[io] = 2·a[ia]. */
    public static void dbl(long[] a, int ia, long[] out, int io) {
        int x = 4 * ia;
        long a0 = a[x], a1 = a[x + 1], a2 = a[x + 2], a3 = a[x + 3];
        // A shift across the limbs instead of an addition with carries: 2a < 2p < 2^255 fits.
        reduceOnceInto(a0 << 1, (a1 << 1) | (a0 >>> 63), (a2 << 1) | (a1 >>> 63), (a3 << 1) | (a2 >>> 63), out, 4 * io);
    }

    /** out[io] = a[ia] - b[ib]. */
    public static void sub(long[] a, int ia, long[] b, int ib, long[] out, int io) {
        int x = 4 * ia, y = 4 * ib;
        subInto(a[x], a[x + 1], a[x + 2], a[x + 3], b[y], b[y + 1], b[y + 2], b[y + 3], out, 4 * io);
    }

    /** out[io] = -a[ia]. */
    public static void neg(long[] a, int ia, long[] out, int io) {
        int x = 4 * ia;
        subInto(0, 0, 0, 0, a[x], a[x + 1], a[x + 2], a[x + 3], out, 4 * io);
    }

    /** out[io] = a[ia]·b[ib], by the field's Montgomery kernel (the one {@link Fq#mul} uses). */
    public static void mul(long[] a, int ia, long[] b, int ib, long[] out, int io) {
        final int x = 4 * ia, y = 4 * ib;
        Fq.KERNEL.mul(a[x], a[x + 1], a[x + 2], a[x + 3], b[y], b[y + 1], b[y + 2], b[y + 3], out, 4 * io);
    }

    /** out[io] = a[ia]², by the field's Montgomery kernel. */
    public static void square(long[] a, int ia, long[] out, int io) {
        final int x = 4 * ia;
        Fq.KERNEL.square(a[x], a[x + 1], a[x + 2], a[x + 3], out, 4 * io);
    }

    /** out[io] = a[ia]^-1 (zero stays zero), by the field's Montgomery kernel, without allocating. */
    public static void inverse(long[] a, int ia, long[] out, int io) {
        final int x = 4 * ia;
        Fq.KERNEL.inverse(a[x], a[x + 1], a[x + 2], a[x + 3], out, 4 * io);
    }

    /**
     * Inverts elements [from, from + count) of a in place with one inversion (Montgomery's trick), using
     * scratch (at least count elements) for the prefix products. Every element must be non-zero.
     */
    public static void batchInvert(long[] a, int from, int count, long[] scratch) {
        if (count == 0) {
            return;
        }
        copy(a, from, scratch, 0);
        for (int i = 1; i < count; i++) {
            mul(scratch, i - 1, a, from + i, scratch, i);
        }
        long[] inv = new long[8];
        inverse(scratch, count - 1, inv, 0);
        for (int i = count - 1; i > 0; i--) {
            // inv = (a_0···a_i)^-1: a_i^-1 = inv·(a_0···a_(i-1)), then drop a_i from inv.
            mul(inv, 0, scratch, i - 1, inv, 1);
            mul(inv, 0, a, from + i, inv, 0);
            copy(inv, 1, a, from + i);
        }
        copy(inv, 0, a, from);
    }

    // ---------------------------------------------------------------- internals

    private static void subInto(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3,
                                long[] out, int o) {
        long d0 = a0 - b0;
        long b = borrow(a0, b0, d0);
        long d1 = a1 - b1 - b;
        b = borrow(a1, b1, d1);
        long d2 = a2 - b2 - b;
        b = borrow(a2, b2, d2);
        long d3 = a3 - b3 - b;
        // Both operands are below p < 2^254, so the difference lies in (-p, p) and the top limb's sign
        // says whether it went below zero (no last borrow needed). Then add p back under that mask: a
        // data-dependent branch would be unpredictable.
        long mask = d3 >> 63;
        long q0 = P0 & mask, q1 = P1 & mask, q2 = P2 & mask;
        long s0 = d0 + q0;
        long c = carry(d0, q0, s0);
        long s1 = d1 + q1 + c;
        c = carry(d1, q1, s1);
        long s2 = d2 + q2 + c;
        c = carry(d2, q2, s2);
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = d3 + (P3 & mask) + c;
    }

    /**
     * For t in [0, 2p): out = t mod p. As p < 2^254, t - p lies in (-p, p) and the top limb's sign
     * tells which of t and t - p to keep; measured about a third faster than a final borrow and an
     * and/or select.
     */
    private static void reduceOnceInto(long t0, long t1, long t2, long t3, long[] out, int o) {
        long d0 = t0 - P0;
        long b = borrow(t0, P0, d0);
        long d1 = t1 - P1 - b;
        b = borrow(t1, P1, d1);
        long d2 = t2 - P2 - b;
        b = borrow(t2, P2, d2);
        long d3 = t3 - P3 - b;
        long keep = d3 >> 63; // t < p: keep t, else take t - p
        out[o] = d0 ^ ((t0 ^ d0) & keep);
        out[o + 1] = d1 ^ ((t1 ^ d1) & keep);
        out[o + 2] = d2 ^ ((t2 ^ d2) & keep);
        out[o + 3] = d3 ^ ((t3 ^ d3) & keep);
    }

    /** Carry out of s = x + y (+ carry in), branch-free: the majority of the top bits. */
    private static long carry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }

    /** Borrow out of d = x - y (- borrow in), branch-free. */
    private static long borrow(long x, long y, long d) {
        return ((~x & y) | (~(x ^ y) & d)) >>> 63;
    }
}
