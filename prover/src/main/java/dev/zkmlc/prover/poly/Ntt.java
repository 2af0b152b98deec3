package dev.zkmlc.prover.poly;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.stream.IntStream;

/**
 * Radix-2 number-theoretic transforms over F_r on arrays in the limb layout of {@link FrLimbs} (element i at limbs
 * 4i..4i+3). In place, iterative Cooley–Tukey after a bit-reversal permutation. Each stage's n/2 butterflies are
 * independent, so large transforms split every stage into chunks run on the common ForkJoin pool.
 */
public final class Ntt {
    private Ntt() {
    }

    /** Below this many butterflies per stage the work is not worth handing to other threads. */
    private static final int PARALLEL_THRESHOLD = 1 << 12;
    private static final int CHUNK = 1 << 11;

    /** Coefficients to evaluations: a[i] becomes p(ω^i). a holds exactly domain.size elements. */
    public static void forward(long[] a, Domain d) {
        transform(a, d, d.twiddles);
    }

    /** Evaluations to coefficients. */
    public static void inverse(long[] a, Domain d) {
        transform(a, d, d.invTwiddles);
        scale(a, d.size, d.sizeInv);
    }

    /**
     * Evaluations of a polynomial with the given coefficients on the coset g·H of the (larger) domain H:
     * out[i] = p(g·ω^i). coeffs may have fewer than ext.size elements (the rest are zero).
     */
    public static long[] cosetForward(long[] coeffs, Domain ext) {
        int n = coeffs.length / 4;
        if (n > ext.size) {
            throw new IllegalArgumentException("polynomial of " + n + " coefficients does not fit a domain of " + ext.size);
        }
        long[] a = FrLimbs.newArray(ext.size);
        System.arraycopy(coeffs, 0, a, 0, coeffs.length);
        multiplyByPowers(a, n, Domain.COSET_SHIFT);
        forward(a, ext);
        return a;
    }

    /** The inverse of {@link #cosetForward}: coefficients from the evaluations on g·H, in place. */
    public static void cosetInverse(long[] evals, Domain ext) {
        inverse(evals, ext);
        multiplyByPowers(evals, ext.size, Domain.COSET_SHIFT.inverse());
    }

    private static void transform(long[] a, Domain d, long[] tw) {
        int n = d.size;
        if (a.length != 4 * n) {
            throw new IllegalArgumentException("array holds " + a.length / 4 + " elements, domain has " + n);
        }
        bitReverse(a, d.log);
        int half = n / 2;
        for (int m = 1; m < n; m <<= 1) {
            final int mm = m;
            final int stride = n / (2 * m);
            if (half < PARALLEL_THRESHOLD) {
                butterflies(a, tw, mm, stride, 0, half);
            } else {
                IntStream.range(0, half / CHUNK).parallel()
                        .forEach(c -> butterflies(a, tw, mm, stride, c * CHUNK, (c + 1) * CHUNK));
            }
        }
    }

    /** Butterflies number from..to-1 of a stage with half-block size m; butterfly b is j = b mod m in block b / m. */
    private static void butterflies(long[] a, long[] tw, int m, int stride, int from, int to) {
        long[] t = new long[4];
        for (int b = from; b < to; b++) {
            int j = b & (m - 1);
            int top = ((b - j) << 1) + j;
            int bottom = top + m;
            if (j == 0) {
                // The twiddle is 1 (about 2/log n of all butterflies, the whole first stage): no product.
                FrLimbs.copy(a, bottom, t, 0);
            } else {
                FrLimbs.mul(a, bottom, tw, j * stride, t, 0);
            }
            FrLimbs.sub(a, top, t, 0, a, bottom);
            FrLimbs.add(a, top, t, 0, a, top);
        }
    }

    private static void bitReverse(long[] a, int log) {
        int n = 1 << log;
        for (int i = 0; i < n; i++) {
            int j = log == 0 ? 0 : Integer.reverse(i) >>> (32 - log);
            if (i < j) {
                for (int k = 0; k < 4; k++) {
                    long x = a[4 * i + k];
                    a[4 * i + k] = a[4 * j + k];
                    a[4 * j + k] = x;
                }
            }
        }
    }

    private static void scale(long[] a, int n, Fr s) {
        long[] sv = FrLimbs.newArray(1);
        FrLimbs.set(sv, 0, s);
        for (int i = 0; i < n; i++) {
            FrLimbs.mul(a, i, sv, 0, a, i);
        }
    }

    /** a[i] *= g^i for i < n. */
    private static void multiplyByPowers(long[] a, int n, Fr g) {
        long[] gv = FrLimbs.newArray(1);
        FrLimbs.set(gv, 0, g);
        long[] acc = FrLimbs.newArray(1);
        FrLimbs.set(acc, 0, Fr.ONE);
        for (int i = 0; i < n; i++) {
            FrLimbs.mul(a, i, acc, 0, a, i);
            FrLimbs.mul(acc, 0, gv, 0, acc, 0);
        }
    }
}
