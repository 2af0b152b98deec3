package dev.zkmlc.prover.kzg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;
import dev.zkmlc.prover.srs.DevSrs;
import dev.zkmlc.prover.srs.Srs;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KzgTest {
    private static final Fr TAU = DevSrs.tau(1);
    private static final Srs SRS = DevSrs.generate(64, TAU);

    static long[] randomPoly(int n, SplittableRandom rnd) {
        long[] a = FrLimbs.newArray(n);
        for (int i = 0; i < n; i++) {
            FrLimbs.set(a, i, rnd.nextInt(4) == 0 ? Fr.of(rnd.nextInt(-50, 50)) : Fr.random(rnd));
        }
        return a;
    }

    @Test
    void commitmentIsPolynomialAtTau() {
        long[] p = randomPoly(40, new SplittableRandom(2));
        assertEquals(G1.GENERATOR.mul(Kzg.evaluate(p, TAU).toBigInteger()).toAffine(), Kzg.commit(SRS, p));
    }

    @Test
    void honestOpeningsVerifyAndWrongValuesDoNot() {
        qt().withExamples(5).forAll(integers().between(1, 64), longs().all()).checkAssert((n, seed) -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            long[] p = randomPoly(n, rnd);
            Fr z = Fr.random(rnd);
            G1Affine c = Kzg.commit(SRS, p);
            Kzg.Opening o = Kzg.open(SRS, p, z);
            assertTrue(Kzg.verify(SRS, c, z, o.value(), o.witness()));
            assertFalse(Kzg.verify(SRS, c, z, o.value().add(Fr.ONE), o.witness()));
            if (n > 1) {
                // A non-constant polynomial takes the value p(z) at z + 1 only with negligible probability.
                assertFalse(Kzg.verify(SRS, c, z.add(Fr.ONE), o.value(), o.witness()));
            }
        });
    }

    @Test
    void multiPointOpeningOfSeveralPolynomialsAtSeveralPoints() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<long[]> polys = List.of(randomPoly(64, rnd), randomPoly(30, rnd), randomPoly(5, rnd));
        List<G1Affine> commitments = polys.stream().map(p -> Kzg.commit(SRS, p)).toList();
        Fr x = Fr.random(rnd);
        Fr omegaX = Fr.random(rnd);
        Fr third = Fr.random(rnd);
        List<Kzg.Query> queries = List.of(new Kzg.Query(x, new int[] {0, 1, 2}), new Kzg.Query(omegaX, new int[] {1}),
                new Kzg.Query(third, new int[] {0, 2}));
        Fr[][] values = new Fr[queries.size()][];
        for (int j = 0; j < queries.size(); j++) {
            int[] idx = queries.get(j).polys();
            values[j] = new Fr[idx.length];
            for (int i = 0; i < idx.length; i++) {
                values[j][i] = Kzg.evaluate(polys.get(idx[i]), queries.get(j).point());
            }
        }
        Fr v = Fr.random(rnd);
        Fr mu = Fr.random(rnd);
        Fr zeta = Fr.random(rnd);
        Kzg.MultiOpener opener = new Kzg.MultiOpener(SRS, polys, queries, v, mu);
        G1Affine w = opener.first();
        G1Affine wPrime = opener.second(zeta);
        assertTrue(Kzg.multiVerify(SRS, commitments, queries, values, v, mu, w, zeta, wPrime));

        for (int j = 0; j < values.length; j++) {
            for (int i = 0; i < values[j].length; i++) {
                Fr[][] tampered = new Fr[values.length][];
                for (int k = 0; k < values.length; k++) {
                    tampered[k] = values[k].clone();
                }
                tampered[j][i] = tampered[j][i].add(Fr.ONE);
                assertFalse(Kzg.multiVerify(SRS, commitments, queries, tampered, v, mu, w, zeta, wPrime),
                        "value " + i + " at point " + j);
            }
        }
        assertFalse(Kzg.multiVerify(SRS, commitments, queries, values, v, mu, wPrime, zeta, w));
        assertFalse(Kzg.multiVerify(SRS, commitments, queries, values, v, mu, w, zeta.add(Fr.ONE), wPrime));
        assertFalse(Kzg.multiVerify(SRS, commitments, queries, values, mu, v, w, zeta, wPrime));
        List<G1Affine> swapped = List.of(commitments.get(1), commitments.get(0), commitments.get(2));
        assertFalse(Kzg.multiVerify(SRS, swapped, queries, values, v, mu, w, zeta, wPrime));
        // A witness for other values: the opening of a polynomial that agrees with polys[1] nowhere in particular.
        List<long[]> other = List.of(polys.get(0), randomPoly(30, rnd), polys.get(2));
        Kzg.MultiOpener forged = new Kzg.MultiOpener(SRS, other, queries, v, mu);
        assertFalse(Kzg.multiVerify(SRS, commitments, queries, values, v, mu, forged.first(), zeta, forged.second(zeta)));
    }

    @Test
    void commitmentFromValuesEqualsCommitmentFromCoefficients() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int log = 0; log <= 6; log++) {
            Domain d = new Domain(log);
            long[] values = randomPoly(d.size, rnd);
            long[] coeffs = values.clone();
            Ntt.inverse(coeffs, d);
            assertEquals(Kzg.commit(SRS, coeffs), Kzg.commitLagrange(SRS, values, log));
        }
        Srs small = SRS.truncate(17);
        assertTrue(small.hasLagrangeBasis(4));
        assertFalse(small.hasLagrangeBasis(5));
    }

    @Test
    void developmentSrsIsMarked() {
        assertTrue(SRS.development);
        assertEquals(G1.GENERATOR.mul(TAU.toBigInteger()).toAffine(), SRS.g1(1));
    }
}
