package dev.zkmlc.prover.msm;

import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.FqLimbs;
import java.math.BigInteger;
import java.util.stream.IntStream;

/**
 * Precomputed multiples of fixed MSM bases (an SRS's G1 powers or Lagrange basis, the same for every proof):
 * the affine points 2^(c·w)·P_i for every base P_i and window w below {@link #windows}, with c =
 * {@link #windowBits}. With them, an MSM over full-size scalars puts the digit of every window of every scalar into
 * one set of buckets (window w's digit d adds d·2^(c·w)·P_i as d times the table's point): one bucket reduction
 * instead of one per window and no doublings between windows, which leaves room for wider windows, so fewer
 * bucket additions. Measured on 2^14 bases, about a quarter less work per full-size MSM.
 *
 * <p>Costs 2^(c·w)·P_i for every w: windows·size points (64 bytes each), computed once (at setup, about
 * c·windows affine doublings per base) and kept with the key. Immutable.
 */
public final class BaseTable {
    /** 13-bit windows: 20 of them cover a signed 253-bit magnitude plus its carry (see {@link Msm}). */
    public static final int WINDOW_BITS = 13;
    public static final int WINDOWS = 20;
    /** Affine doublings per batch inversion. */
    private static final int BATCH = 1024;

    private final int size;
    private final int windowBits;
    private final int windows;
    /** Point (w, i) = 2^(c·w)·P_i: x at element 2(w·size + i), y at the next; window 0 holds the bases. */
    final long[] xy;

    private BaseTable(int size, int windowBits, int windows, long[] xy) {
        this.size = size;
        this.windowBits = windowBits;
        this.windows = windows;
        this.xy = xy;
    }

    /** The table of the given bases, none of them the point at infinity (an SRS has none), in parallel. */
    public static BaseTable build(G1Affine[] bases) {
        int m = bases.length;
        for (G1Affine b : bases) {
            if (b.infinity) {
                throw new IllegalArgumentException("a base table needs finite bases");
            }
        }
        long[] xy = FqLimbs.newArray(Math.multiplyExact(2 * m, WINDOWS));
        for (int i = 0; i < m; i++) {
            FqLimbs.set(xy, 2 * i, bases[i].x);
            FqLimbs.set(xy, 2 * i + 1, bases[i].y);
        }
        int chunks = (m + BATCH - 1) / BATCH;
        for (int w = 1; w < WINDOWS; w++) {
            final int from = (w - 1) * m;
            final int to = w * m;
            System.arraycopy(xy, 8 * from, xy, 8 * to, 8 * m);
            IntStream.range(0, chunks).parallel().forEach(ch -> {
                int start = to + ch * BATCH;
                int count = Math.min(BATCH, to + m - start);
                long[] den = FqLimbs.newArray(count);
                long[] scratch = FqLimbs.newArray(count);
                long[] t = FqLimbs.newArray(3);
                for (int d = 0; d < WINDOW_BITS; d++) {
                    doubleAll(xy, start, count, den, scratch, t);
                }
            });
        }
        return new BaseTable(m, WINDOW_BITS, WINDOWS, xy);
    }

    /**
     * A table as a key file holds it: the bases, and the windows above the first ({@link #higherWindows}). The
     * shape is checked, and a few points against the bases (a table made for other bases is refused); the rest
     * are not (a damaged table only spoils its holder's commitments, which verifiers then reject).
     */
    public static BaseTable of(G1Affine[] bases, int windowBits, int windows, long[] higher) {
        int m = bases.length;
        if (m == 0 || windowBits != WINDOW_BITS || windows != WINDOWS || higher.length != 8L * m * (windows - 1)) {
            throw new IllegalArgumentException("not a base table of " + m + " points in " + WINDOWS + " windows of "
                    + WINDOW_BITS + " bits: " + windows + " windows of " + windowBits + " bits, " + higher.length + " limbs");
        }
        long[] xy = FqLimbs.newArray(Math.multiplyExact(2 * m, windows));
        for (int i = 0; i < m; i++) {
            if (bases[i].infinity) {
                throw new IllegalArgumentException("a base table needs finite bases");
            }
            FqLimbs.set(xy, 2 * i, bases[i].x);
            FqLimbs.set(xy, 2 * i + 1, bases[i].y);
        }
        System.arraycopy(higher, 0, xy, 8 * m, higher.length);
        BaseTable t = new BaseTable(m, windowBits, windows, xy);
        int[] probes = {0, m / 3, m - 1};
        for (int k = 0; k < probes.length; k++) {
            int i = probes[k];
            int w = 1 + (7 * k + i) % (windows - 1);
            G1Affine expected = bases[i].toJacobian().mul(BigInteger.ONE.shiftLeft(windowBits * w)).toAffine();
            if (!t.point(w, i).equals(expected)) {
                throw new IllegalArgumentException("the base table does not hold 2^" + (windowBits * w) + " times base " + i);
            }
        }
        return t;
    }

    private G1Affine point(int w, int i) {
        int e = 2 * (w * size + i);
        Fq x = FqLimbs.get(xy, e);
        Fq y = FqLimbs.get(xy, e + 1);
        if (x == null || y == null) {
            throw new IllegalArgumentException("base table point " + i + " of window " + w + " has an unreduced coordinate");
        }
        return G1Affine.of(x, y);
    }

    public int size() {
        return size;
    }

    public int windowBits() {
        return windowBits;
    }

    public int windows() {
        return windows;
    }

    /** The Montgomery limbs of windows 1 and up, as {@link #of} takes them (a copy). */
    public long[] higherWindows() {
        return java.util.Arrays.copyOfRange(xy, 8 * size, xy.length);
    }

    /** Points start..start+count-1 doubled in place by batched affine doubling (no point has y = 0 in G1). */
    private static void doubleAll(long[] xy, int start, int count, long[] den, long[] scratch, long[] t) {
        for (int k = 0; k < count; k++) {
            FqLimbs.dbl(xy, 2 * (start + k) + 1, den, k);
        }
        FqLimbs.batchInvert(den, 0, count, scratch);
        final int lambda = 0, x3 = 1, tmp = 2;
        for (int k = 0; k < count; k++) {
            int x = 2 * (start + k);
            int y = x + 1;
            // λ = 3x² / 2y, x3 = λ² - 2x, y3 = λ(x - x3) - y
            FqLimbs.square(xy, x, t, tmp);
            FqLimbs.dbl(t, tmp, t, lambda);
            FqLimbs.add(t, lambda, t, tmp, t, lambda);
            FqLimbs.mul(t, lambda, den, k, t, lambda);
            FqLimbs.square(t, lambda, t, x3);
            FqLimbs.sub(t, x3, xy, x, t, x3);
            FqLimbs.sub(t, x3, xy, x, t, x3);
            FqLimbs.sub(xy, x, t, x3, t, tmp);
            FqLimbs.mul(t, lambda, t, tmp, t, tmp);
            FqLimbs.sub(t, tmp, xy, y, xy, y);
            FqLimbs.copy(t, x3, xy, x);
        }
    }
}
