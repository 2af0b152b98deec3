package dev.zkmlc.prover.curve;

import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.FqLimbs;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Many multiples k·P of one G1 point: a table of d·2^(8w)·P for every byte position w and byte value d makes each
 * multiple 32 mixed additions and no doublings, which is what SRS generation needs for millions of powers.
 *
 * <p>The table and the bulk path {@link #mulAffine} work on {@link FqLimbs} arrays: with one object per field
 * operation, allocation cost more than the arithmetic, and a table of 8192 point objects more memory than the
 * 512 KiB of limbs.
 */
public final class FixedBase {
    /** Bytes of one scalar in the bulk path: 32, little-endian, canonical (below 2^256). */
    public static final int SCALAR_BYTES = 32;
    /** From this many multiples on, 16-bit windows (a 64 MiB table of 2^20 points) halve the additions. */
    private static final long WIDE_THRESHOLD = 1L << 17;
    /** Field elements of scratch the point formulas use. */
    private static final int SCRATCH = 12;
    /** The Montgomery form of 1/R: multiplying by it takes an element out of Montgomery form. */
    private static final long[] CANONICAL_ONE = {1, 0, 0, 0};

    /** Bytes per window: 1 or 2. */
    private final int windowBytes;
    private final int windows;
    private final int digits;
    /** Affine points d·2^(8·windowBytes·w)·P, x and y at elements 2(digits·w + d) and 2(digits·w + d) + 1. */
    private final long[] table;
    /** The base is the point at infinity: every multiple is too, and the table stays empty. */
    private final boolean infinite;

    /** A table of byte windows (8192 points), worth it from about a thousand multiples. */
    public FixedBase(G1 base) {
        this(base, 1);
    }

    /** The table that costs least for about this many multiples of base. */
    public static FixedBase forMultiples(G1 base, long multiples) {
        return new FixedBase(base, multiples >= WIDE_THRESHOLD ? 2 : 1);
    }

    private FixedBase(G1 base, int windowBytes) {
        this.windowBytes = windowBytes;
        this.windows = SCALAR_BYTES / windowBytes;
        this.digits = 1 << (8 * windowBytes);
        this.infinite = base.isInfinity();
        G1Affine[] starts = new G1Affine[windows];
        G1 start = base;
        for (int w = 0; w < windows; w++) {
            starts[w] = start.toAffine();
            for (int b = 0; b < 8 * windowBytes; b++) {
                start = start.dbl();
            }
        }
        table = FqLimbs.newArray(2 * windows * digits);
        IntStream.range(0, windows).parallel().forEach(w -> fillWindow(w, starts[w]));
    }

    /** Table entries d·start for 1 <= d < digits of window w, by repeated mixed addition and one inversion. */
    private void fillWindow(int w, G1Affine start) {
        long[] q = FqLimbs.newArray(2);
        FqLimbs.set(q, 0, start.x);
        FqLimbs.set(q, 1, start.y);
        int n = digits - 1;
        long[] acc = FqLimbs.newArray(3 * n);
        long[] t = FqLimbs.newArray(SCRATCH);
        FqLimbs.copy(q, 0, acc, 0);
        FqLimbs.copy(q, 1, acc, 1);
        FqLimbs.set(acc, 2, Fq.ONE);
        for (int d = 1; d < n; d++) {
            System.arraycopy(acc, 12 * (d - 1), acc, 12 * d, 12);
            if (FqLimbs.isZero(acc, 3 * d + 2)) {
                FqLimbs.copy(q, 0, acc, 3 * d);
                FqLimbs.copy(q, 1, acc, 3 * d + 1);
                FqLimbs.set(acc, 3 * d + 2, Fq.ONE);
            } else {
                addAffine(acc, 3 * d, q, 0, t);
            }
        }
        toAffine(acc, n, table, w * digits + 1);
    }

    /** k·P for 0 <= k < 2^256. */
    public G1 mul(BigInteger k) {
        if (k.signum() < 0 || k.bitLength() > 8 * SCALAR_BYTES) {
            throw new IllegalArgumentException("scalar out of range for the fixed-base table");
        }
        byte[] be = k.toByteArray();
        byte[] le = new byte[SCALAR_BYTES];
        for (int w = 0; w < SCALAR_BYTES && w < be.length; w++) {
            le[w] = be[be.length - 1 - w];
        }
        long[] xy = FqLimbs.newArray(2);
        mulAffine(le, 0, 1, xy);
        return isZeroPoint(xy, 0) ? G1.INFINITY
                : G1Affine.trusted(FqLimbs.get(xy, 0), FqLimbs.get(xy, 1)).toJacobian();
    }

    /**
     * Affine k_i·P for the scalars i in [from, from + count), read as 32-byte little-endian integers at
     * scalars[32i..]: x at element 2i of out and y at 2i + 1, in Montgomery form; the point at infinity is (0, 0),
     * as the .ptau and uncompressed encodings write it. One inversion for the whole range.
     */
    public void mulAffine(byte[] scalars, int from, int count, long[] out) {
        Arrays.fill(out, 8 * from, 8 * (from + count), 0L);
        if (infinite) {
            return;
        }
        // Affine accumulators, one window at a time for all points: with one inversion per window shared by the
        // block (Montgomery's trick), an affine addition costs about 6 multiplications, a mixed Jacobian one 11.
        boolean[] started = new boolean[count];
        int[] pending = new int[count];
        int[] entry = new int[count];
        long[] den = FqLimbs.newArray(count);
        long[] prefix = FqLimbs.newArray(count);
        long[] t = FqLimbs.newArray(2);
        for (int w = 0; w < windows; w++) {
            int m = 0;
            for (int i = 0; i < count; i++) {
                int s = SCALAR_BYTES * (from + i) + windowBytes * w;
                int d = scalars[s] & 0xff;
                if (windowBytes == 2) {
                    d |= (scalars[s + 1] & 0xff) << 8;
                }
                if (d == 0) {
                    continue;
                }
                int q = 2 * (w * digits + d);
                int o = 2 * (from + i);
                if (!started[i]) {
                    FqLimbs.copy(table, q, out, o);
                    FqLimbs.copy(table, q + 1, out, o + 1);
                    started[i] = true;
                } else if (FqLimbs.equal(table, q, out, o)) {
                    // Equal x: a doubling or a sum to infinity, which the affine formula cannot do.
                    G1 sum = point(out, from + i).toJacobian().add(point(table, q / 2));
                    setPoint(out, o, sum.toAffine());
                    started[i] = !sum.isInfinity();
                } else {
                    FqLimbs.sub(table, q, out, o, den, m);
                    pending[m] = i;
                    entry[m] = q;
                    m++;
                }
            }
            FqLimbs.batchInvert(den, 0, m, prefix);
            for (int k = 0; k < m; k++) {
                int o = 2 * (from + pending[k]);
                int q = entry[k];
                // λ = (y2 - y1) / (x2 - x1); x3 = λ² - x1 - x2; y3 = λ(x1 - x3) - y1.
                FqLimbs.sub(table, q + 1, out, o + 1, t, 0);
                FqLimbs.mul(t, 0, den, k, t, 0);
                FqLimbs.square(t, 0, t, 1);
                FqLimbs.sub(t, 1, out, o, t, 1);
                FqLimbs.sub(t, 1, table, q, t, 1);
                FqLimbs.sub(out, o, t, 1, out, o);
                FqLimbs.mul(t, 0, out, o, t, 0);
                FqLimbs.sub(t, 0, out, o + 1, out, o + 1);
                FqLimbs.copy(t, 1, out, o);
            }
        }
    }

    private static void setPoint(long[] out, int o, G1Affine p) {
        if (p.infinity) {
            Arrays.fill(out, 4 * o, 4 * o + 8, 0L);
        } else {
            FqLimbs.set(out, o, p.x);
            FqLimbs.set(out, o + 1, p.y);
        }
    }

    /** Writes the affine form of the count Jacobian points in acc to out from element pair {@code at}. */
    private static void toAffine(long[] acc, int count, long[] out, int at) {
        long[] zs = FqLimbs.newArray(count);
        for (int i = 0; i < count; i++) {
            if (FqLimbs.isZero(acc, 3 * i + 2)) {
                FqLimbs.set(zs, i, Fq.ONE);
            } else {
                FqLimbs.copy(acc, 3 * i + 2, zs, i);
            }
        }
        FqLimbs.batchInvert(zs, 0, count, FqLimbs.newArray(count));
        long[] t = FqLimbs.newArray(1);
        for (int i = 0; i < count; i++) {
            int o = 2 * (at + i);
            if (FqLimbs.isZero(acc, 3 * i + 2)) {
                Arrays.fill(out, 4 * o, 4 * o + 8, 0L);
                continue;
            }
            FqLimbs.square(zs, i, t, 0);
            FqLimbs.mul(acc, 3 * i, t, 0, out, o);
            FqLimbs.mul(t, 0, zs, i, t, 0);
            FqLimbs.mul(acc, 3 * i + 1, t, 0, out, o + 1);
        }
    }

    private static boolean isZeroPoint(long[] xy, int i) {
        return FqLimbs.isZero(xy, 2 * i) && FqLimbs.isZero(xy, 2 * i + 1);
    }

    /** Point i of a {@link #mulAffine} result as an object. */
    public static G1Affine point(long[] xy, int i) {
        return isZeroPoint(xy, i) ? G1Affine.INFINITY
                : G1Affine.trusted(FqLimbs.get(xy, 2 * i), FqLimbs.get(xy, 2 * i + 1));
    }

    /** Writes element e of a out of Montgomery form as 32 big-endian bytes (the uncompressed encoding's order). */
    public static void canonicalBytesBE(long[] a, int e, byte[] out, int off, long[] scratch) {
        FqLimbs.mul(a, e, CANONICAL_ONE, 0, scratch, 0);
        for (int b = 0; b < 32; b++) {
            out[off + b] = (byte) (scratch[3 - b / 8] >>> (8 * (7 - b % 8)));
        }
    }

    /** Writes element e of a as its 32 Montgomery-form little-endian bytes (the .ptau encoding). */
    public static void montgomeryBytesLE(long[] a, int e, byte[] out, int off) {
        for (int b = 0; b < 32; b++) {
            out[off + b] = (byte) (a[4 * e + b / 8] >>> (8 * (b % 8)));
        }
    }

    /** p += q for the Jacobian point at element p of a and the affine point at element q of b (madd-2007-bl). */
    private static void addAffine(long[] a, int p, long[] b, int q, long[] t) {
        final int x = p, y = p + 1, z = p + 2;
        final int z1z1 = 0, u2 = 1, s2 = 2, h = 3, r = 4, hh = 5, i = 6, j = 7, v = 8;
        FqLimbs.square(a, z, t, z1z1);
        FqLimbs.mul(b, q, t, z1z1, t, u2);
        FqLimbs.mul(b, q + 1, a, z, t, s2);
        FqLimbs.mul(t, s2, t, z1z1, t, s2);
        FqLimbs.sub(t, u2, a, x, t, h);
        FqLimbs.sub(t, s2, a, y, t, r);
        FqLimbs.dbl(t, r, t, r);
        if (FqLimbs.isZero(t, h)) {
            if (FqLimbs.isZero(t, r)) {
                dbl(a, p, t);
            } else {
                Arrays.fill(a, 4 * p, 4 * p + 12, 0L);
            }
            return;
        }
        FqLimbs.square(t, h, t, hh);
        FqLimbs.dbl(t, hh, t, i);
        FqLimbs.dbl(t, i, t, i);
        FqLimbs.mul(t, h, t, i, t, j);
        FqLimbs.mul(a, x, t, i, t, v);
        // Z3 = (Z + h)² - z1z1 - hh first: it needs only Z, h and the squares.
        FqLimbs.add(a, z, t, h, a, z);
        FqLimbs.square(a, z, a, z);
        FqLimbs.sub(a, z, t, z1z1, a, z);
        FqLimbs.sub(a, z, t, hh, a, z);
        // Y·j (needs the old Y) into scratch, then X3, then Y3.
        FqLimbs.mul(a, y, t, j, t, u2);
        FqLimbs.square(t, r, a, x);
        FqLimbs.sub(a, x, t, j, a, x);
        FqLimbs.sub(a, x, t, v, a, x);
        FqLimbs.sub(a, x, t, v, a, x);
        FqLimbs.sub(t, v, a, x, t, v);
        FqLimbs.mul(t, r, t, v, a, y);
        FqLimbs.dbl(t, u2, t, u2);
        FqLimbs.sub(a, y, t, u2, a, y);
    }

    /** p = 2p (dbl-2009-l). */
    private static void dbl(long[] a, int p, long[] t) {
        final int x = p, y = p + 1, z = p + 2;
        final int ta = 0, tb = 1, tc = 2, td = 3, te = 4, tf = 5;
        FqLimbs.square(a, x, t, ta);
        FqLimbs.square(a, y, t, tb);
        FqLimbs.square(t, tb, t, tc);
        FqLimbs.add(a, x, t, tb, t, td);
        FqLimbs.square(t, td, t, td);
        FqLimbs.sub(t, td, t, ta, t, td);
        FqLimbs.sub(t, td, t, tc, t, td);
        FqLimbs.dbl(t, td, t, td);
        FqLimbs.dbl(t, ta, t, te);
        FqLimbs.add(t, te, t, ta, t, te);
        FqLimbs.square(t, te, t, tf);
        FqLimbs.mul(a, y, a, z, a, z);
        FqLimbs.dbl(a, z, a, z);
        FqLimbs.sub(t, tf, t, td, a, x);
        FqLimbs.sub(a, x, t, td, a, x);
        FqLimbs.sub(t, td, a, x, t, td);
        FqLimbs.mul(t, te, t, td, a, y);
        FqLimbs.dbl(t, tc, t, tc);
        FqLimbs.dbl(t, tc, t, tc);
        FqLimbs.dbl(t, tc, t, tc);
        FqLimbs.sub(a, y, t, tc, a, y);
    }
}
