package dev.zkmlc.prover.field;

import static dev.zkmlc.prover.field.FieldGens.P;
import static dev.zkmlc.prover.field.FieldGens.fqValues;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FqLimbsTest {
    @Test
    void kernelsAgreeWithBigInteger() {
        qt().withExamples(2000).forAll(fqValues(), fqValues()).checkAssert((a, b) -> {
            long[] v = FqLimbs.newArray(3);
            FqLimbs.set(v, 0, Fq.of(a));
            FqLimbs.set(v, 1, Fq.of(b));
            FqLimbs.mul(v, 0, v, 1, v, 2);
            assertEquals(a.multiply(b).mod(P), FqLimbs.get(v, 2).toBigInteger());
            FqLimbs.square(v, 0, v, 2);
            assertEquals(a.multiply(a).mod(P), FqLimbs.get(v, 2).toBigInteger());
            FqLimbs.add(v, 0, v, 1, v, 2);
            assertEquals(a.add(b).mod(P), FqLimbs.get(v, 2).toBigInteger());
            FqLimbs.sub(v, 0, v, 1, v, 2);
            assertEquals(a.subtract(b).mod(P), FqLimbs.get(v, 2).toBigInteger());
            FqLimbs.neg(v, 0, v, 2);
            assertEquals(a.negate().mod(P), FqLimbs.get(v, 2).toBigInteger());
            FqLimbs.dbl(v, 1, v, 1);
            assertEquals(b.shiftLeft(1).mod(P), FqLimbs.get(v, 1).toBigInteger());
        });
    }

    @Test
    void outputsMayAliasInputs() {
        Random rnd = new Random(5);
        Fq a = Fq.random(rnd);
        long[] v = FqLimbs.newArray(1);
        FqLimbs.set(v, 0, a);
        FqLimbs.mul(v, 0, v, 0, v, 0);
        assertEquals(a.square(), FqLimbs.get(v, 0));
    }

    @Test
    void batchInversionInvertsEveryElement() {
        Random rnd = new Random(3);
        int n = 37;
        Fq[] xs = new Fq[n];
        long[] v = FqLimbs.newArray(n + 2);
        for (int i = 0; i < n; i++) {
            xs[i] = i == 5 ? Fq.ONE : Fq.random(rnd);
            FqLimbs.set(v, i + 2, xs[i]);
        }
        FqLimbs.batchInvert(v, 2, n, FqLimbs.newArray(n));
        for (int i = 0; i < n; i++) {
            assertEquals(Fq.ONE, FqLimbs.get(v, i + 2).mul(xs[i]), "element " + i);
        }
        assertEquals(BigInteger.ZERO, FqLimbs.get(v, 0).toBigInteger());
    }

    /**
     * Every output's limbs are canonical (below p), not merely equal mod p: the MSM's bucket sums tell a doubling
     * from an addition by comparing limbs. Includes the exact boundaries a + (p - a) = p, a - a, -0 and 2·(p - 1)/2.
     */
    @Test
    void outputLimbsAreCanonicalAtTheBoundaries() {
        qt().withExamples(500).forAll(fqValues()).checkAssert(a -> {
            BigInteger other = P.subtract(a).mod(P);
            for (BigInteger b : new BigInteger[] {other, a, BigInteger.ZERO, P.subtract(BigInteger.ONE),
                P.shiftRight(1), P.shiftRight(1).add(BigInteger.ONE)}) {
                long[] v = FqLimbs.newArray(3);
                FqLimbs.set(v, 0, Fq.of(a));
                FqLimbs.set(v, 1, Fq.of(b));
                FqLimbs.add(v, 0, v, 1, v, 2);
                assertCanonical(v, a.add(b).mod(P), "add");
                FqLimbs.sub(v, 0, v, 1, v, 2);
                assertCanonical(v, a.subtract(b).mod(P), "sub");
                FqLimbs.mul(v, 0, v, 1, v, 2);
                assertCanonical(v, a.multiply(b).mod(P), "mul");
                FqLimbs.square(v, 1, v, 2);
                assertCanonical(v, b.multiply(b).mod(P), "square");
                FqLimbs.neg(v, 1, v, 2);
                assertCanonical(v, b.negate().mod(P), "neg");
                FqLimbs.dbl(v, 1, v, 2);
                assertCanonical(v, b.shiftLeft(1).mod(P), "dbl");
            }
        });
    }

    /** Element 2 of v, as raw limbs, is the Montgomery form of want (so below p). */
    private static void assertCanonical(long[] v, BigInteger want, String op) {
        BigInteger raw = BigInteger.ZERO;
        for (int j = 3; j >= 0; j--) {
            raw = raw.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(v[8 + j])));
        }
        assertEquals(want.shiftLeft(256).mod(P), raw, op + " limbs");
    }
}
