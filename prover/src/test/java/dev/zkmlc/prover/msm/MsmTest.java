package dev.zkmlc.prover.msm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MsmTest {
    /**
     * Bases aᵢ·G with known discrete logs aᵢ (so a large MSM can be checked as (Σ kᵢ·aᵢ)·G), including repeats,
     * negations and the point at infinity so that buckets meet doublings and cancellations.
     */
    record Bases(G1Affine[] points, BigInteger[] logs) {
        G1 expected(Fr[] scalars) {
            BigInteger sum = BigInteger.ZERO;
            for (int i = 0; i < scalars.length; i++) {
                sum = sum.add(scalars[i].toBigInteger().multiply(logs[i]));
            }
            return G1.GENERATOR.mul(sum);
        }
    }

    static Bases bases(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        G1[] ps = new G1[n];
        BigInteger[] logs = new BigInteger[n];
        BigInteger a = BigInteger.valueOf(rnd.nextLong(1, Long.MAX_VALUE));
        BigInteger s = BigInteger.valueOf(rnd.nextLong(1, Long.MAX_VALUE));
        G1 p = G1.GENERATOR.mul(a);
        G1 step = G1.GENERATOR.mul(s);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(16);
            if (kind == 0 && i > 0) {
                ps[i] = ps[i - 1];
                logs[i] = logs[i - 1];
            } else if (kind == 1 && i > 0) {
                ps[i] = ps[i - 1].neg();
                logs[i] = logs[i - 1].negate();
            } else if (kind == 2) {
                ps[i] = G1.INFINITY;
                logs[i] = BigInteger.ZERO;
            } else {
                ps[i] = p;
                logs[i] = a;
            }
            p = p.add(step);
            a = a.add(s);
        }
        return new Bases(G1.batchToAffine(ps), logs);
    }

    /** Scalars shaped like a zkML witness: mostly small signed values (every size tier), some zeros, some full-size. */
    static Fr[] scalars(int n, long seed, int largePercent) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Fr[] s = new Fr[n];
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(100);
            s[i] = kind < largePercent ? Fr.random(rnd)
                    : kind < largePercent + 5 ? Fr.ZERO
                    : kind % 7 == 0 ? Fr.of(rnd.nextLong(-(1L << 40), 1L << 40))
                    : kind % 2 == 0 ? Fr.of(rnd.nextLong(-300, 300))
                    : Fr.of(rnd.nextLong(-127, 128));
        }
        return s;
    }

    @Test
    void smallInputsMatchNaiveSum() {
        qt().withExamples(15).forAll(integers().between(0, 40), integers().between(0, 100), longs().all())
                .checkAssert((n, largePercent, seed) -> {
                    Bases b = bases(n, seed);
                    Fr[] s = scalars(n, seed + 1, largePercent);
                    assertEquals(Msm.naive(b.points(), s), Msm.msm(b.points(), s));
                    assertEquals(b.expected(s), Msm.msm(b.points(), s));
                });
    }

    @Test
    void batchAffineBucketsMatchNaiveSum() {
        int n = 1200;
        Bases b = bases(n, 7);
        Fr[] s = scalars(n, 8, 100);
        assertEquals(b.expected(s), Msm.msm(b.points(), s));
    }

    @Test
    void smallScalarPathMatchesNaiveSum() {
        int n = 5000;
        Bases b = bases(n, 9);
        Fr[] s = scalars(n, 10, 1);
        assertEquals(b.expected(s), Msm.msm(b.points(), s));
    }

    @Test
    void repeatedBaseAndScalarExerciseDoublingInBuckets() {
        int n = 1100;
        G1Affine[] b = new G1Affine[n];
        Fr[] s = new Fr[n];
        Fr k = Fr.random(new SplittableRandom(3));
        for (int i = 0; i < n; i++) {
            b[i] = i % 2 == 0 ? G1Affine.GENERATOR : G1Affine.GENERATOR.neg();
            s[i] = i % 4 < 2 ? k : k.neg();
        }
        // Pairs (G, k) and (-G, k) cancel; (G, -k) and (-G, -k) cancel: the sum is zero.
        assertTrue(Msm.msm(b, s).isInfinity());
        s[0] = s[0].add(Fr.ONE);
        assertEquals(G1.GENERATOR, Msm.msm(b, s));
    }

    @Test
    void windowWidthGrowsWithSizeAndShrinksWithBits() {
        assertTrue(Msm.windowBits(1 << 16, 254) > Msm.windowBits(1 << 8, 254));
        assertTrue((8 / Msm.windowBits(1 << 16, 8) + 1) <= 2, "8-bit scalars need at most two windows");
    }

    /**
     * Scalars on every boundary the MSM splits at: zero, ±1, r - 1, the signed split (r - 1)/2 and (r + 1)/2, the
     * size tiers 2^8, 2^16, 2^64 and their neighbours, all-ones runs (a signed-digit carry through every window) and
     * 2^253; on varied bases (repeats, negations, infinity) and on one base repeated, so that a bucket holds equal
     * points and must double.
     */
    @Test
    void boundaryScalarsMatchTheDiscreteLogSum() {
        BigInteger r = Fr.MODULUS;
        BigInteger half = r.shiftRight(1);
        java.util.List<BigInteger> edges = new java.util.ArrayList<>(java.util.List.of(BigInteger.ZERO, BigInteger.ONE,
                r.subtract(BigInteger.ONE), r.subtract(BigInteger.TWO), half, half.add(BigInteger.ONE),
                half.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(253), r.subtract(BigInteger.ONE.shiftLeft(253))));
        for (int k : new int[] {7, 8, 9, 15, 16, 17, 32, 63, 64, 65, 128, 200, 252}) {
            BigInteger p = BigInteger.ONE.shiftLeft(k);
            for (BigInteger v : new BigInteger[] {p.subtract(BigInteger.ONE), p, p.add(BigInteger.ONE)}) {
                edges.add(v);
                edges.add(r.subtract(v));
            }
        }
        Fr[] edge = edges.stream().map(Fr::of).toArray(Fr[]::new);
        for (int n : new int[] {edge.length, 2100}) {
            Bases b = bases(n, 11 + n);
            Fr[] s = new Fr[n];
            for (int i = 0; i < n; i++) {
                s[i] = edge[(i * 7) % edge.length];
            }
            assertEquals(b.expected(s), Msm.msm(b.points(), s), n + " points");
            G1Affine[] same = new G1Affine[n];
            java.util.Arrays.fill(same, b.points()[n - 1].infinity ? G1Affine.GENERATOR : b.points()[n - 1]);
            BigInteger log = b.points()[n - 1].infinity ? BigInteger.ONE : b.logs()[n - 1];
            for (Fr k : edge) {
                Fr[] all = new Fr[n];
                java.util.Arrays.fill(all, k);
                assertEquals(G1.GENERATOR.mul(k.toBigInteger().multiply(log).multiply(BigInteger.valueOf(n))),
                        Msm.msm(same, all), n + " equal points times " + k);
            }
        }
    }
}
