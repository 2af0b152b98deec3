package dev.zkmlc.prover.msm;

import dev.zkmlc.prover.field.FqLimbs;

/**
 * The bucket sums of one Pippenger window by batched affine additions. The window's points are first sorted by
 * bucket (a counting sort), then every bucket's run of points is summed pairwise in rounds: each round adds
 * neighbours (0+1, 2+3, ...) in every bucket at once, so that all the additions of a round are independent and
 * share one field inversion per batch (Montgomery's trick). An affine addition then costs about six field
 * products. Unlike buckets filled one point at a time, a bucket that receives many points (a column of equal
 * scalars) needs no fallback: its run just takes more rounds.
 *
 * <p>Coordinates live in {@link FqLimbs} arrays: point k of a run is x at element 2k, y at 2k + 1.
 */
final class BucketSums {
    /** Pairs per batch inversion: large enough to make the inversion's share small, small enough for the cache. */
    private static final int BATCH = 1024;
    private static final byte ADD = 0;
    private static final byte DOUBLE = 1;
    private static final byte CANCEL = 2;
    private static final byte COPY = 3;

    /** Affine coordinates, two elements per point, in bucket order. */
    final long[] xy;
    /** Point k is the point at infinity (a bucket whose points cancelled). */
    final boolean[] infinity;
    /** Bucket b's points start at start[b]; after {@link #sum} its sum is there when count[b] is 1. */
    final int[] start;
    final int[] count;

    private final int[] next;
    /** Bucket sums carried from one load to the next (see {@link #load} with keep). */
    private final long[] keptXy;
    private final boolean[] kept;
    private final long[] den = FqLimbs.newArray(BATCH);
    private final long[] scratch = FqLimbs.newArray(BATCH);
    private final long[] t = FqLimbs.newArray(6);
    /** A round's pairs: points first[k] and first[k] + 1 go to dest[k]. */
    private final int[] first;
    private final int[] dest;
    private final byte[] kind = new byte[BATCH];

    /** A workspace for windows of up to capacity points and the given number of buckets, reused window after window. */
    BucketSums(int capacity, int buckets) {
        this.xy = FqLimbs.newArray(2 * capacity);
        this.infinity = new boolean[capacity];
        this.start = new int[buckets];
        this.count = new int[buckets];
        this.next = new int[buckets];
        this.keptXy = FqLimbs.newArray(2 * buckets);
        this.kept = new boolean[buckets];
        this.first = new int[capacity / 2 + 1];
        this.dest = new int[capacity / 2 + 1];
    }

    /**
     * Sorts the points of windows [firstWindow, firstWindow + windows) into their buckets: entry j in [from, to)
     * of window w is point w·stride + idx[j] of points (affine, x at element 2i and y at 2i + 1) with digit
     * digits[w·m + j], which puts it into bucket |digit| - 1, negated when the digit's sign differs from the
     * scalar's (negative[idx[j]]). Stride 0 reads the same points in every window; a base table's stride is its
     * size.
     */
    void load(long[] points, int stride, int[] idx, boolean[] negative, short[] digits, int m, int firstWindow,
              int windows, int from, int to) {
        load(points, stride, idx, negative, digits, m, firstWindow, windows, from, to, false);
    }

    /**
     * As {@link #load(long[], int, int[], boolean[], short[], int, int, int, int, int)}; with keep, each bucket
     * starts with its sum so far (from the last {@link #sum}), so that windows can be added a few at a time.
     */
    void load(long[] points, int stride, int[] idx, boolean[] negative, short[] digits, int m, int firstWindow,
              int windows, int from, int to, boolean keep) {
        // Each loop is a method of its own: see the note in Msm on compiling long loops.
        if (keep) {
            keepSums();
        }
        for (int b = 0; b < start.length; b++) {
            count[b] = keep && kept[b] ? 1 : 0;
        }
        for (int w = firstWindow; w < firstWindow + windows; w++) {
            countDigits(digits, w * m, from, to);
        }
        int total = 0;
        for (int b = 0; b < start.length; b++) {
            start[b] = total;
            next[b] = total;
            total += count[b];
        }
        java.util.Arrays.fill(infinity, 0, total, false);
        if (keep) {
            restoreSums();
        }
        for (int w = firstWindow; w < firstWindow + windows; w++) {
            scatter(points, w * stride, idx, negative, digits, w * m, from, to);
        }
    }

    /** Moves each bucket's sum to keptXy at its bucket's index, before the new layout overwrites it. */
    private void keepSums() {
        for (int b = 0; b < start.length; b++) {
            boolean has = count[b] == 1 && !infinity[start[b]];
            kept[b] = has;
            if (has) {
                System.arraycopy(xy, 8 * start[b], keptXy, 8 * b, 8);
            }
        }
    }

    private void restoreSums() {
        for (int b = 0; b < start.length; b++) {
            if (kept[b]) {
                System.arraycopy(keptXy, 8 * b, xy, 8 * next[b]++, 8);
            }
        }
    }

    private void countDigits(short[] digits, int off, int from, int to) {
        for (int j = from; j < to; j++) {
            int d = digits[off + j];
            if (d != 0) {
                count[Math.abs(d) - 1]++;
            }
        }
    }

