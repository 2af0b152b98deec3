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
    void batchOpeningOfSeveralPolynomialsAtSeveralPoints() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<long[]> polys = List.of(randomPoly(64, rnd), randomPoly(30, rnd), randomPoly(5, rnd));
        List<G1Affine> commitments = polys.stream().map(p -> Kzg.commit(SRS, p)).toList();
        Fr zeta = Fr.random(rnd);
        Fr omegaZeta = Fr.random(rnd);
        List<Kzg.Query> queries = List.of(new Kzg.Query(zeta, new int[] {0, 1, 2}), new Kzg.Query(omegaZeta, new int[] {1}));
        Fr gamma = Fr.random(rnd);
        Fr rho = Fr.random(rnd);
        Kzg.BatchProof proof = Kzg.batchOpen(SRS, polys, queries, gamma);
        assertEquals(Kzg.evaluate(polys.get(1), omegaZeta), proof.values()[1][0]);
        assertTrue(Kzg.batchVerify(SRS, commitments, queries, proof, gamma, rho));

        Fr[][] tampered = {proof.values()[0].clone(), proof.values()[1].clone()};
        tampered[0][2] = tampered[0][2].add(Fr.ONE);
        assertFalse(Kzg.batchVerify(SRS, commitments, queries, new Kzg.BatchProof(tampered, proof.witnesses()), gamma, rho));
        G1Affine[] badW = {proof.witnesses()[1], proof.witnesses()[0]};
        assertFalse(Kzg.batchVerify(SRS, commitments, queries, new Kzg.BatchProof(proof.values(), badW), gamma, rho));
        List<G1Affine> swapped = List.of(commitments.get(1), commitments.get(0), commitments.get(2));
        assertFalse(Kzg.batchVerify(SRS, swapped, queries, proof, gamma, rho));
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
