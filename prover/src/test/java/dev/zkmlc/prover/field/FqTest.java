package dev.zkmlc.prover.field;

import static dev.zkmlc.prover.field.FieldGens.P;
import static dev.zkmlc.prover.field.FieldGens.fqValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class FqTest {
    /** Fq's kernel skips the primality test (Montgomery.ofKnownPrime): this is where q is checked. */
    @Test
    void theBaseFieldModulusIsPrime() {
        assertTrue(Fq.MODULUS.isProbablePrime(128));
    }

    @Test
    void arithmeticAgreesWithBigInteger() {
        qt().withExamples(2000).forAll(fqValues(), fqValues()).checkAssert((a, b) -> {
            Fq x = Fq.of(a);
            Fq y = Fq.of(b);
            assertEquals(a.add(b).mod(P), x.add(y).toBigInteger());
            assertEquals(a.subtract(b).mod(P), x.sub(y).toBigInteger());
            assertEquals(a.multiply(b).mod(P), x.mul(y).toBigInteger());
            assertEquals(a.negate().mod(P), x.neg().toBigInteger());
            assertEquals(a.multiply(a).mod(P), x.square().toBigInteger());
        });
    }

    /**
     * Sums and differences at the reduction boundaries (a + b = p - 1, p, p + 1; a - b = -1, 0, 1), where add
     * and sub choose by the sign of the top limb; equals compares limbs, so this also checks they are canonical.
     */
    @Test
    void addAndSubAtTheReductionBoundaries() {
        qt().withExamples(500).forAll(fqValues()).checkAssert(a -> {
            for (int d = -1; d <= 1; d++) {
                BigInteger dd = BigInteger.valueOf(d);
                for (BigInteger b : new BigInteger[] {P.subtract(a).add(dd).mod(P), a.add(dd).mod(P)}) {
                    Fq x = Fq.of(a);
                    Fq y = Fq.of(b);
                    assertEquals(Fq.of(a.add(b)), x.add(y));
                    assertEquals(Fq.of(a.subtract(b)), x.sub(y));
                    assertEquals(Fq.of(b.negate()), y.neg());
                }
            }
        });
    }

    /**
     * The kernel on raw Montgomery limbs drawn from the patterns at which signed-digit recoding and
     * carries turn over (0, 1, 2^32-1, 2^63-1, 2^63, 2^64-1), kept below p, and on p-1, p-2.
     */
    @Test
    void mulOnEdgeLimbsAgreesWithBigInteger() {
        BigInteger rInv = BigInteger.ONE.shiftLeft(256).modInverse(P);
        Gen<Long> limb = arbitrary().pick(0L, 1L, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, -1L).mix(longs().all(), 40);
        Gen<BigInteger> raw = limb.zip(limb, limb, limb, (a, b, c, d) -> unsigned(a)
                .add(unsigned(b).shiftLeft(64)).add(unsigned(c).shiftLeft(128)).add(unsigned(d).shiftLeft(192)).mod(P))
                .mix(arbitrary().pick(P.subtract(BigInteger.ONE), P.subtract(BigInteger.TWO)), 10);
        qt().withExamples(3000).forAll(raw, raw).checkAssert((a, b) -> {
            Fq x = fromRaw(a), y = fromRaw(b);
            assertEquals(a.multiply(b).multiply(rInv).mod(P), toRaw(x.mul(y)));
            assertEquals(a.multiply(a).multiply(rInv).mod(P), toRaw(x.square()));
        });
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static Fq fromRaw(BigInteger montgomery) {
        byte[] le = new byte[32];
        for (int i = 0; i < 32; i++) {
            le[i] = montgomery.shiftRight(8 * i).byteValue();
        }
        return Fq.fromMontgomeryBytesLE(le, 0);
    }

    private static BigInteger toRaw(Fq x) {
        byte[] le = new byte[32];
        x.toMontgomeryBytesLE(le, 0);
        BigInteger v = BigInteger.ZERO;
        for (int i = 31; i >= 0; i--) {
            v = v.shiftLeft(8).or(BigInteger.valueOf(le[i] & 0xff));
        }
        return v;
    }

    @Test
    void inverseAndSqrtAgreeWithBigInteger() {
        qt().withExamples(200).forAll(fqValues()).checkAssert(a -> {
            Fq x = Fq.of(a);
            if (a.signum() != 0) {
                assertEquals(a.modInverse(P), x.inverse().toBigInteger());
                assertEquals(x.inverseByFermat(), x.inverse());
            } else {
                assertEquals(Fq.ZERO, x.inverse());
            }
            Fq s = x.square().sqrt();
            assertEquals(x.square(), s.square());
            boolean isSquare = a.signum() == 0 || a.modPow(P.shiftRight(1), P).equals(BigInteger.ONE);
            assertEquals(isSquare, x.sqrt() != null);
        });
    }

    @Test
    void nonResidueHasNoRoot() {
        assertNull(Fq.of(-1).sqrt(), "-1 is not a square since p = 3 mod 4");
    }

    @Test
    void bytesRoundTrip() {
        qt().forAll(fqValues()).checkAssert(a -> {
            Fq x = Fq.of(a);
            assertEquals(x, Fq.fromBytesBE(x.toBytesBE(), 0));
            assertEquals(a, new BigInteger(1, x.toBytesBE()));
            byte[] le = new byte[32];
            x.toMontgomeryBytesLE(le, 0);
            assertEquals(x, Fq.fromMontgomeryBytesLE(le, 0));
        });
        byte[] pBytes = new byte[32];
        byte[] raw = P.toByteArray();
        System.arraycopy(raw, raw.length - 32, pBytes, 0, 32);
        assertNull(Fq.fromBytesBE(pBytes, 0), "p itself is not a canonical encoding");
    }

    @Test
    void batchInverseMatchesSingleInverses() {
        Random rnd = new Random(1);
        Fq[] xs = new Fq[50];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i % 7 == 3 ? Fq.ZERO : Fq.random(rnd);
        }
        Fq[] inv = xs.clone();
        Fq.batchInverse(inv);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(xs[i].isZero() ? Fq.ZERO : xs[i].inverse(), inv[i]);
        }
    }
}
