package dev.zkmlc.prover.poly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NttTest {
    static long[] randomPoly(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] a = FrLimbs.newArray(n);
        for (int i = 0; i < n; i++) {
            FrLimbs.set(a, i, Fr.random(rnd));
        }
        return a;
    }

    static Fr evaluate(long[] coeffs, Fr x) {
        Fr acc = Fr.ZERO;
        for (int i = coeffs.length / 4 - 1; i >= 0; i--) {
            acc = acc.mul(x).add(FrLimbs.get(coeffs, i));
        }
        return acc;
    }

    @Test
    void forwardEvaluatesOnTheDomain() {
        qt().withExamples(20).forAll(integers().between(0, 7), longs().all()).checkAssert((log, seed) -> {
            Domain d = new Domain(log);
            long[] coeffs = randomPoly(d.size, seed);
            long[] evals = coeffs.clone();
            Ntt.forward(evals, d);
            for (int i = 0; i < d.size; i++) {
                assertEquals(evaluate(coeffs, d.element(i)), FrLimbs.get(evals, i));
            }
        });
    }

    @Test
    void inverseUndoesForward() {
        qt().withExamples(20).forAll(integers().between(0, 10), longs().all()).checkAssert((log, seed) -> {
            Domain d = new Domain(log);
            long[] coeffs = randomPoly(d.size, seed);
            long[] a = coeffs.clone();
            Ntt.forward(a, d);
            Ntt.inverse(a, d);
            assertArrayEquals(coeffs, a);
        });
    }

    @Test
    void cosetEvaluationOnExtendedDomain() {
        qt().withExamples(10).forAll(integers().between(1, 6), longs().all()).checkAssert((log, seed) -> {
            Domain ext = new Domain(log + 2);
            long[] coeffs = randomPoly(1 << log, seed);
            long[] evals = Ntt.cosetForward(coeffs, ext);
            for (int i = 0; i < ext.size; i += 3) {
                assertEquals(evaluate(coeffs, Domain.COSET_SHIFT.mul(ext.element(i))), FrLimbs.get(evals, i));
            }
            Ntt.cosetInverse(evals, ext);
            long[] padded = FrLimbs.newArray(ext.size);
            System.arraycopy(coeffs, 0, padded, 0, coeffs.length);
            assertArrayEquals(padded, evals);
        });
    }

    @Test
    void cosetEvaluationOfAnyNumberOfCoefficients() {
        // Any length up to the domain, so the first stages skipped for zero padding vary from none to all.
        qt().withExamples(30).forAll(integers().between(0, 6), integers().between(0, 64), longs().all())
                .checkAssert((log, count, seed) -> {
                    Domain ext = new Domain(log);
                    long[] coeffs = randomPoly(Math.min(count, ext.size), seed);
                    long[] evals = Ntt.cosetForward(coeffs, ext);
                    for (int i = 0; i < ext.size; i++) {
                        assertEquals(evaluate(coeffs, Domain.COSET_SHIFT.mul(ext.element(i))), FrLimbs.get(evals, i));
                    }
                });
    }

    @Test
    void largeCosetEvaluationMatchesPointEvaluations() {
        // Above the parallel threshold, with 2^14 + 1 coefficients (a blinded quotient piece) on 2^16 points.
        Domain ext = new Domain(16);
        long[] coeffs = randomPoly((1 << 14) + 1, 7);
        long[] evals = Ntt.cosetForward(coeffs, ext);
        for (int i : new int[] {0, 1, 4097, 40000, ext.size - 1}) {
            assertEquals(evaluate(coeffs, Domain.COSET_SHIFT.mul(ext.element(i))), FrLimbs.get(evals, i));
        }
        long[] quarter = randomPoly(1 << 14, 8);
        long[] evq = Ntt.cosetForward(quarter, ext);
        for (int i : new int[] {0, 3, 12345, ext.size - 1}) {
            assertEquals(evaluate(quarter, Domain.COSET_SHIFT.mul(ext.element(i))), FrLimbs.get(evq, i));
        }
    }

    @Test
    void largeMultiThreadedTransformMatchesPointEvaluations() {
        Domain d = new Domain(15);
        long[] coeffs = randomPoly(d.size, 42);
        long[] evals = coeffs.clone();
        Ntt.forward(evals, d);
        for (int i : new int[] {0, 1, 12345, d.size - 1}) {
            assertEquals(evaluate(coeffs, d.element(i)), FrLimbs.get(evals, i));
        }
        Ntt.inverse(evals, d);
        assertArrayEquals(coeffs, evals);
    }
}
