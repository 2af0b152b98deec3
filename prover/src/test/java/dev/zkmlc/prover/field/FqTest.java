package dev.zkmlc.prover.field;

import static dev.zkmlc.prover.field.FieldGens.P;
import static dev.zkmlc.prover.field.FieldGens.fqValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FqTest {
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
