package dev.zkmlc.cli;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.optimizer.cost.CostProfile;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/**
 * Measures a {@link CostProfile} with the real prover's kernels: NTTs of 2^10..2^maxLog points, MSMs with random
 * and 8-bit signed scalars, Montgomery multiplications, and witness cell filling. Each kernel's shape
 * (n log n for the NTT, n / log n windows for Pippenger, n for small scalars) is fitted by least squares through
 * the origin, so the profile extrapolates to the sizes a search compares. Lookup rows are costed as the
 * multiplications a logUp row takes (two batched inversions of three multiplications each, the running sum and
 * the multiplicity, fourteen in all). All figures are CPU time, so the profile's unit is CPU nanoseconds.
 */
final class CostCalibration {
    private static final int LOOKUP_MULS_PER_ROW = 14;
    private static final long MIN_CPU_NANOS = 50_000_000L;

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
        int msmMax = Math.min(maxLog, 13);
        G1Affine[] bases = points(1 << msmMax);
        double full = fit(lo, msmMax, log -> msm(bases, log, false), log -> (1L << log) * 254.0 / log);
        progress.step("MSM, full scalars (ns per point per window)", full);
        double small = fit(lo, msmMax, log -> msm(bases, log, true), log -> (double) (1L << log));
        progress.step("MSM, small scalars (ns per point)", small);
        double witness = witnessCell();
        progress.step("witness (ns per cell)", witness);
        String source = "zkmlc calibrate-cost on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", " + LocalDate.now(ZoneOffset.UTC);
        return new CostProfile(source, ntt, full, small, mul, LOOKUP_MULS_PER_ROW * mul, witness);
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

    private static Runnable msm(G1Affine[] all, int log, boolean smallScalars) {
        int n = 1 << log;
        G1Affine[] bases = java.util.Arrays.copyOf(all, n);
        SplittableRandom rnd = new SplittableRandom(4);
        Fr[] scalars = new Fr[n];
        for (int i = 0; i < n; i++) {
            scalars[i] = smallScalars ? Fr.of(rnd.nextInt(-128, 128)) : Fr.random(rnd);
        }
        return () -> Msm.msm(bases, scalars);
    }

    /** Distinct points p + i·s: timing needs distinct bases, not SRS powers. */
    private static G1Affine[] points(int n) {
        G1[] ps = new G1[n];
        G1 step = G1.GENERATOR.mul(BigInteger.valueOf(0x9e3779b97f4a7c15L).abs());
        G1 p = G1.GENERATOR.mul(BigInteger.valueOf(12345));
        for (int i = 0; i < n; i++) {
            ps[i] = p;
            p = p.add(step);
        }
        return G1.batchToAffine(ps);
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
