package dev.zkmlc.cli;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.optimizer.cost.DefaultCostModel;
import dev.zkmlc.prover.kzg.Kzg;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import dev.zkmlc.prover.srs.DevSrs;
import dev.zkmlc.prover.srs.Srs;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/**
 * Measures a {@link CostProfile} with the real prover's kernels: NTTs of 2^10..2^maxLog points; commitments as the
 * prover makes them (a development SRS with the base tables a proving key carries, {@link Kzg#commitLagrangeAll} of
 * witness-like columns of small signed values with full-size blinding rows, {@link Kzg#commitAll} of random
 * coefficients, several columns at once as the prover batches them) of 2^9..2^13 points, and full-scalar ones without
 * the tables (keys outside 2^11..2^16 rows), 2^10..2^13 points, for Pippenger's shape; Montgomery multiplications;
 * and witness cell filling. The NTT's shape (n log n) is fitted by least squares through the origin, each
 * commitment's (a cost per point, per window for full scalars, plus a fixed part per commitment) by least squares,
 * so the profile extrapolates to the sizes a search compares. Lookup rows are costed as the multiplications a logUp
 * row takes (two batched inversions of three multiplications each, the running sum and the multiplicity, fourteen in
 * all). All figures are CPU time, so the profile's unit is CPU nanoseconds.
 */
final class CostCalibration {
    private static final int LOOKUP_MULS_PER_ROW = 14;
    /** Commitment sizes measured: 2^9 (the smallest circuits a search compares) to 2^13 (a 2^13 SRS and its tables: seconds). */
    private static final int COMMIT_LO = 9;
    private static final int COMMIT_HI = 13;
    /** Columns committed at once, as the prover batches the columns of one phase (two per core on two cores). */
    private static final int BATCH = 4;
    /** Rows of random values at the end of every committed column (the prover's blinding rows). */
    private static final int BLINDING_ROWS = 6;
    private static final long MIN_CPU_NANOS = 150_000_000L;

    /** Reports each step as it is measured. */
    interface Progress {
        void step(String what, double value);
    }

    private CostCalibration() {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * CPU time of the whole process (the kernels run on the ForkJoin pool): on a shared, loaded machine wall
     * clock measures the other users, CPU time measures the work.
     */
    private static long cpu() {
        return OS.getProcessCpuTime();
    }

    static CostProfile measure(int maxLog, Progress progress) {
        int lo = 10;
        double mul = fieldMul();
        progress.step("field multiplication (ns)", mul);
        double ntt = fit(lo, maxLog, CostCalibration::ntt, log -> (double) (1L << log) * log);
        progress.step("NTT (ns per point per level)", ntt);
        Srs plain = DevSrs.generate((1 << COMMIT_HI) + 1, DevSrs.tau(1));
        double pippenger = fit(COMMIT_LO + 1, COMMIT_HI, log -> commit(plain, log, true),
                log -> BATCH * (1L << log) * 254.0 / log);
        progress.step("commitment without base table (ns per point per window)", pippenger);
        Srs srs = plain.withBaseTables();
        double[] full = fitLine(log -> commit(srs, log, true), log -> (1L << log) * (double) DefaultCostModel.FULL_SCALAR_WINDOWS);
        progress.step("commitment, full scalars (ns per point per window)", full[0]);
        progress.step("commitment, full scalars (ns fixed)", full[1]);
        double[] small = fitLine(log -> commit(srs, log, false), log -> (double) (1L << log));
        progress.step("commitment, small scalars (ns per point)", small[0]);
        progress.step("commitment, small scalars (ns fixed)", small[1]);
        double witness = witnessCell();
        progress.step("witness (ns per cell)", witness);
        String source = "zkmlc calibrate-cost on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + LocalDate.now(ZoneOffset.UTC);
        return new CostProfile(source, ntt, full[0], full[1], pippenger, small[0], small[1], mul, LOOKUP_MULS_PER_ROW * mul,
                witness);
    }

    /** c minimising sum (t - c x)^2 over log sizes lo..hi, each timed as the best of three after a warm-up. */
    private static double fit(int lo, int hi, IntFunction<Runnable> kernel, IntToDoubleFunction x) {
        double sxt = 0;
        double sxx = 0;
        for (int log = lo; log <= hi; log += 1) {
            Runnable k = kernel.apply(log);
            k.run();
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                best = Math.min(best, nanosPerRun(k));
            }
            double xv = x.applyAsDouble(log);
            sxt += xv * best;
            sxx += xv * xv;
        }
        return sxt / sxx;
    }

