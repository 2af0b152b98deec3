package dev.zkmlc.prover.msm;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import java.util.stream.IntStream;

/**
 * Multi-scalar multiplication Σ kᵢ·Pᵢ in G1 by Pippenger's bucket method with signed window digits.
 *
 * <p>Scalars are first read as signed integers of least magnitude (see {@link SignedScalars}) and split into groups
 * by magnitude (at most 8, 16, 64 bits, and the rest): most of a quantized zkML witness is small (activations,
 * limbs, remainders), a few values are full-size (blinding factors, quotient chunks). Each group runs its own
 * Pippenger with only as many windows as its largest magnitude needs, so a column of 8-bit values costs one window
 * instead of ~20, and a few large outliers do not drag the small values into full-width windows.
 *
 * <p>Each window's buckets are filled with batched affine additions ({@link AffineBuckets}) when there are enough
 * buckets for batches to find distinct targets, and with mixed Jacobian additions otherwise. Windows (and, when
 * there are few windows, slices of the points) run as independent tasks on the common ForkJoin pool.
 */
public final class Msm {
    private Msm() {
    }

    /**
     * Scalars are grouped by the bit length of their magnitude, at most 8, 16, 64 or 254 bits: quantized values,
     * accumulators and limbs, and full field elements. Each group needs only the windows its largest member does.
     */
    private static final int[] TIERS = {8, 16, 64, 256};
    private static final int MAX_WINDOW = 15;
    private static final int MIN_POINTS_PER_TASK = 1 << 10;
    private static final int AFFINE_MIN_BUCKETS = 1 << 7;

    public static G1 msm(G1Affine[] bases, Fr[] scalars) {
        long[] limbs = FrLimbs.newArray(scalars.length);
        for (int i = 0; i < scalars.length; i++) {
            FrLimbs.set(limbs, i, scalars[i]);
        }
        return msm(bases, limbs);
    }

    /** Scalars in the Montgomery limb layout of {@link FrLimbs}, one per base (extra bases are ignored). */
    public static G1 msm(G1Affine[] bases, long[] scalarLimbs) {
        int n = scalarLimbs.length / 4;
        if (n > bases.length) {
            throw new IllegalArgumentException(n + " scalars but only " + bases.length + " bases");
        }
        SignedScalars s = new SignedScalars(scalarLimbs, n);
        int[] tierOf = new int[n];
        int[] counts = new int[TIERS.length];
        for (int i = 0; i < n; i++) {
            int t = 0;
            while (s.bits[i] > TIERS[t]) {
                t++;
            }
            tierOf[i] = t;
            counts[t]++;
        }
        G1 acc = G1.INFINITY;
        for (int t = 0; t < TIERS.length; t++) {
            int[] idx = new int[counts[t]];
            for (int i = 0, k = 0; i < n; i++) {
                if (tierOf[i] == t) {
                    idx[k++] = i;
                }
            }
            acc = acc.add(pippenger(bases, s, idx));
        }
        return acc;
    }

    /** The naive Σ kᵢ·Pᵢ by double-and-add, for tests and tiny inputs. */
    public static G1 naive(G1Affine[] bases, Fr[] scalars) {
        G1 acc = G1.INFINITY;
        for (int i = 0; i < scalars.length; i++) {
            acc = acc.add(bases[i].toJacobian().mul(scalars[i].toBigInteger()));
        }
        return acc;
    }