    /** Copies the points of one window into their buckets, negated where digit and scalar signs differ. */
    private void scatter(long[] points, int base, int[] idx, boolean[] negative, short[] digits, int off, int from,
                         int to) {
        for (int j = from; j < to; j++) {
            int d = digits[off + j];
            if (d == 0) {
                continue;
            }
            int k = next[Math.abs(d) - 1]++;
            int i = idx[j];
            int p = base + i;
            System.arraycopy(points, 8 * p, xy, 8 * k, 4);
            if ((d < 0) != negative[i]) {
                FqLimbs.neg(points, 2 * p + 1, xy, 2 * k + 1);
            } else {
                System.arraycopy(points, 8 * p + 4, xy, 8 * k + 4, 4);
            }
        }
    }

    /** Reduces every bucket to one point (or none). */
    void sum() {
        boolean more = true;
        while (more) {
            addRound();
            more = halveCounts();
        }
    }

    /** One round: the neighbours of every bucket's run added pairwise, in batches. */
    private void addRound() {
        int pairs = collectPairs();
        for (int off = 0; off < pairs; off += BATCH) {
            addPairs(off, Math.min(BATCH, pairs - off));
        }
    }

    /** The round's pairs, bucket by bucket, into first and dest; returns their number. */
    private int collectPairs() {
        int pairs = 0;
        for (int b = 0; b < start.length; b++) {
            int c = count[b];
            if (c < 2) {
                continue;
            }
            int s = start[b];
            for (int i = 0; i < c / 2; i++) {
                first[pairs] = s + 2 * i;
                dest[pairs] = s + i;
                pairs++;
            }
        }
        return pairs;
    }

    /**
     * After a round: the odd points move next to their bucket's sums (only now: no pair of the round reads them
     * any more). Whether some bucket still holds more than one point.
     */
    private boolean halveCounts() {
        boolean more = false;
        for (int b = 0; b < start.length; b++) {
            int c = count[b];
            if (c < 2) {
                continue;
            }
            int s = start[b];
            if ((c & 1) == 1) {
                move(s + c - 1, s + c / 2);
            }
            count[b] = (c + 1) / 2;
            more |= count[b] > 1;
        }
        return more;
    }

    private void move(int from, int to) {
        System.arraycopy(xy, 8 * from, xy, 8 * to, 8);
        infinity[to] = infinity[from];
    }

    /**
     * Points first[k] + (first[k] + 1) into dest[k] for k in [off, off + pairs) (dest[k] <= first[k], increasing):
     * earlier batches write only below what later ones read.
     */
    private void addPairs(int off, int pairs) {
        denominators(off, pairs);
        FqLimbs.batchInvert(den, 0, pairs, scratch);
        combine(off, pairs);
    }

    /** Each pair's kind and the denominator of its λ (1 where there is none). */
    private void denominators(int off, int pairs) {
        for (int k = 0; k < pairs; k++) {
            int a = first[off + k];
            int b = a + 1;
            if (infinity[a] || infinity[b]) {
                kind[k] = COPY;
                FqLimbs.set(den, k, dev.zkmlc.prover.field.Fq.ONE);
            } else if (FqLimbs.equal(xy, 2 * a, xy, 2 * b)) {
                if (FqLimbs.equal(xy, 2 * a + 1, xy, 2 * b + 1)) {
                    kind[k] = DOUBLE;
                    FqLimbs.dbl(xy, 2 * a + 1, den, k);
                } else {
                    kind[k] = CANCEL;
                    FqLimbs.set(den, k, dev.zkmlc.prover.field.Fq.ONE);
                }
            } else {
                kind[k] = ADD;
                FqLimbs.sub(xy, 2 * b, xy, 2 * a, den, k);
            }
        }
    }

    /** Each pair's sum into its destination, from the inverted denominators. */
    private void combine(int off, int pairs) {
        final int lambda = 0, x3 = 1, tmp = 2;
        for (int k = 0; k < pairs; k++) {
            int a = first[off + k];
            int b = a + 1;
            int d = dest[off + k];
            switch (kind[k]) {
                case COPY:
                    if (infinity[a]) {
                        move(b, d);
                    } else {
                        move(a, d);
                    }
                    continue;
                case CANCEL:
                    infinity[d] = true;
                    continue;
                case DOUBLE:
                    // λ = 3x² / 2y
                    FqLimbs.square(xy, 2 * a, t, tmp);
                    FqLimbs.dbl(t, tmp, t, lambda);
                    FqLimbs.add(t, lambda, t, tmp, t, lambda);
                    FqLimbs.mul(t, lambda, den, k, t, lambda);
                    break;
                default:
                    // λ = (y_b - y_a) / (x_b - x_a)
                    FqLimbs.sub(xy, 2 * b + 1, xy, 2 * a + 1, t, lambda);
                    FqLimbs.mul(t, lambda, den, k, t, lambda);
                    break;
            }
            // x3 = λ² - x_a - x_b, y3 = λ(x_a - x3) - y_a
            FqLimbs.square(t, lambda, t, x3);
            FqLimbs.sub(t, x3, xy, 2 * a, t, x3);
            FqLimbs.sub(t, x3, xy, 2 * b, t, x3);
            FqLimbs.sub(xy, 2 * a, t, x3, t, tmp);
            FqLimbs.mul(t, lambda, t, tmp, t, tmp);
            FqLimbs.sub(t, tmp, xy, 2 * a + 1, xy, 2 * d + 1);
            FqLimbs.copy(t, x3, xy, 2 * d);
            infinity[d] = false;
        }
    }
}
