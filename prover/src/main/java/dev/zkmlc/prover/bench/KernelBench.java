package dev.zkmlc.prover.bench;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.pairing.Pairing;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Wall-clock figures for the prover's kernels: {@code java -cp ... dev.zkmlc.prover.bench.KernelBench [logNtt...]}.
 * Each figure is the best of several runs after warm-up. Single-threaded kernels are timed in thread CPU time, so
 * that other processes on a shared machine do not inflate them; multi-threaded ones in wall-clock time, printed
 * with the load average they ran under.
 */
public final class KernelBench {
    private KernelBench() {
    }

    public static void main(String[] args) {
        int maxLog = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        System.out.printf("cores: %d, java %s, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        fqMul();
        frMul();
        pairing();
        for (int log = 16; log <= maxLog; log += 4) {
            ntt(log);
            msm(log);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** CPU time of the whole process (all threads): with the wall time it shows how much of both cores a run had. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void fqMul() {
        Random rnd = new Random(1);
        Fq[] xs = new Fq[4];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Fq.random(rnd);
        }
        Fq y = Fq.random(rnd);
        int n = 10_000_000;
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 6; rep++) {
            Fq a = xs[0], b = xs[1], c = xs[2], d = xs[3];
            long t = cpu();
            for (int i = 0; i < n; i++) {
                // Four independent chains: throughput, as in NTT and MSM loops, not the latency of one chain.
                a = a.mul(y);
                b = b.mul(y);
                c = c.mul(y);
                d = d.mul(y);
            }
            best = Math.min(best, (cpu() - t) / (4.0 * n));
            xs[0] = a.add(b).add(c).add(d);
        }
        System.out.printf("Fq mul: %.1f ns (thread CPU time)%n", best);
    }

    private static void frMul() {
        SplittableRandom rnd = new SplittableRandom(1);
        long[] a = FrLimbs.newArray(4);
        for (int i = 0; i < 4; i++) {
            FrLimbs.set(a, i, Fr.random(rnd));
        }
        int n = 2_000_000;
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 6; rep++) {
            long t = cpu();
            for (int i = 0; i < n; i++) {
                FrLimbs.mul(a, 0, a, 3, a, 0);
                FrLimbs.mul(a, 1, a, 3, a, 1);
                FrLimbs.mul(a, 2, a, 3, a, 2);
            }
            best = Math.min(best, (cpu() - t) / (3.0 * n));
        }
        System.out.printf("Fr mul (circuit's FrLimbs kernel): %.1f ns (thread CPU time)%n", best);
    }

    private static void pairing() {
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 10; rep++) {
            long t = cpu();
            Pairing.pair(G1Affine.GENERATOR, G2Affine.GENERATOR);
            best = Math.min(best, (cpu() - t) / 1e6);
        }
        System.out.printf("pairing: %.2f ms (thread CPU time)%n", best);
    }

    private static void ntt(int log) {
        Domain d = new Domain(log);
        SplittableRandom rnd = new SplittableRandom(3);
        long[] a = FrLimbs.newArray(d.size);
        for (int i = 0; i < d.size; i++) {
            FrLimbs.set(a, i, Fr.random(rnd));
        }
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t = System.nanoTime();
            long c = processCpu();
            Ntt.forward(a, d);
            best = Math.min(best, (System.nanoTime() - t) / 1e6);
            bestCpu = Math.min(bestCpu, (processCpu() - c) / 1e6);
        }
        System.out.printf("NTT 2^%d: %.1f ms wall, %.1f ms CPU%n", log, best, bestCpu);
    }

    private static void msm(int log) {
        int n = 1 << log;
        G1Affine[] bases = points(n);
        SplittableRandom rnd = new SplittableRandom(4);
        Fr[] full = new Fr[n];
        Fr[] small = new Fr[n];
        for (int i = 0; i < n; i++) {
            full[i] = Fr.random(rnd);
            small[i] = Fr.of(rnd.nextInt(-128, 128));
        }
        report("MSM 2^" + log + " G1, random 254-bit scalars", bases, full);
        report("MSM 2^" + log + " G1, 8-bit signed scalars", bases, small);
    }

    /** n distinct points k·G + i·S: as good as SRS powers for timing, and far cheaper to make. */
    private static G1Affine[] points(int n) {
        G1[] ps = new G1[n];
        G1 step = G1.GENERATOR.mul(java.math.BigInteger.valueOf(0x9e3779b97f4a7c15L).abs());
        G1 p = G1.GENERATOR.mul(java.math.BigInteger.valueOf(12345));
        for (int i = 0; i < n; i++) {
            ps[i] = p;
            p = p.add(step);
        }
        return G1.batchToAffine(ps);
    }

    private static void report(String what, G1Affine[] bases, Fr[] scalars) {
        double best = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        G1 r = null;
        for (int rep = 0; rep < 3; rep++) {
            long t = System.nanoTime();
            long c = processCpu();
            r = Msm.msm(bases, scalars);
            best = Math.min(best, (System.nanoTime() - t) / 1e6);
            bestCpu = Math.min(bestCpu, (processCpu() - c) / 1e6);
        }
        System.out.printf("%s: %.0f ms wall, %.0f ms CPU (%s)%n", what, best, bestCpu, r.isInfinity() ? "zero" : "non-zero");
    }
}
