package dev.zkmlc.prover.curve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.prover.field.Fq;
import java.math.BigInteger;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class G1Test {
    private static final ECCurve BC = new ECCurve.Fp(Fq.MODULUS, BigInteger.ZERO, BigInteger.valueOf(3), Bn254.ORDER,
            BigInteger.ONE);
    private static final ECPoint BC_G = BC.createPoint(BigInteger.ONE, BigInteger.TWO);

    static Gen<BigInteger> scalars() {
        Gen<Long> l = longs().all();
        return l.zip(l, l, l, (a, b, c, d) -> new BigInteger(1, java.nio.ByteBuffer.allocate(32)
                .putLong(a).putLong(b).putLong(c).putLong(d).array()).mod(Bn254.ORDER));
    }

    private static G1Affine fromBc(ECPoint p) {
        ECPoint n = p.normalize();
        if (n.isInfinity()) {
            return G1Affine.INFINITY;
        }
        return G1Affine.of(Fq.of(n.getAffineXCoord().toBigInteger()), Fq.of(n.getAffineYCoord().toBigInteger()));
    }

    @Test
    void scalarMultiplicationAndAdditionAgreeWithBouncyCastle() {
        qt().withExamples(40).forAll(scalars(), scalars()).checkAssert((a, b) -> {
            G1 pa = G1.GENERATOR.mul(a);
            G1 pb = G1.GENERATOR.mul(b);
            ECPoint qa = BC_G.multiply(a);
            ECPoint qb = BC_G.multiply(b);
            assertEquals(fromBc(qa), pa.toAffine());
            assertEquals(fromBc(qa.add(qb)), pa.add(pb).toAffine());
            assertEquals(fromBc(qa.add(qb)), pa.add(pb.toAffine()).toAffine());
            assertEquals(fromBc(qa.twice()), pa.dbl().toAffine());
            assertEquals(fromBc(qa.subtract(qb)), pa.sub(pb).toAffine());
        });
    }

    @Test
    void additionEdgeCases() {
        G1 p = G1.GENERATOR.mul(BigInteger.valueOf(12345));
        assertEquals(p.dbl(), p.add(p), "adding a point to itself doubles it");
        assertEquals(p.dbl(), p.add(p.toAffine()));
        assertTrue(p.add(p.neg()).isInfinity());
        assertTrue(p.add(p.neg().toAffine()).isInfinity());
        assertEquals(p, G1.INFINITY.add(p));
        assertEquals(p, p.add(G1Affine.INFINITY));
        assertTrue(G1.GENERATOR.mul(Bn254.ORDER).isInfinity(), "r·G = O");
        assertEquals(G1.GENERATOR.neg(), G1.GENERATOR.mul(BigInteger.valueOf(-1)));
    }

    @Test
    void batchToAffineMatchesSingleConversions() {
        G1[] ps = new G1[20];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = i == 7 ? G1.INFINITY : G1.GENERATOR.mul(BigInteger.valueOf(1000L * i + 3)).dbl();
        }
        G1Affine[] as = G1.batchToAffine(ps);
        for (int i = 0; i < ps.length; i++) {
            assertEquals(ps[i].toAffine(), as[i]);
        }
    }

    @Test
    void encodingsRoundTrip() {
        qt().withExamples(40).forAll(scalars()).checkAssert(k -> {
            G1Affine p = G1.GENERATOR.mul(k).toAffine();
            assertEquals(p, G1Affine.fromUncompressed(p.toUncompressed()));
            assertEquals(p, G1Affine.fromCompressed(p.toCompressed()));
            assertEquals(p.neg(), G1Affine.fromCompressed(p.neg().toCompressed()));
        });
        assertEquals(G1Affine.INFINITY, G1Affine.fromUncompressed(new byte[64]));
        assertEquals(G1Affine.INFINITY, G1Affine.fromCompressed(G1Affine.INFINITY.toCompressed()));
    }

    @Test
    void generatorEncodingIsEthereums() {
        byte[] enc = G1Affine.GENERATOR.toUncompressed();
        assertEquals(1, enc[31]);
        assertEquals(2, enc[63]);
        // y = 2 is the smaller of ±2, so the compressed flag is 0b10.
        assertEquals((byte) 0x80, G1Affine.GENERATOR.toCompressed()[0]);
    }

    @Test
    void malformedEncodingsAreRejected() {
        byte[] enc = G1Affine.GENERATOR.toUncompressed();
        enc[63] = 3;
        assertThrows(PointFormatException.class, () -> G1Affine.fromUncompressed(enc), "(1, 3) is off the curve");
        assertThrows(PointFormatException.class, () -> G1Affine.fromUncompressed(new byte[63]));
        byte[] noFlag = G1Affine.GENERATOR.toCompressed();
        noFlag[0] &= 0x3f;
        assertThrows(PointFormatException.class, () -> G1Affine.fromCompressed(noFlag));
        byte[] tooBig = new byte[64];
        java.util.Arrays.fill(tooBig, 0, 32, (byte) 0xff);
        assertThrows(PointFormatException.class, () -> G1Affine.fromUncompressed(tooBig));
    }

    /** The limb decoder at an offset agrees with the field's BigInteger reading and the curve check of {@code of}. */
    @Test
    void decodingAtAnOffsetAgreesWithTheCheckedConstructor() {
        qt().withExamples(40).forAll(scalars(), longs().between(0, 3)).checkAssert((k, at) -> {
            G1Affine p = G1.GENERATOR.mul(k).toAffine();
            byte[] b = new byte[64 * 4];
            System.arraycopy(p.toUncompressed(), 0, b, (int) (64 * at), 64);
            int off = (int) (64 * at);
            assertEquals(p, G1Affine.fromUncompressed(b, off));
            if (!p.infinity) {
                assertEquals(G1Affine.of(Fq.fromBytesBE(b, off), Fq.fromBytesBE(b, off + 32)), G1Affine.fromUncompressed(b, off));
                // y + 1: a canonical coordinate, off the curve
                byte[] moved = b.clone();
                Fq.fromBytesBE(b, off + 32).add(Fq.ONE).toBytesBE(moved, off + 32);
                assertThrows(PointFormatException.class, () -> G1Affine.fromUncompressed(moved, off));
                // y + p: the same residue, not canonical
                byte[] unreduced = b.clone();
                byte[] yp = Fq.fromBytesBE(b, off + 32).toBigInteger().add(Fq.MODULUS).toByteArray();
                if (yp.length <= 32) {
                    System.arraycopy(yp, 0, unreduced, off + 64 - yp.length, yp.length);
                    assertThrows(PointFormatException.class, () -> G1Affine.fromUncompressed(unreduced, off));
                }
            }
        });
        byte[] p = Fq.MODULUS.toByteArray(); // x = p (the residue 0), y = 0: not infinity's all-zero encoding
        byte[] b = new byte[64];
        System.arraycopy(p, p.length - 32, b, 0, 32);
        assertThrows(PointFormatException.class, () -> G1Affine.fromUncompressed(b, 0));
    }
}
