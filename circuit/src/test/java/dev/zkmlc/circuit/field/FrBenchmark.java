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
 * (or pass JMH options instead: {@code org.openjdk.jmh.Main FrBenchmark -f 1 -wi 3 -i 5}).
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

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(FrBenchmark.class.getSimpleName()).build()).run();
    }
}
