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
 * kernels, measured two ways:
 * <ul>
 * <li><b>latency</b> (the plain names: {@code mul}, {@code limbsMul}, ...): a chain of dependent
 *     operations, each one's output the next one's input, so neither the JIT nor the out-of-order
 *     core can overlap them: the time per operation of a serial computation (Horner evaluation, an
 *     exponentiation, a running product);</li>
 * <li><b>throughput</b> (the names ending in {@code Throughput}): {@value #BATCH} independent
 *     operations on distinct elements of arrays, as an NTT's butterflies of one stage, a quotient
 *     evaluation over the rows or a batch of affine bucket additions issue them; the core may overlap
 *     consecutive operations.</li>
 * </ul>
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
    private static final int BATCH = 1024;

    private Fr a;
    private Fr b;
    private long[] limbs;
    private Fr[] xs;
    private Fr[] ys;
    private Fr[] zs;
    private long[] xLimbs;
    private long[] yLimbs;
    private long[] zLimbs;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(42);
        a = Fr.random(rng);
        b = Fr.random(rng);
        limbs = FrLimbs.newArray(2);
        FrLimbs.set(limbs, 0, a);
        FrLimbs.set(limbs, 1, b);
        xs = new Fr[BATCH];
        ys = new Fr[BATCH];
        zs = new Fr[BATCH];
        xLimbs = FrLimbs.newArray(BATCH);
        yLimbs = FrLimbs.newArray(BATCH);
        zLimbs = FrLimbs.newArray(BATCH);
        for (int i = 0; i < BATCH; i++) {
            xs[i] = Fr.random(rng);
            ys[i] = Fr.random(rng);
            FrLimbs.set(xLimbs, i, xs[i]);
            FrLimbs.set(yLimbs, i, ys[i]);
        }
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

    /** BATCH independent Fr.mul calls (throughput). */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BATCH)
    public Fr[] mulThroughput() {
        Fr[] x = xs, y = ys, z = zs;
        for (int i = 0; i < BATCH; i++) {
            z[i] = x[i].mul(y[i]);
        }
        return z;
    }

    /** BATCH independent FrLimbs.mul calls, element i of two arrays into a third (throughput). */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BATCH)
    public long[] limbsMulThroughput() {
        long[] x = xLimbs, y = yLimbs, z = zLimbs;
        for (int i = 0; i < BATCH; i++) {
            FrLimbs.mul(x, i, y, i, z, i);
        }
        return z;
    }

    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(BATCH)
    public long[] limbsSquareThroughput() {
        long[] x = xLimbs, z = zLimbs;
        for (int i = 0; i < BATCH; i++) {
            FrLimbs.square(x, i, z, i);
        }
        return z;
    }

    @Benchmark
    public Fr inverse() {
        a = a.inverse();
        return a;
    }

    /**
     * Runs the JMH benchmarks; with the argument {@code cpu}, instead times the same loops by the
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
        String[] names = {"mul", "limbsMul", "mulThroughput", "limbsMulThroughput", "square", "limbsSquare",
            "limbsSquareThroughput", "add", "limbsAdd", "inverse"};
        Runnable[] runs = {b::mul, b::limbsMul, b::mulThroughput, b::limbsMulThroughput, b::square, b::limbsSquare,
            b::limbsSquareThroughput, b::add, b::limbsAdd, b::inverse};
        int[] ops = {CHAIN, CHAIN, BATCH, BATCH, CHAIN, CHAIN, BATCH, CHAIN, CHAIN, 1};
        int work = 5_000_000; // operations per benchmark and round
        for (int round = 0; round < 5; round++) { // the first rounds warm up the JIT
            StringBuilder line = new StringBuilder("round " + round + ", CPU ns/op:");
            for (int k = 0; k < runs.length; k++) {
                int reps = Math.max(1, work / ops[k] / (ops[k] == 1 ? 1000 : 1));
                long t0 = clock.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) {
                    runs[k].run();
                }
                double ns = (clock.getCurrentThreadCpuTime() - t0) / ((double) reps * ops[k]);
                line.append(String.format(" %s %.1f,", names[k], ns));
            }
            System.out.println(line.substring(0, line.length() - 1));
        }
    }
}
