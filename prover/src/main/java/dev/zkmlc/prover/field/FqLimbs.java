package dev.zkmlc.prover.field;

/**
 * Allocation-free F_p kernels over {@code long[]} arrays of Montgomery-form elements, for the MSM's inner loops,
 * where {@link Fq}'s one object per operation costs more than the arithmetic.
 *
 * <p>Layout (as the circuit's {@code FrLimbs} for F_r): element {@code i} of an array occupies limbs
 * {@code [4i, 4i+4)}, little-endian, in Montgomery form and fully reduced, the same limbs an {@link Fq} holds.
 * Index arguments are element indices, not limb offsets. Outputs may alias inputs.
 *
 * <p>The products are {@link Fq#mul} and {@link Fq#square} written out again on arrays: Java cannot return four
 * longs without allocating, and the unrolled product is too large for the JIT to inline into a shared helper.
 */
public final class FqLimbs {
    private static final long P0 = Fq.P0, P1 = Fq.P1, P2 = Fq.P2, P3 = Fq.P3, INV = Fq.INV;
    /** p as signed 64-bit digits (see {@link Fq#mul}). */
    private static final long S0 = P0, S1 = P1, S2 = P2 + 1, S3 = P3 + 1;
    private static final long M32 = 0xffffffffL;

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

    public static Fq get(long[] a, int ia) {
        // Through bytes: Fq.java (owned elsewhere) has no constructor from limbs; only results take this path.
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (a[4 * ia + i / 8] >>> (8 * (i % 8)));
        }
        return Fq.fromMontgomeryBytesLE(b, 0);
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
        add(a, ia, a, ia, out, io);
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