    private static double fieldMul() {
        SplittableRandom rnd = new SplittableRandom(1);
        long[] a = FrLimbs.newArray(4);
        for (int i = 0; i < 4; i++) {
            FrLimbs.set(a, i, Fr.random(rnd));
        }
        int n = 1_000_000;
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t = cpu();
            for (int i = 0; i < n; i++) {
                FrLimbs.mul(a, 0, a, 3, a, 0);
                FrLimbs.mul(a, 1, a, 3, a, 1);
                FrLimbs.mul(a, 2, a, 3, a, 2);
            }
            best = Math.min(best, (cpu() - t) / (3.0 * n));
        }
        return best;
    }

    /**
     * CPU nanoseconds of one run, over as many runs as fill {@link #MIN_CPU_NANOS}: the process CPU clock
     * ticks in milliseconds on some systems, longer than a small kernel runs.
     */
    private static double nanosPerRun(Runnable kernel) {
        long start = cpu();
        long runs = 0;
        long elapsed;
        do {
            kernel.run();
            runs++;
            elapsed = cpu() - start;
        } while (elapsed < MIN_CPU_NANOS);
        return elapsed / (double) runs;
    }

    private static Runnable ntt(int log) {
        Domain d = new Domain(log);
        SplittableRandom rnd = new SplittableRandom(3);
        long[] a = FrLimbs.newArray(d.size);
        for (int i = 0; i < d.size; i++) {
            FrLimbs.set(a, i, Fr.random(rnd));
        }
        return () -> Ntt.forward(a, d);
    }

    /**
     * {a, b} minimising sum (t - a x - b)^2 over the commitment sizes, each timed per column as the best of three
     * after a warm-up; with b >= 0 (a negative fixed part is noise: then the fit through the origin).
     */
    private static double[] fitLine(IntFunction<Runnable> kernel, IntToDoubleFunction x) {
        // The largest size first, a few times: the small sizes would otherwise pay for the JIT compiling the MSM.
        Runnable warm = kernel.apply(COMMIT_HI);
        for (int i = 0; i < 3; i++) {
            warm.run();
        }
        int m = COMMIT_HI - COMMIT_LO + 1;
        double[] xs = new double[m];
        double[] ts = new double[m];
        for (int log = COMMIT_LO; log <= COMMIT_HI; log++) {
            Runnable k = kernel.apply(log);
            k.run();
            double best = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                best = Math.min(best, nanosPerRun(k) / BATCH);
            }
            xs[log - COMMIT_LO] = x.applyAsDouble(log);
            ts[log - COMMIT_LO] = best;
        }
        double mx = java.util.Arrays.stream(xs).average().orElse(0);
        double mt = java.util.Arrays.stream(ts).average().orElse(0);
        double sxt = 0;
        double sxx = 0;
        for (int i = 0; i < m; i++) {
            sxt += (xs[i] - mx) * (ts[i] - mt);
            sxx += (xs[i] - mx) * (xs[i] - mx);
        }
        double a = sxt / sxx;
        double b = mt - a * mx;
        if (b >= 0) {
            return new double[] {a, b};
        }
        double sxt0 = 0;
        double sxx0 = 0;
        for (int i = 0; i < m; i++) {
            sxt0 += xs[i] * ts[i];
            sxx0 += xs[i] * xs[i];
        }
        return new double[] {sxt0 / sxx0, 0};
    }

    /**
     * {@link #BATCH} columns of 2^log points committed at once as the prover commits them: full scalars as polynomial
     * coefficients (quotient pieces, and like them the grand products and running sums, which are random values), small
     * ones as values in the Lagrange basis, drawn like a quantized witness (a quarter zeros, half 8-bit, a quarter
     * 16-bit signed values) with {@link #BLINDING_ROWS} random rows.
     */
    private static Runnable commit(Srs srs, int log, boolean fullScalars) {
        int n = 1 << log;
        SplittableRandom rnd = new SplittableRandom(4 + log);
        List<long[]> columns = new ArrayList<>();
        for (int c = 0; c < BATCH; c++) {
            long[] v = FrLimbs.newArray(n);
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(4);
                Fr value = fullScalars || i >= n - BLINDING_ROWS ? Fr.random(rnd)
                        : kind == 0 ? Fr.ZERO
                        : kind == 3 ? Fr.of(rnd.nextInt(-(1 << 15), 1 << 15)) : Fr.of(rnd.nextInt(-128, 128));
                FrLimbs.set(v, i, value);
            }
            columns.add(v);
        }
        return fullScalars ? () -> Kzg.commitAll(srs, columns) : () -> Kzg.commitLagrangeAll(srs, columns, log);
    }

    private static double witnessCell() {
        int rows = 1 << 15;
        int cols = 8;
        Column[] cs = new Column[cols];
        for (int c = 0; c < cols; c++) {
            cs[c] = new Column(ColumnKind.ADVICE, c, "a" + c);
        }
        Runnable fill = () -> {
            Witness.Builder b = Witness.builder();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    b.set(cs[c], r, (long) (r * 31 + c) - 1000);
                }
            }
            b.build();
        };
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 4; rep++) {
            best = Math.min(best, nanosPerRun(fill) / (rows * cols));
        }
        return best;
    }
}
