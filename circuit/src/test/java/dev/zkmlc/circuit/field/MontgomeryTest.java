package dev.zkmlc.circuit.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/** The shared kernel on moduli other than r: any odd prime up to 254 bits, with operands of every size below it. */
class MontgomeryTest {
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    @Test
    void productSquareAndInverseAgreeWithBigIntegerForRandomPrimes() {
        qt().withExamples(200).forAll(SourceDSL.integers().between(3, 254), SourceDSL.longs().all())
                .checkAssert((bits, seed) -> {
                    Random rnd = new Random(seed);
                    BigInteger p = BigInteger.probablePrime(bits, rnd);
                    Montgomery kernel = new Montgomery(p);
                    BigInteger rInv = TWO_256.modInverse(p);
                    for (int i = 0; i < 20; i++) {
                        BigInteger a = operand(p, rnd, i);
                        BigInteger b = operand(p, rnd, i + 7);
                        long[] la = limbs(a), lb = limbs(b), out = new long[4];
                        kernel.mul(la[0], la[1], la[2], la[3], lb[0], lb[1], lb[2], lb[3], out, 0);
                        assertEquals(a.multiply(b).multiply(rInv).mod(p), value(out), "p = " + p);
                        kernel.square(la[0], la[1], la[2], la[3], out, 0);
                        assertEquals(a.multiply(a).multiply(rInv).mod(p), value(out), "p = " + p);
                        // inverse of the Montgomery value A = a·R is a^-1·R = A^-1·R^2
                        kernel.inverse(la[0], la[1], la[2], la[3], out, 0);
                        BigInteger want = a.signum() == 0 ? BigInteger.ZERO
                                : a.modInverse(p).multiply(TWO_256).multiply(TWO_256).mod(p);
                        assertEquals(want, value(out), "inverse of " + a + " mod " + p);
                    }
                });
    }

    @Test
    void refusesModuliItCannotReduce() {
        assertThrows(IllegalArgumentException.class, () -> new Montgomery(BigInteger.valueOf(10)));
        assertThrows(IllegalArgumentException.class, () -> new Montgomery(BigInteger.valueOf(15)));
        assertThrows(IllegalArgumentException.class, () -> new Montgomery(BigInteger.TWO));
        assertThrows(IllegalArgumentException.class, () -> new Montgomery(BigInteger.valueOf(-7)));
        assertThrows(IllegalArgumentException.class, () -> new Montgomery(BigInteger.ONE.shiftLeft(254).add(BigInteger.ONE)));
    }

    /**
     * Operands with long runs of zero or one bits (2^k, 2^k ± 1, p - 2^k for every k): the inverse shifts runs of
     * zero bits out a word at a time and the product's column sums meet all-ones words, for r, the base field q
     * and random primes of a few sizes.
     */
    @Test
    void powersOfTwoAndTheirNeighboursAgreeWithBigInteger() {
        Random rnd = new Random(5);
        java.util.List<BigInteger> moduli = new java.util.ArrayList<>(java.util.List.of(Fr.MODULUS, new BigInteger(
                "21888242871839275222246405745257275088696311157297823662689037894645226208583")));
        for (int bits : new int[] {64, 65, 128, 191, 192, 193, 254}) {
            moduli.add(BigInteger.probablePrime(bits, rnd));
        }
        for (BigInteger p : moduli) {
            Montgomery kernel = new Montgomery(p);
            BigInteger rInv = TWO_256.modInverse(p);
            BigInteger other = p.subtract(BigInteger.ONE);
            long[] lo = limbs(other), out = new long[4];
            for (int k = 0; k < p.bitLength(); k++) {
                BigInteger two = BigInteger.ONE.shiftLeft(k);
                for (BigInteger a : new BigInteger[] {two, two.subtract(BigInteger.ONE), two.add(BigInteger.ONE), p.subtract(two)}) {
                    a = a.mod(p);
                    long[] la = limbs(a);
                    kernel.mul(la[0], la[1], la[2], la[3], lo[0], lo[1], lo[2], lo[3], out, 0);
                    assertEquals(a.multiply(other).multiply(rInv).mod(p), value(out), a + " * (p-1) mod " + p);
                    kernel.square(la[0], la[1], la[2], la[3], out, 0);
                    assertEquals(a.multiply(a).multiply(rInv).mod(p), value(out), a + "^2 mod " + p);
                    kernel.inverse(la[0], la[1], la[2], la[3], out, 0);
                    BigInteger want = a.signum() == 0 ? BigInteger.ZERO
                            : a.modInverse(p).multiply(TWO_256).multiply(TWO_256).mod(p);
                    assertEquals(want, value(out), "inverse of " + a + " mod " + p);
                }
            }
        }
    }

    /** 0, 1, p-1, p-2 and random values below p, in turn. */
    private static BigInteger operand(BigInteger p, Random rnd, int i) {
        switch (i % 5) {
            case 0:
                return BigInteger.valueOf(i % 2);
            case 1:
                return p.subtract(BigInteger.ONE);
            case 2:
                return p.subtract(BigInteger.TWO).max(BigInteger.ZERO);
            default:
                return new BigInteger(p.bitLength() + 8, rnd).mod(p);
        }
    }

    private static long[] limbs(BigInteger v) {
        return new long[] {v.longValue(), v.shiftRight(64).longValue(), v.shiftRight(128).longValue(),
            v.shiftRight(192).longValue()};
    }

    private static BigInteger value(long[] l) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            v = v.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(l[i])));
        }
        return v;
    }
}
