package dev.zkmlc.circuit.field;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Nanoseconds per F_r operation, for the immutable {@link Fr} API and the {@link FrLimbs} array
 * kernels. Each benchmark chains dependent operations so the JIT can neither hoist nor overlap them
 * away: the figure is latency per operation.
 *
 * <p>Run (from the repository root):
 * <pre>
 *   mvn -q -o -pl circuit test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 *   java -cp circuit/target/test-classes:circuit/target/classes:$(cat circuit/target/cp.txt) \
 *     dev.zkmlc.circuit.field.FrBenchmark
 * </pre>
 * (or pass JMH options instead: {@code org.openjdk.jmh.Main FrBenchmark -f 1 -wi 3 -i 5}; or add the
 * argument {@code cpu} to time by thread CPU time, see {@link #main}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrBenchmark {
    private static final int CHAIN = 1000;

    private Fr a;
    private Fr b;
    private long[] limbs;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        a = Fr.random(rng);
        b = Fr.random(rng);
        limbs = FrLimbs.newArray(2);
        FrLimbs.set(limbs, 0, a);
        FrLimbs.set(limbs, 1, b);
    }

    /** CHAIN dependent Fr.mul calls; divide by CHAIN (done by @OperationsPerInvocation). */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CHAIN)
    public Fr mul() {
        Fr x = a;
        for (int i = 0; i < CHAIN; i++) {
            x = x.mul(b);
        }
        return x;
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CHAIN)
    public Fr square() {
        Fr x = a;
        for (int i = 0; i < CHAIN; i++) {
            x = x.square();
        }
        return x;
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CHAIN)
    public Fr add() {
        Fr x = a;
        for (int i = 0; i < CHAIN; i++) {
            x = x.add(b);
        }
        return x;
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CHAIN)
    public Fr sub() {
        Fr x = a;
        for (int i = 0; i < CHAIN; i++) {
            x = x.sub(b);
        }
        return x;
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CHAIN)
    public long[] limbsMul() {
        long[] l = limbs;
        for (int i = 0; i < CHAIN; i++) {
            FrLimbs.mul(l, 0, l, 1, l, 0);
        }
        return l;
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CHAIN)
    public long[] limbsSquare() {
        long[] l = limbs;
        for (int i = 0; i < CHAIN; i++) {
            FrLimbs.square(l, 0, l, 0);
        }
        return l;
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(CHAIN)
    public long[] limbsAdd() {
        long[] l = limbs;
        for (int i = 0; i < CHAIN; i++) {
            FrLimbs.add(l, 0, l, 1, l, 0);
        }
        return l;
    }

    @Benchmark
    public Fr inverse() {
        a = a.inverse();
        return a;
    }

    /**
     * Runs the JMH benchmarks; with the argument {@code cpu}, instead times the same chains by the
     * thread's CPU time, which stays meaningful on a machine shared with other jobs (JMH reports wall
     * time, which there includes the time the thread spends waiting for a core).
     */
    public static void main(String[] args) throws RunnerException {
        if (args.length > 0 && args[0].equals("cpu")) {
            cpuTimes();
            return;
        }
        new Runner(new OptionsBuilder().include(FrBenchmark.class.getSimpleName()).build()).run();
    }

    private static void cpuTimes() {
        java.lang.management.ThreadMXBean clock = java.lang.management.ManagementFactory.getThreadMXBean();
        FrBenchmark b = new FrBenchmark();
        b.setup();
        int reps = 5000;
        for (int round = 0; round < 5; round++) { // the first rounds warm up the JIT
            long t0 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                b.mul();
            }
            long t1 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                b.limbsMul();
            }
            long t2 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                b.add();
            }
            long t3 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                b.limbsAdd();
            }
            long t4 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                b.square();
            }
            long t5 = clock.getCurrentThreadCpuTime();
            for (int i = 0; i < reps; i++) {
                b.inverse();
            }
            long t6 = clock.getCurrentThreadCpuTime();
            double ops = (double) reps * CHAIN;
            System.out.printf("round %d, CPU ns/op: mul %.1f, limbsMul %.1f, add %.1f, limbsAdd %.1f, square %.1f,"
                    + " inverse %.0f%n", round, (t1 - t0) / ops, (t2 - t1) / ops, (t3 - t2) / ops, (t4 - t3) / ops,
                    (t5 - t4) / ops, (t6 - t5) / (double) reps);
        }
    }
}
