package dev.zkmlc.prover.poly;

import dev.zkmlc.circuit.field.FrLimbs;
import java.util.stream.IntStream;

/**
 * Radix-2 number-theoretic transforms over F_r on arrays in the limb layout of {@link FrLimbs} (element i at limbs
 * 4i..4i+3). In place, iterative Cooley–Tukey after a bit-reversal permutation. The first stages only mix
 * elements within aligned blocks of {@link #BLOCK} elements, so they run block by block while a block is in the
 * cache; the later stages run stage by stage. Both split into independent chunks on the common ForkJoin pool
 * when the transform is large. Twiddles come from {@link Domain}'s per-stage tables, read in order.
 */
public final class Ntt {
    private Ntt() {
    }

    private static final int BLOCK_LOG = 10;
    private static final int BLOCK = 1 << BLOCK_LOG;
    /** Below this many elements the work is not worth handing to other threads. */
    private static final int PARALLEL_THRESHOLD = 1 << 13;
    private static final int CHUNK = 1 << 11;

    /** Coefficients to evaluations: a[i] becomes p(ω^i). a holds exactly domain.size elements. */
    public static void forward(long[] a, Domain d) {
        transform(a, d, d.twiddles);
    }

    /** Evaluations to coefficients. */
    public static void inverse(long[] a, Domain d) {
        transform(a, d, d.invTwiddles);
        long[] s = FrLimbs.newArray(1);
        FrLimbs.set(s, 0, d.sizeInv);
        chunked(d.size, (from, to) -> {
            for (int i = from; i < to; i++) {
                FrLimbs.mul(a, i, s, 0, a, i);
            }
        });
    }

    /**
     * Evaluations of a polynomial with the given coefficients on the coset g·H of the (larger) domain H:
     * out[i] = p(g·ω^i). coeffs may have fewer than ext.size elements (the rest are zero).
     *
     * <p>Only the first 2^s elements are non-zero (s = ceil(log2 of the coefficients)); after the bit-reversal
     * permutation they sit at multiples of r = ext.size / 2^s, and the first log2(r) stages only turn each
     * aligned block of r elements into r copies of its first one (every other operand is zero). So each scaled
     * coefficient goes straight to its bit-reversed block, r times, and the transform starts at stage log2(r):
     * on a column extended 4 times, 2 of 16 stages and the permutation pass are skipped.
     */
    public static long[] cosetForward(long[] coeffs, Domain ext) {
        int n = coeffs.length / 4;
        if (n > ext.size) {
            throw new IllegalArgumentException("polynomial of " + n + " coefficients does not fit a domain of " + ext.size);
        }
        long[] a = FrLimbs.newArray(ext.size);
        long[] g = ext.cosetPowers();
        int padLog = 0;
        while ((1 << padLog) < n) {
            padLog++;
        }
        final int r = 1 << (ext.log - padLog);
        final int log = ext.log;
        chunked(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                int j = log == 0 ? 0 : Integer.reverse(i) >>> (32 - log);
                FrLimbs.mul(coeffs, i, g, i, a, j);
                for (int k = 1; k < r; k++) {
                    System.arraycopy(a, 4 * j, a, 4 * (j + k), 4);
                }
            }
        });
        stages(a, ext, ext.twiddles, r);
        return a;
    }

    /** The inverse of {@link #cosetForward}: coefficients from the evaluations on g·H, in place. */
    public static void cosetInverse(long[] evals, Domain ext) {
        transform(evals, ext, ext.invTwiddles);
        long[] g = ext.cosetInversePowers();
        chunked(ext.size, (from, to) -> {
            for (int i = from; i < to; i++) {
                FrLimbs.mul(evals, i, g, i, evals, i);
            }
        });
    }

    private interface Range {
        void run(int from, int to);
    }

    /** body over [0, n) in chunks, in parallel when n is large. */
    private static void chunked(int n, Range body) {
        if (n < PARALLEL_THRESHOLD) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel()
                .forEach(c -> body.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
    }

    private static void transform(long[] a, Domain d, long[] tw) {
        int n = d.size;
        if (a.length != 4 * n) {
            throw new IllegalArgumentException("array holds " + a.length / 4 + " elements, domain has " + n);
        }
        bitReverse(a, d.log);
        stages(a, d, tw, 1);
    }

    /** The butterfly stages of half-size first and up, on bit-reversed input. */
    private static void stages(long[] a, Domain d, long[] tw, int first) {
        int n = d.size;
        int block = Math.min(n, BLOCK);
        // Stages of half-size m < block stay inside aligned blocks: run them all on one block at a time.
        if (first < block) {
            if (n < PARALLEL_THRESHOLD) {
                smallStages(a, tw, first, block, 0, n);
            } else {
                IntStream.range(0, n / block).parallel()
                        .forEach(b -> smallStages(a, tw, first, block, b * block, (b + 1) * block));
            }
        }
        int half = n / 2;
        for (int m = Math.max(block, first); m < n; m <<= 1) {
            final int mm = m;
            if (n < PARALLEL_THRESHOLD) {
                butterflies(a, tw, mm, 0, half);
            } else {
                IntStream.range(0, half / CHUNK).parallel()
                        .forEach(c -> butterflies(a, tw, mm, c * CHUNK, (c + 1) * CHUNK));
            }
        }
    }

    /** Every stage of half-size first up to block on elements [from, to), a whole number of blocks. */
    private static void smallStages(long[] a, long[] tw, int first, int block, int from, int to) {
        for (int m = first; m < block; m <<= 1) {
            for (int start = from; start < to; start += 2 * m) {
                FrLimbs.addSub(a, start, start + m);
                for (int j = 1; j < m; j++) {
                    FrLimbs.butterfly(a, start + j, start + j + m, tw, m + j);
                }
            }
        }
    }

    /** Butterflies number from..to-1 of a stage with half-block size m; butterfly b is j = b mod m in block b / m. */
    private static void butterflies(long[] a, long[] tw, int m, int from, int to) {
        for (int b = from; b < to; b++) {
            int j = b & (m - 1);
            int top = ((b - j) << 1) + j;
            if (j == 0) {
                FrLimbs.addSub(a, top, top + m); // the twiddle is 1: no product
            } else {
                FrLimbs.butterfly(a, top, top + m, tw, m + j);
            }
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
}
