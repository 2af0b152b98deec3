package dev.zkmlc.prover.msm;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.field.FqLimbs;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p>Each window's buckets are summed with batched affine additions ({@link BucketSums}) on flat limb arrays, then
 * combined by the running-sum reduction in Jacobian coordinates ({@link Jacobian}); nothing in the inner loops
 * allocates. Windows (and, when there are few windows, slices of the points) run as independent tasks on the
 * common ForkJoin pool.
 */
public final class Msm {
    private Msm() {
    }

    /**
     * Scalars are grouped by the bit length of their magnitude, at most 8, 16, 64 or 254 bits: quantized values,
     * accumulators and limbs, and full field elements. Each group needs only the windows its largest member does.
     */
    private static final int[] TIERS = {8, 16, 64, 256};
    private static final int MAX_WINDOW = 16;
    private static final int MIN_POINTS_PER_TASK = 1 << 10;
    /**
     * Windows of a base table summed at a time, the buckets keeping their sums in between: the bucket additions
     * then work on about a MiB, which the caches hold (all 20 windows at once: 10 MiB, and a fifth slower).
     */
    private static final int TABLE_WINDOWS_PER_LOAD = 2;
    /** Field products per point of a batched affine addition, and per bucket of the Jacobian reduction. */
    private static final int COST_PER_POINT = 6;
    private static final int COST_PER_BUCKET = 27;

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
        boolean[] infinity = new boolean[n];
        for (int i = 0; i < n; i++) {
            infinity[i] = bases[i].infinity;
        }
        return msm(flatten(bases, n), infinity, null, scalarLimbs, Runtime.getRuntime().availableProcessors());
    }

    /**
     * As {@link #msm(G1Affine[], long[])} with the table's bases: the full-size scalars go through the table's
     * precomputed multiples (one bucket set for all windows), the small ones as without it.
     */
    public static G1 msm(BaseTable table, long[] scalarLimbs) {
        int n = scalarLimbs.length / 4;
        if (n > table.size()) {
            throw new IllegalArgumentException(n + " scalars but only " + table.size() + " bases");
        }
        // Window 0 of the table is the bases in the flat layout the Pippenger passes read.
        return msm(table.xy, new boolean[n], table, scalarLimbs, Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@link #msm(BaseTable, long[])} of each scalar vector. The MSMs run side by side, one per core, each over all
     * its points: one bucket reduction per MSM instead of one per core, and no wait for the slower half. The
     * last few, fewer than the cores, are each split between the cores as usual, so that none waits idle.
     */
    public static G1[] msmAll(BaseTable table, List<long[]> scalarLimbs) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int count = scalarLimbs.size();
        int together = count - count % threads;
        G1[] out = new G1[count];
        IntStream.range(0, together).parallel().forEach(i -> out[i] = msmWithParts(table, scalarLimbs.get(i), 1));
        for (int i = together; i < count; i++) {
            out[i] = msm(table, scalarLimbs.get(i));
        }
        return out;
    }

    private static G1 msmWithParts(BaseTable table, long[] scalarLimbs, int parts) {
        int n = scalarLimbs.length / 4;
        if (n > table.size()) {
            throw new IllegalArgumentException(n + " scalars but only " + table.size() + " bases");
        }
        return msm(table.xy, new boolean[n], table, scalarLimbs, parts);
    }

    /** maxParts: how many cores a table's Pippenger may split its points between. */
    private static G1 msm(long[] points, boolean[] infinity, BaseTable table, long[] scalarLimbs, int maxParts) {
        int n = scalarLimbs.length / 4;
        SignedScalars s = new SignedScalars(scalarLimbs, n);
        int[] tierOf = new int[n];
        int[] counts = tiers(s, infinity, tierOf);
        long[] acc = FqLimbs.newArray(3);
        long[] t = FqLimbs.newArray(Jacobian.SCRATCH);
        for (int tier = 0; tier < TIERS.length; tier++) {
            int[] idx = members(tierOf, tier, counts[tier]);
            boolean tabled = table != null && TIERS[tier] > 64 && idx.length >= MIN_POINTS_PER_TASK;
            Jacobian.add(acc, 0, tabled ? pippenger(table, s, idx, maxParts) : pippenger(points, s, idx), 0, t);
        }
        return Jacobian.toG1(acc, 0);
    }

    /*
     * The loops over every scalar live in small methods of their own (here, in pippenger and in BucketSums): a long
     * loop inside a large method makes the JIT compile the whole method, with everything it inlines, once per loop
     * (on-stack replacement), which on two cores took seconds of compiler time out of a cold proof.
     */

    /** Each finite non-zero scalar's tier in tierOf (-1 for the others); returns the count per tier. */
    private static int[] tiers(SignedScalars s, boolean[] infinity, int[] tierOf) {
        int[] counts = new int[TIERS.length];
        for (int i = 0; i < tierOf.length; i++) {
            if (infinity[i] || s.bits[i] == 0) {
                tierOf[i] = -1;
                continue;
            }
            int t = 0;
            while (s.bits[i] > TIERS[t]) {
                t++;
            }
            tierOf[i] = t;
            counts[t]++;
        }
        return counts;
    }

    /** The count indices i with tierOf[i] == tier, ascending. */
    private static int[] members(int[] tierOf, int tier, int count) {
        int[] idx = new int[count];
        for (int i = 0, k = 0; i < tierOf.length; i++) {
            if (tierOf[i] == tier) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    /** The largest bit length among the scalars idx. */
    private static int maxBits(SignedScalars s, int[] idx) {
        int maxBits = 0;
        for (int i : idx) {
            maxBits = Math.max(maxBits, s.bits[i]);
        }
        return maxBits;
    }

    /** Affine coordinates of the first n bases, x at element 2i and y at 2i + 1 (infinity left as zeros). */
    private static long[] flatten(G1Affine[] bases, int n) {
        long[] out = FqLimbs.newArray(2 * n);
        for (int i = 0; i < n; i++) {
            if (!bases[i].infinity) {
                FqLimbs.set(out, 2 * i, bases[i].x);
                FqLimbs.set(out, 2 * i + 1, bases[i].y);
            }
        }
        return out;
    }

    /** The naive Σ kᵢ·Pᵢ by double-and-add, for tests and tiny inputs. */
    public static G1 naive(G1Affine[] bases, Fr[] scalars) {
        G1 acc = G1.INFINITY;
        for (int i = 0; i < scalars.length; i++) {
            acc = acc.add(bases[i].toJacobian().mul(scalars[i].toBigInteger()));
        }
        return acc;
    }

    /**
     * The window width minimising the field products: (windows) · (points · batched affine addition + buckets ·
     * the Jacobian additions of the reduction).
     */
    static int windowBits(int points, int maxBits) {
        int best = 1;
        long bestCost = Long.MAX_VALUE;
        for (int c = 1; c <= MAX_WINDOW; c++) {
            long cost = (long) (maxBits / c + 1) * ((long) COST_PER_POINT * points + COST_PER_BUCKET * (1L << (c - 1)));
            if (cost < bestCost) {
                bestCost = cost;
                best = c;
            }
        }
        return best;
    }

    /** Σ over the points idx (all finite) of scalar·point, as a Jacobian point (three elements). */
    private static long[] pippenger(long[] points, SignedScalars s, int[] idx) {
        int m = idx.length;
        int maxBits = maxBits(s, idx);
        long[] acc = FqLimbs.newArray(3);
        if (m == 0 || maxBits == 0) {
            return acc;
        }
        final int c = windowBits(m, maxBits);
        final int windows = maxBits / c + 1;
        final short[] digits = signedDigits(s, idx, c, windows);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        int parts = Math.max(1, Math.min((2 * threads + windows - 1) / windows, m / MIN_POINTS_PER_TASK));
        final int partSize = (m + parts - 1) / parts;
        final int tasks = windows * parts;
        long[][] results = new long[tasks][];
        // A few workers take windows from a shared counter, each with one workspace for all its windows.
        int workers = Math.min(tasks, 2 * threads);
        AtomicInteger nextTask = new AtomicInteger();
        IntStream.range(0, workers).parallel().forEach(worker -> {
            BucketSums sums = new BucketSums(partSize, 1 << (c - 1));
            long[] t = FqLimbs.newArray(Jacobian.SCRATCH);
            for (int task = nextTask.getAndIncrement(); task < tasks; task = nextTask.getAndIncrement()) {
                int w = task / parts;
                int from = (task % parts) * partSize;
                int to = Math.min(m, from + partSize);
                sums.load(points, 0, idx, s.negative, digits, m, w, 1, from, to);
                results[task] = window(sums, t);
            }
        });
        long[] t = FqLimbs.newArray(Jacobian.SCRATCH);
        for (int w = windows - 1; w >= 0; w--) {
            for (int k = 0; k < c; k++) {
                Jacobian.dbl(acc, 0, t);
            }
            for (int p = 0; p < parts; p++) {
                Jacobian.add(acc, 0, results[w * parts + p], 0, t);
            }
        }
        return acc;
    }

    /**
     * Σ over the points idx of scalar·point through the table: every window's digit of every scalar goes into one
     * set of buckets (digit d of window w adds d times the table's 2^(c·w)·P), so one bucket reduction and no
     * doublings; the points are split between the cores, each part with its own buckets. Measured on 2^14 random
     * scalars: 0.155 CPU-s against 0.205 without the table.
     */
    private static long[] pippenger(BaseTable table, SignedScalars s, int[] idx, int maxParts) {
        int m = idx.length;
        int maxBits = maxBits(s, idx);
        final int c = table.windowBits();
        final int windows = maxBits / c + 1;
        if (windows > table.windows()) {
            throw new IllegalStateException(maxBits + "-bit scalars need " + windows + " windows, the table has " + table.windows());
        }
        final short[] digits = signedDigits(s, idx, c, windows);
        int parts = Math.max(1, Math.min(maxParts, m / MIN_POINTS_PER_TASK));
        final int partSize = (m + parts - 1) / parts;
        long[][] results = new long[parts][];
        IntStream.range(0, parts).parallel().forEach(p -> {
            int from = p * partSize;
            int to = Math.min(m, from + partSize);
            int buckets = 1 << (c - 1);
            BucketSums sums = new BucketSums(TABLE_WINDOWS_PER_LOAD * (to - from) + buckets, buckets);
            for (int w = 0; w < windows; w += TABLE_WINDOWS_PER_LOAD) {
                sums.load(table.xy, table.size(), idx, s.negative, digits, m, w,
                        Math.min(TABLE_WINDOWS_PER_LOAD, windows - w), from, to, w > 0);
                sums.sum();
            }
            results[p] = reduce(sums, FqLimbs.newArray(Jacobian.SCRATCH));
        });
        long[] acc = FqLimbs.newArray(3);
        long[] t = FqLimbs.newArray(Jacobian.SCRATCH);
        for (long[] r : results) {
            Jacobian.add(acc, 0, r, 0, t);
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

    /** Σ (b + 1)·bucket_b over a loaded window: a Jacobian point (three elements). */
    private static long[] window(BucketSums sums, long[] t) {
        sums.sum();
        return reduce(sums, t);
    }

    /** Σ (b + 1)·bucket_b over summed buckets (one point or none each), by the running-sum reduction. */
    private static long[] reduce(BucketSums sums, long[] t) {
        long[] acc = FqLimbs.newArray(6);
        // running = Σ_(b' >= b) bucket_b' at element 0, the result Σ running at element 3.
        for (int b = sums.start.length - 1; b >= 0; b--) {
            if (sums.count[b] == 1 && !sums.infinity[sums.start[b]]) {
                Jacobian.addAffine(acc, 0, sums.xy, 2 * sums.start[b], t);
            }
            if (!Jacobian.isInfinity(acc, 0)) {
                Jacobian.add(acc, 3, acc, 0, t);
            }
        }
        return java.util.Arrays.copyOfRange(acc, 12, 24);
    }
}