    /** The window width minimising (windows) · (points + buckets), the additions of bucket filling and summing. */
    static int windowBits(int points, int maxBits) {
        int best = 1;
        long bestCost = Long.MAX_VALUE;
        for (int c = 1; c <= MAX_WINDOW; c++) {
            long cost = (long) (maxBits / c + 1) * (points + (1L << c));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    private static G1 pippenger(G1Affine[] bases, SignedScalars s, int[] idx) {
        int m = idx.length;
        int maxBits = 0;
        for (int i : idx) {
            maxBits = Math.max(maxBits, s.bits[i]);
        }
        if (m == 0 || maxBits == 0) {
            return G1.INFINITY;
        }
        final int c = windowBits(m, maxBits);
        final int windows = maxBits / c + 1;
        final short[] digits = signedDigits(s, idx, c, windows);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int parts = Math.max(1, Math.min((2 * threads + windows - 1) / windows, m / MIN_POINTS_PER_TASK));
        final int partSize = (m + parts - 1) / parts;
        final int tasks = windows * parts;
        G1[] results = new G1[tasks];
        IntStream.range(0, tasks).parallel().forEach(t -> {
            int w = t / parts;
            int from = (t % parts) * partSize;
            int to = Math.min(m, from + partSize);
            results[t] = window(bases, s, idx, digits, w * m, from, to, c);
        });
        G1 acc = G1.INFINITY;
        for (int w = windows - 1; w >= 0; w--) {
            for (int k = 0; k < c; k++) {
                acc = acc.dbl();
            }
            for (int p = 0; p < parts; p++) {
                acc = acc.add(results[w * parts + p]);
            }
        }
        return acc;
    }

    /**
     * Digits d_w in [-(2^(c-1) - 1), 2^(c-1)] with Σ d_w·2^(cw) = magnitude: a window value above 2^(c-1) becomes
     * negative and carries one into the next window. Halves the buckets compared with unsigned digits.
     */
    private static short[] signedDigits(SignedScalars s, int[] idx, int c, int windows) {
        int m = idx.length;
        short[] digits = new short[windows * m];
        int half = 1 << (c - 1);
        for (int j = 0; j < m; j++) {
            int i = idx[j];
            int carry = 0;
            for (int w = 0; w < windows; w++) {
                int v = s.window(i, w * c, c) + carry;
                if (v > half) {
                    v -= 1 << c;
                    carry = 1;
                } else {
                    carry = 0;
                }
                digits[w * m + j] = (short) v;
            }
        }
        return digits;
    }

    /** Σ over points [from, to) of digit·point for one window: buckets, then the running-sum reduction. */
    private static G1 window(G1Affine[] bases, SignedScalars s, int[] idx, short[] digits, int off, int from, int to,
                             int c) {
        int buckets = 1 << (c - 1);
        if (buckets >= AFFINE_MIN_BUCKETS && to - from >= 4 * buckets) {
            AffineBuckets acc = new AffineBuckets(buckets, Math.min(512, buckets / 4));
            for (int j = from; j < to; j++) {
                int d = digits[off + j];
                G1Affine p = bases[idx[j]];
                if (d == 0 || p.infinity) {
                    continue;
                }
                boolean neg = (d < 0) != s.negative[idx[j]];
                acc.add(Math.abs(d) - 1, p.x, neg ? p.y.neg() : p.y);
            }
            acc.finish();
            G1 running = G1.INFINITY;
            G1 sum = G1.INFINITY;
            for (int b = buckets - 1; b >= 0; b--) {
                if (acc.has[b]) {
                    running = running.addAffine(acc.x[b], acc.y[b]);
                }
                if (acc.overflow[b] != null) {
                    running = running.add(acc.overflow[b]);
                }
                sum = sum.add(running);
            }
            return sum;
        }
        G1[] bucket = new G1[buckets];
        java.util.Arrays.fill(bucket, G1.INFINITY);
        for (int j = from; j < to; j++) {
            int d = digits[off + j];
            G1Affine p = bases[idx[j]];
            if (d == 0 || p.infinity) {
                continue;
            }
            boolean neg = (d < 0) != s.negative[idx[j]];
            int b = Math.abs(d) - 1;
            bucket[b] = bucket[b].add(neg ? p.neg() : p);
        }
        G1 running = G1.INFINITY;
        G1 sum = G1.INFINITY;
        for (int b = buckets - 1; b >= 0; b--) {
            running = running.add(bucket[b]);
            sum = sum.add(running);
        }
        return sum;
    }
}
