package dev.zkmlc.prover.curve;

import static dev.zkmlc.prover.curve.G1Test.scalars;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.Fq2;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class G2Test {
    @Test
    void generatorIsOnTheTwistAndHasOrderR() {
        assertTrue(G2Affine.GENERATOR.isOnCurve());
        assertTrue(G2.GENERATOR.isInSubgroup());
        assertTrue(G2.GENERATOR.mul(Bn254.ORDER).isInfinity());
    }

    @Test
    void groupLaws() {
        qt().withExamples(15).forAll(scalars(), scalars()).checkAssert((a, b) -> {
            G2 pa = G2.GENERATOR.mul(a);
            G2 pb = G2.GENERATOR.mul(b);
            assertEquals(G2.GENERATOR.mul(a.add(b)), pa.add(pb));
            assertEquals(pa.add(pb), pa.add(pb.toAffine()));
            assertEquals(pa.dbl(), pa.add(pa));
            assertTrue(pa.add(pb).isOnCurve());
            assertTrue(pa.sub(pa).isInfinity());
        });
    }

    @Test
    void encodingsRoundTrip() {
        qt().withExamples(10).forAll(scalars()).checkAssert(k -> {
            G2Affine p = G2.GENERATOR.mul(k).toAffine();
            assertEquals(p, G2Affine.fromUncompressed(p.toUncompressed()));
            assertEquals(p, G2Affine.fromCompressed(p.toCompressed()));
            assertEquals(p.neg(), G2Affine.fromCompressed(p.neg().toCompressed()));
        });
        assertEquals(G2Affine.INFINITY, G2Affine.fromUncompressed(new byte[128]));
    }

    @Test
    void pointsOutsideTheSubgroupAreRejected() {
        // Find a point on the twist by trying abscissas; the cofactor is large, so it is almost surely not in G2.
        G2Affine off = null;
        for (int i = 1; off == null; i++) {
            Fq2 x = new Fq2(Fq.of(i), Fq.ONE);
            Fq2 y = x.square().mul(x).add(G2.B).sqrt();
            if (y != null) {
                G2Affine candidate = G2Affine.trusted(x, y);
                assertTrue(candidate.isOnCurve());
                off = candidate;
            }
        }
        assertFalse(off.toJacobian().isInSubgroup());
        byte[] enc = off.toUncompressed();
        assertThrows(PointFormatException.class, () -> G2Affine.fromUncompressed(enc));
        assertThrows(PointFormatException.class, () -> G2Affine.fromCompressed(new byte[65]));
    }

    @Test
    void batchToAffine() {
        G2[] ps = {G2.GENERATOR, G2.INFINITY, G2.GENERATOR.mul(BigInteger.TEN)};
        G2Affine[] as = G2.batchToAffine(ps);
        for (int i = 0; i < ps.length; i++) {
            assertEquals(ps[i].toAffine(), as[i]);
        }
    }
}
