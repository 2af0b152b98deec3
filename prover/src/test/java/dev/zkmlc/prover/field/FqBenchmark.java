package dev.zkmlc.prover.field;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Nanoseconds per F_p (BN254 base field) operation: the arithmetic under every curve point operation of
 * the MSMs and pairings. Each benchmark chains dependent operations, so the figure is latency per
 * operation (a chain of independent ones measures the same within noise: one product is longer than
 * the processor's reorder window).
 *
 * <p>Run (from the repository root):
 * <pre>
 *   mvn -q -o -pl circuit,prover test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 *   java -cp prover/target/test-classes:prover/target/classes:$(cat prover/target/cp.txt) \
 *     dev.zkmlc.prover.field.FqBenchmark
 * </pre>
 * With the argument {@code cpu} it times the same chains by the thread's CPU time instead, which stays
 * meaningful on a machine shared with other jobs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FqBenchmark {
    private static final int CHAIN = 1000;

    private Fq a;
    private Fq b;

    @Setup
    public void setup() {
        Random rnd = new Random(42);
        a = Fq.random(rnd);
        b = Fq.random(rnd);
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Fq mul() {
        Fq x = a;
        for (int i = 0; i < CHAIN; i++) {
            x = x.mul(b);
        }
        return x;
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Fq square() {
        Fq x = a;
        for (int i = 0; i < CHAIN; i++) {
            x = x.square();
        }
        return x;
    }

    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public Fq add() {
        Fq x = a;
        for (int i = 0; i < CHAIN; i++) {
            x = x.add(b);
        }
        return x;
    }

    @Benchmark
    public Fq inverse() {
        a = a.inverse();
        return a;
    }

    public static void main(String[] args) throws RunnerException {
        if (args.length > 0 && args[0].equals("cpu")) {
            FqBenchmark bench = new FqBenchmark();
            bench.setup();
            ThreadMXBean clock = ManagementFactory.getThreadMXBean();
            String[] names = {"mul", "square", "add", "inverse"};
            for (int round = 0; round < 5; round++) { // the first rounds warm up the JIT
                StringBuilder line = new StringBuilder("round " + round + ", CPU ns/op:");
                for (String name : names) {
                    int reps = name.equals("inverse") ? 100_000 : 5000;
                    long t0 = clock.getCurrentThreadCpuTime();
                    for (int i = 0; i < reps; i++) {
                        run(bench, name);
                    }
                    double perOp = (clock.getCurrentThreadCpuTime() - t0) / (double) reps
                            / (name.equals("inverse") ? 1 : CHAIN);
                    line.append(String.format(" %s %.1f", name, perOp));
                }
                System.out.println(line);
            }
            return;
        }
        new Runner(new OptionsBuilder().include(FqBenchmark.class.getSimpleName()).build()).run();
    }

    private static Fq run(FqBenchmark bench, String name) {
        switch (name) {
            case "mul":
                return bench.mul();
            case "square":
                return bench.square();
            case "add":
                return bench.add();
            default:
                return bench.inverse();
        }
    }
}
