package dev.zkmlc.prover.bench;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Milliseconds per NTT and per G1 MSM (random 254-bit scalars, both cores) at 2^16 and 2^20 points, the
 * sizes issue 7 reports. The NTT transforms its array in place on every call: the cost does not depend on
 * the values, so the figure is the same as for fresh input.
 *
 * <p>Run (from the repository root; 2^20 alone takes a couple of minutes):
 * <pre>
 *   mvn -q -o -pl circuit,prover test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 *     -Dmdep.includeScope=test
 *   java -cp prover/target/test-classes:prover/target/classes:$(cat prover/target/cp.txt) \
 *     org.openjdk.jmh.Main KernelBenchmark
 * </pre>
 * ({@link KernelBench}, in the main sources, prints the same kernels timed by CPU time for a shared machine.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KernelBenchmark {
    @Param({"16", "20"})
    public int log;

    private Domain domain;
    private long[] coefficients;
    private G1Affine[] bases;
    private Fr[] scalars;

    @Setup(Level.Trial)
    public void setup() {
        domain = new Domain(log);
        int n = domain.size;
        SplittableRandom rnd = new SplittableRandom(3);
        coefficients = FrLimbs.newArray(n);
        scalars = new Fr[n];
        for (int i = 0; i < n; i++) {
            FrLimbs.set(coefficients, i, Fr.random(rnd));
            scalars[i] = Fr.random(rnd);
        }
        // Distinct points a·G + i·S: as good as SRS powers for timing, and far cheaper to make.
        G1[] points = new G1[n];
        G1 step = G1.GENERATOR.mul(BigInteger.valueOf(0x9e3779b97f4a7c15L).abs());
        G1 p = G1.GENERATOR.mul(BigInteger.valueOf(12345));
        for (int i = 0; i < n; i++) {
            points[i] = p;
            p = p.add(step);
        }
        bases = G1.batchToAffine(points);
    }

    @Benchmark
    public long[] ntt() {
        Ntt.forward(coefficients, domain);
        return coefficients;
    }

    @Benchmark
    public G1 msm() {
        return Msm.msm(bases, scalars);
    }
}