    /** out[io] = a[ia]·b[ib]: the kernel of {@link Fq#mul} on limb arrays. */
    public static void mul(long[] a, int ia, long[] b, int ib, long[] out, int io) {
        final int xa = 4 * ia, xb = 4 * ib;
        final long a0 = a[xa], a1 = a[xa + 1], a2 = a[xa + 2], a3 = a[xa + 3];
        final long b0 = b[xb], b1 = b[xb + 1], b2 = b[xb + 2], b3 = b[xb + 3];
        final long x0 = a0;
        final long x1 = a1 + (a0 >>> 63);
        final long x2 = a2 + ((a1 | x1) >>> 63);
        final long x3 = a3 + ((a2 | x2) >>> 63);
        final long y0 = b0;
        final long y1 = b1 + (b0 >>> 63);
        final long y2 = b2 + ((b1 | y1) >>> 63);
        final long y3 = b3 + ((b2 | y2) >>> 63);
        long lo, hi, s;
        lo = x0 * y0; hi = Math.multiplyHigh(x0, y0); long L0 = lo & M32; long M0 = lo >>> 32; long L1 = hi & M32; long M1 = hi >> 32;
        s = L0 + (M0 << 32);
        final long m0 = s * INV;
        L1 += ((M0 + (L0 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m0, S0);
        lo = x0 * y1; hi = Math.multiplyHigh(x0, y1); L1 += lo & M32; M1 += lo >>> 32; long L2 = hi & M32; long M2 = hi >> 32;
        lo = x1 * y0; hi = Math.multiplyHigh(x1, y0); L1 += lo & M32; M1 += lo >>> 32; L2 += hi & M32; M2 += hi >> 32;
        lo = m0 * S1; hi = Math.multiplyHigh(m0, S1); L1 += lo & M32; M1 += lo >>> 32; L2 += hi & M32; M2 += hi >> 32;
        s = L1 + (M1 << 32);
        final long m1 = s * INV;
        L2 += ((M1 + (L1 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m1, S0);
        lo = x0 * y2; hi = Math.multiplyHigh(x0, y2); L2 += lo & M32; M2 += lo >>> 32; long L3 = hi & M32; long M3 = hi >> 32;
        lo = x1 * y1; hi = Math.multiplyHigh(x1, y1); L2 += lo & M32; M2 += lo >>> 32; L3 += hi & M32; M3 += hi >> 32;
        lo = x2 * y0; hi = Math.multiplyHigh(x2, y0); L2 += lo & M32; M2 += lo >>> 32; L3 += hi & M32; M3 += hi >> 32;
        lo = m0 * S2; hi = Math.multiplyHigh(m0, S2); L2 += lo & M32; M2 += lo >>> 32; L3 += hi & M32; M3 += hi >> 32;
        lo = m1 * S1; hi = Math.multiplyHigh(m1, S1); L2 += lo & M32; M2 += lo >>> 32; L3 += hi & M32; M3 += hi >> 32;
        s = L2 + (M2 << 32);
        final long m2 = s * INV;
        L3 += ((M2 + (L2 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m2, S0);
        lo = x0 * y3; hi = Math.multiplyHigh(x0, y3); L3 += lo & M32; M3 += lo >>> 32; long L4 = hi & M32; long M4 = hi >> 32;
        lo = x1 * y2; hi = Math.multiplyHigh(x1, y2); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        lo = x2 * y1; hi = Math.multiplyHigh(x2, y1); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        lo = x3 * y0; hi = Math.multiplyHigh(x3, y0); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        lo = m0 * S3; hi = Math.multiplyHigh(m0, S3); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        lo = m1 * S2; hi = Math.multiplyHigh(m1, S2); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        lo = m2 * S1; hi = Math.multiplyHigh(m2, S1); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        s = L3 + (M3 << 32);
        final long m3 = s * INV;
        L4 += ((M3 + (L3 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m3, S0);
        lo = x1 * y3; hi = Math.multiplyHigh(x1, y3); L4 += lo & M32; M4 += lo >>> 32; long L5 = hi & M32; long M5 = hi >> 32;
        lo = x2 * y2; hi = Math.multiplyHigh(x2, y2); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        lo = x3 * y1; hi = Math.multiplyHigh(x3, y1); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        lo = m1 * S3; hi = Math.multiplyHigh(m1, S3); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        lo = m2 * S2; hi = Math.multiplyHigh(m2, S2); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        lo = m3 * S1; hi = Math.multiplyHigh(m3, S1); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        s = L4 + (M4 << 32);
        final long t0 = s;
        L5 += (M4 + (L4 >> 32)) >> 32;
        lo = x2 * y3; hi = Math.multiplyHigh(x2, y3); L5 += lo & M32; M5 += lo >>> 32; long L6 = hi & M32; long M6 = hi >> 32;
        lo = x3 * y2; hi = Math.multiplyHigh(x3, y2); L5 += lo & M32; M5 += lo >>> 32; L6 += hi & M32; M6 += hi >> 32;
        lo = m2 * S3; hi = Math.multiplyHigh(m2, S3); L5 += lo & M32; M5 += lo >>> 32; L6 += hi & M32; M6 += hi >> 32;
        lo = m3 * S2; hi = Math.multiplyHigh(m3, S2); L5 += lo & M32; M5 += lo >>> 32; L6 += hi & M32; M6 += hi >> 32;
        s = L5 + (M5 << 32);
        final long t1 = s;
        L6 += (M5 + (L5 >> 32)) >> 32;
        lo = x3 * y3; hi = Math.multiplyHigh(x3, y3); L6 += lo & M32; M6 += lo >>> 32; long L7 = hi & M32; long M7 = hi >> 32;
        lo = m3 * S3; hi = Math.multiplyHigh(m3, S3); L6 += lo & M32; M6 += lo >>> 32; L7 += hi & M32; M7 += hi >> 32;
        s = L6 + (M6 << 32);
        final long t2 = s;
        L7 += (M6 + (L6 >> 32)) >> 32;
        final long t3 = L7 + (M7 << 32);
        addModulusIfNegative(t0, t1, t2, t3, out, 4 * io);
    }

    /** out[io] = a[ia]²: the kernel of {@link Fq#square} on limb arrays. */
    public static void square(long[] a, int ia, long[] out, int io) {
        final int xa = 4 * ia;
        final long a0 = a[xa], a1 = a[xa + 1], a2 = a[xa + 2], a3 = a[xa + 3];
        final long x0 = a0;
        final long x1 = a1 + (a0 >>> 63);
        final long x2 = a2 + ((a1 | x1) >>> 63);
        final long x3 = a3 + ((a2 | x2) >>> 63);
        long lo, hi, s;
        lo = x0 * x0; hi = Math.multiplyHigh(x0, x0); long L0 = lo & M32; long M0 = lo >>> 32; long L1 = hi & M32; long M1 = hi >> 32;
        s = L0 + (M0 << 32);
        final long m0 = s * INV;
        L1 += ((M0 + (L0 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m0, S0);
        lo = x0 * x1; hi = Math.multiplyHigh(x0, x1); L1 += (lo & M32) << 1; M1 += (lo >>> 32) << 1; long L2 = (hi & M32) << 1; long M2 = (hi >> 32) << 1;
        lo = m0 * S1; hi = Math.multiplyHigh(m0, S1); L1 += lo & M32; M1 += lo >>> 32; L2 += hi & M32; M2 += hi >> 32;
        s = L1 + (M1 << 32);
        final long m1 = s * INV;
        L2 += ((M1 + (L1 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m1, S0);
        lo = x0 * x2; hi = Math.multiplyHigh(x0, x2); L2 += (lo & M32) << 1; M2 += (lo >>> 32) << 1; long L3 = (hi & M32) << 1; long M3 = (hi >> 32) << 1;
        lo = x1 * x1; hi = Math.multiplyHigh(x1, x1); L2 += lo & M32; M2 += lo >>> 32; L3 += hi & M32; M3 += hi >> 32;
        lo = m0 * S2; hi = Math.multiplyHigh(m0, S2); L2 += lo & M32; M2 += lo >>> 32; L3 += hi & M32; M3 += hi >> 32;
        lo = m1 * S1; hi = Math.multiplyHigh(m1, S1); L2 += lo & M32; M2 += lo >>> 32; L3 += hi & M32; M3 += hi >> 32;
        s = L2 + (M2 << 32);
        final long m2 = s * INV;
        L3 += ((M2 + (L2 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m2, S0);
        lo = x0 * x3; hi = Math.multiplyHigh(x0, x3); L3 += (lo & M32) << 1; M3 += (lo >>> 32) << 1; long L4 = (hi & M32) << 1; long M4 = (hi >> 32) << 1;
        lo = x1 * x2; hi = Math.multiplyHigh(x1, x2); L3 += (lo & M32) << 1; M3 += (lo >>> 32) << 1; L4 += (hi & M32) << 1; M4 += (hi >> 32) << 1;
        lo = m0 * S3; hi = Math.multiplyHigh(m0, S3); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        lo = m1 * S2; hi = Math.multiplyHigh(m1, S2); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        lo = m2 * S1; hi = Math.multiplyHigh(m2, S1); L3 += lo & M32; M3 += lo >>> 32; L4 += hi & M32; M4 += hi >> 32;
        s = L3 + (M3 << 32);
        final long m3 = s * INV;
        L4 += ((M3 + (L3 >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m3, S0);
        lo = x1 * x3; hi = Math.multiplyHigh(x1, x3); L4 += (lo & M32) << 1; M4 += (lo >>> 32) << 1; long L5 = (hi & M32) << 1; long M5 = (hi >> 32) << 1;
        lo = x2 * x2; hi = Math.multiplyHigh(x2, x2); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        lo = m1 * S3; hi = Math.multiplyHigh(m1, S3); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        lo = m2 * S2; hi = Math.multiplyHigh(m2, S2); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        lo = m3 * S1; hi = Math.multiplyHigh(m3, S1); L4 += lo & M32; M4 += lo >>> 32; L5 += hi & M32; M5 += hi >> 32;
        s = L4 + (M4 << 32);
        final long t0 = s;
        L5 += (M4 + (L4 >> 32)) >> 32;
        lo = x2 * x3; hi = Math.multiplyHigh(x2, x3); L5 += (lo & M32) << 1; M5 += (lo >>> 32) << 1; long L6 = (hi & M32) << 1; long M6 = (hi >> 32) << 1;
        lo = m2 * S3; hi = Math.multiplyHigh(m2, S3); L5 += lo & M32; M5 += lo >>> 32; L6 += hi & M32; M6 += hi >> 32;
        lo = m3 * S2; hi = Math.multiplyHigh(m3, S2); L5 += lo & M32; M5 += lo >>> 32; L6 += hi & M32; M6 += hi >> 32;
        s = L5 + (M5 << 32);
        final long t1 = s;
        L6 += (M5 + (L5 >> 32)) >> 32;
        lo = x3 * x3; hi = Math.multiplyHigh(x3, x3); L6 += lo & M32; M6 += lo >>> 32; long L7 = hi & M32; long M7 = hi >> 32;
        lo = m3 * S3; hi = Math.multiplyHigh(m3, S3); L6 += lo & M32; M6 += lo >>> 32; L7 += hi & M32; M7 += hi >> 32;
        s = L6 + (M6 << 32);
        final long t2 = s;
        L7 += (M6 + (L6 >> 32)) >> 32;
        final long t3 = L7 + (M7 << 32);
        addModulusIfNegative(t0, t1, t2, t3, out, 4 * io);
    }

    /**
     * out[io] = a[ia]^-1 (zero stays zero): {@link Fq#inverse} on arrays, which allocates only its four
     * scratch limb vectors.
     */
    public static void inverse(long[] a, int ia, long[] out, int io) {
        Fq inv = get(a, ia).inverse();
        set(out, io, inv);
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

    /** For t in (-p, p) (t3 holding the sign): t mod p, adding p under a mask rather than a branch. */
    private static void addModulusIfNegative(long t0, long t1, long t2, long t3, long[] out, int o) {
        long mask = t3 >> 63;
        long q0 = P0 & mask, q1 = P1 & mask, q2 = P2 & mask;
        long s0 = t0 + q0;
        long c = carry(t0, q0, s0);
        long s1 = t1 + q1 + c;
        c = carry(t1, q1, s1);
        long s2 = t2 + q2 + c;
        c = carry(t2, q2, s2);
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = t3 + (P3 & mask) + c;
    }

    private static void subInto(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3,
                                long[] out, int o) {
        long d0 = a0 - b0;
        long b = borrow(a0, b0, d0);
        long d1 = a1 - b1 - b;
        b = borrow(a1, b1, d1);
        long d2 = a2 - b2 - b;
        b = borrow(a2, b2, d2);
        long d3 = a3 - b3 - b;
        b = borrow(a3, b3, d3);
        // On a borrow add p back; the mask avoids a data-dependent branch.
        long mask = -b;
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

    /** For t in [0, 2p): out = t mod p. */
    private static void reduceOnceInto(long t0, long t1, long t2, long t3, long[] out, int o) {
        long d0 = t0 - P0;
        long b = borrow(t0, P0, d0);
        long d1 = t1 - P1 - b;
        b = borrow(t1, P1, d1);
        long d2 = t2 - P2 - b;
        b = borrow(t2, P2, d2);
        long d3 = t3 - P3 - b;
        b = borrow(t3, P3, d3);
        long keep = -b; // t < p: keep t, else take t - p
        out[o] = (t0 & keep) | (d0 & ~keep);
        out[o + 1] = (t1 & keep) | (d1 & ~keep);
        out[o + 2] = (t2 & keep) | (d2 & ~keep);
        out[o + 3] = (t3 & keep) | (d3 & ~keep);
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
