package dev.zkmlc.circuit.field;

import java.math.BigInteger;

/**
 * Allocation-free F_r kernels over {@code long[]} arrays of Montgomery-form elements, for the hot
 * loops of NTTs, MSMs and constraint evaluation.
 *
 * <p>Layout: element {@code i} of an array occupies limbs {@code [4i, 4i+4)}, little-endian, in
 * Montgomery form and fully reduced (the same limbs as {@link Fr#toMontgomery}). Every index
 * argument below is an element index, not a limb offset. Outputs may alias inputs.
 *
 * <p>Products go to the field's {@link Montgomery} kernel ({@link Fr#KERNEL}), which {@link Fr} uses
 * too.
 */
public final class FrLimbs {
    private static final long Q0 = Fr.Q0, Q1 = Fr.Q1, Q2 = Fr.Q2, Q3 = Fr.Q3, INV = Fr.INV;

    /** Exponent r - 2 in 4-bit windows, most significant first (Fermat inversion). */
    private static final int[] INV_WINDOWS = windows(Fr.MODULUS.subtract(BigInteger.TWO));

    private FrLimbs() {
    }

    /** A zeroed array for n elements. */
    public static long[] newArray(int n) {
        return new long[Math.multiplyExact(n, 4)];
    }

    public static void set(long[] out, int io, Fr x) {
        x.toMontgomery(out, io);
    }

    public static Fr get(long[] a, int ia) {
        return Fr.fromMontgomery(a, ia);
    }

    private static final long[] RR = {Fr.RR0, Fr.RR1, Fr.RR2, Fr.RR3};

    /** Montgomery forms of -SMALL..SMALL: selectors, bits and quantized values are mostly this small. */
    private static final int SMALL = 1024;
    private static final long[] SMALL_VALUES = smallValues();

    private static long[] smallValues() {
        long[] t = newArray(2 * SMALL + 1);
        for (int v = -SMALL; v <= SMALL; v++) {
            Fr.of(v).toMontgomery(t, v + SMALL);
        }
        return t;
    }

    /** out[io] = v mod r (negative v becomes r - |v|), without allocating. */
    public static void setLong(long[] out, int io, long v) {
        int o = 4 * io;
        if (v >= -SMALL && v <= SMALL) {
            System.arraycopy(SMALL_VALUES, 4 * ((int) v + SMALL), out, o, 4);
            return;
        }
        out[o] = v >= 0 ? v : -v; // |v| read as unsigned, also for Long.MIN_VALUE
        out[o + 1] = 0;
        out[o + 2] = 0;
        out[o + 3] = 0;
        mul(out, io, RR, 0, out, io);
        if (v < 0) {
            neg(out, io, out, io);
        }
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
        reduceOnceInto(s0, s1, s2, a3 + b3 + c, out, 4 * io);
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

    /**
     * The radix-2 butterfly with twiddle one: (a[i], a[j]) = (a[i] + a[j], a[i] - a[j]), reading each
     * operand once (an NTT's {@code add} and {@code sub} through a copy read them three times).
     */
    public static void addSub(long[] a, int i, int j) {
        int x = 4 * i, y = 4 * j;
        long a0 = a[x], a1 = a[x + 1], a2 = a[x + 2], a3 = a[x + 3];
        long b0 = a[y], b1 = a[y + 1], b2 = a[y + 2], b3 = a[y + 3];
        subInto(a0, a1, a2, a3, b0, b1, b2, b3, a, y);
        long s0 = a0 + b0;
        long c = carry(a0, b0, s0);
        long s1 = a1 + b1 + c;
        c = carry(a1, b1, s1);
        long s2 = a2 + b2 + c;
        c = carry(a2, b2, s2);
        reduceOnceInto(s0, s1, s2, a3 + b3 + c, a, x);
    }

    /** The radix-2 butterfly (a[i], a[j]) = (a[i] + w[k]·a[j], a[i] - w[k]·a[j]): {@link #addSub} after the product. */
    public static void butterfly(long[] a, int i, int j, long[] w, int k) {
        mul(w, k, a, j, a, j);
        addSub(a, i, j);
    }

    /** out[io] = a[ia] · b[ib]. */
    public static void mul(long[] a, int ia, long[] b, int ib, long[] out, int io) {
        int x = 4 * ia, y = 4 * ib;
        Fr.KERNEL.mul(a[x], a[x + 1], a[x + 2], a[x + 3], b[y], b[y + 1], b[y + 2], b[y + 3], out, 4 * io);
    }

    /** out[io] = a[ia]^2. */
    public static void square(long[] a, int ia, long[] out, int io) {
        int x = 4 * ia;
        Fr.KERNEL.square(a[x], a[x + 1], a[x + 2], a[x + 3], out, 4 * io);
    }

    /**
     * out[io] = a[ia]^-1; zero maps to zero. By {@link Montgomery#inverse} (an almost-Montgomery binary
     * GCD, several times faster than Fermat's a^(r-2)); not constant-time.
     */
    public static void inverse(long[] a, int ia, long[] out, int io) {
        int x = 4 * ia;
        Fr.KERNEL.inverse(a[x], a[x + 1], a[x + 2], a[x + 3], out, 4 * io);
    }

    /** out[io] = a[ia]^-1 by Fermat's little theorem, a^(r-2) (reference for {@link #inverse}); zero maps to zero. */
    static void inverseFermat(long[] a, int ia, long[] out, int io) {
        long[] table = new long[16 * 4];
        Fr.ONE.toMontgomery(table, 0);
        copy(a, ia, table, 1);
        for (int i = 2; i < 16; i++) {
            mul(table, i - 1, a, ia, table, i);
        }
        long[] acc = new long[4];
        Fr.ONE.toMontgomery(acc, 0);
        for (int w : INV_WINDOWS) {
            square(acc, 0, acc, 0);
            square(acc, 0, acc, 0);
            square(acc, 0, acc, 0);
            square(acc, 0, acc, 0);
            if (w != 0) {
                mul(acc, 0, table, w, acc, 0);
            }
        }
        copy(acc, 0, out, io);
    }

    static Fr inverseOf(Fr x) {
        long[] t = new long[4];
        x.toMontgomery(t, 0);
        inverse(t, 0, t, 0);
        return Fr.fromMontgomery(t, 0);
    }

    /**
     * Inverts elements {@code [from, from+count)} of {@code a} in place with one inversion
     * (Montgomery's trick). Zero elements are skipped and stay zero, as the prover wants for
     * denominators that vanish on a few rows.
     */
    public static void batchInvert(long[] a, int from, int count) {
        long[] prefix = newArray(count);
        long[] acc = new long[4];
        Fr.ONE.toMontgomery(acc, 0);
        for (int i = 0; i < count; i++) {
            copy(acc, 0, prefix, i);
            if (!isZero(a, from + i)) {
                mul(acc, 0, a, from + i, acc, 0);
            }
        }
        inverse(acc, 0, acc, 0);
        long[] tmp = new long[4];
        for (int i = count - 1; i >= 0; i--) {
            if (isZero(a, from + i)) {
                continue;
            }
            mul(acc, 0, prefix, i, tmp, 0);
            mul(acc, 0, a, from + i, acc, 0);
            copy(tmp, 0, a, from + i);
        }
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
        // Both operands are below r < 2^254, so the difference lies in (-r, r) and the top limb's sign
        // says whether it went below zero (no last borrow needed). Then add r back under that mask: a
        // data-dependent branch would be unpredictable.
        long mask = d3 >> 63;
        long q0 = Q0 & mask, q1 = Q1 & mask, q2 = Q2 & mask;
        long s0 = d0 + q0;
        long c = carry(d0, q0, s0);
        long s1 = d1 + q1 + c;
        c = carry(d1, q1, s1);
        long s2 = d2 + q2 + c;
        c = carry(d2, q2, s2);
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = d3 + (Q3 & mask) + c;
    }

    /** Carry out of s = x + y (+ carry in), branch-free: the majority of the top bits. */
    static long carry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }

    /** Borrow out of d = x - y (- borrow in), branch-free. */
    static long borrow(long x, long y, long d) {
        return ((~x & y) | (~(x ^ y) & d)) >>> 63;
    }

    /**
     * For t in [0, 2r): out = t mod r. As r < 2^254, t - r lies in (-r, r) and the top limb's sign
     * tells which of t and t - r to keep; measured about a third faster than a final borrow and an
     * and/or select.
     */
    private static void reduceOnceInto(long t0, long t1, long t2, long t3, long[] out, int o) {
        long d0 = t0 - Q0;
        long b = borrow(t0, Q0, d0);
        long d1 = t1 - Q1 - b;
        b = borrow(t1, Q1, d1);
        long d2 = t2 - Q2 - b;
        b = borrow(t2, Q2, d2);
        long d3 = t3 - Q3 - b;
        long keep = d3 >> 63; // t < r: keep t, else take t - r
        out[o] = d0 ^ ((t0 ^ d0) & keep);
        out[o + 1] = d1 ^ ((t1 ^ d1) & keep);
        out[o + 2] = d2 ^ ((t2 ^ d2) & keep);
        out[o + 3] = d3 ^ ((t3 ^ d3) & keep);
    }

    private static int[] windows(BigInteger e) {
        int n = (e.bitLength() + 3) / 4;
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = e.shiftRight(4 * (n - 1 - i)).intValue() & 15;
        }
        return w;
    }
}
