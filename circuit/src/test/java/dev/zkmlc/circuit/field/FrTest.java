package dev.zkmlc.circuit.field;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class FrTest {
    private static final BigInteger R = Fr.MODULUS;

    /** Field elements as BigIntegers: uniform 256-bit values reduced, plus values near 0 and near r. */
    private static Gen<BigInteger> elements() {
        Gen<BigInteger> wide = SourceDSL.longs().all().zip(SourceDSL.longs().all(), SourceDSL.longs().all(),
                SourceDSL.longs().all(), (a, b, c, d) -> new BigInteger(1, bytes(a, b, c, d)).mod(R));
        Gen<BigInteger> small = SourceDSL.longs().between(-1000, 1000).map(v -> BigInteger.valueOf(v).mod(R));
        Gen<BigInteger> edges = SourceDSL.arbitrary().pick(BigInteger.ZERO, BigInteger.ONE, R.subtract(BigInteger.ONE),
                R.subtract(BigInteger.TWO), R.shiftRight(1), R.shiftRight(1).add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(63), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(192).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(253));
        return wide.mix(small, 30).mix(edges, 15);
    }

    /**
     * Raw Montgomery limbs (not values) for the kernels, each limb drawn from the patterns at which
     * signed-digit recoding and carries turn over (0, 1, 2^32-1, 2^63-1, 2^63, 2^64-1, random), kept
     * below r; plus r-1, r-2.
     */
    private static Gen<long[]> rawLimbs() {
        Gen<Long> limb = SourceDSL.arbitrary().pick(0L, 1L, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE, -1L)
                .mix(SourceDSL.longs().all(), 40);
        Gen<long[]> any = limb.zip(limb, limb, limb, (a, b, c, d) -> new long[] {a, b, c, d})
                .map(l -> BigIntegers.limbs(BigIntegers.of(l).mod(R)));
        Gen<long[]> nearR = SourceDSL.integers().between(1, 3)
                .map(k -> BigIntegers.limbs(R.subtract(BigInteger.valueOf(k))));
        return any.mix(nearR, 10);
    }

    /** Fr's kernel skips the primality test ({@link Montgomery#ofKnownPrime}): this is where r is checked. */
    @Test
    void theScalarFieldModulusIsPrime() {
        assertTrue(R.isProbablePrime(128));
    }

    @Test
    void kernelsOnEdgeLimbsAgreeWithBigInteger() {
        BigInteger rInv = BigInteger.ONE.shiftLeft(256).modInverse(R);
        qt().withExamples(3000).forAll(rawLimbs(), rawLimbs()).checkAssert((a, b) -> {
            long[] arr = FrLimbs.newArray(3);
            System.arraycopy(a, 0, arr, 0, 4);
            System.arraycopy(b, 0, arr, 4, 4);
            BigInteger x = BigIntegers.of(a), y = BigIntegers.of(b);
            FrLimbs.mul(arr, 0, arr, 1, arr, 2);
            assertEquals(x.multiply(y).multiply(rInv).mod(R), BigIntegers.of(java.util.Arrays.copyOfRange(arr, 8, 12)));
            FrLimbs.square(arr, 0, arr, 2);
            assertEquals(x.multiply(x).multiply(rInv).mod(R), BigIntegers.of(java.util.Arrays.copyOfRange(arr, 8, 12)));
        });
    }

    /** Little-endian 64-bit limbs to and from BigInteger, independent of the code under test. */
    private static final class BigIntegers {
        static BigInteger of(long[] l) {
            BigInteger v = BigInteger.ZERO;
            for (int i = 3; i >= 0; i--) {
                v = v.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(l[i])));
            }
            return v;
        }

        static long[] limbs(BigInteger v) {
            return new long[] {v.longValue(), v.shiftRight(64).longValue(), v.shiftRight(128).longValue(),
                v.shiftRight(192).longValue()};
        }
    }

    private static byte[] bytes(long... ls) {
        byte[] out = new byte[8 * ls.length];
        for (int i = 0; i < ls.length; i++) {
            for (int j = 0; j < 8; j++) {
                out[8 * i + j] = (byte) (ls[i] >>> (8 * j));
            }
        }
        return out;
    }

    @Test
    void constants() {
        assertEquals(BigInteger.ZERO, Fr.ZERO.toBigInteger());
        assertEquals(BigInteger.ONE, Fr.ONE.toBigInteger());
        assertEquals(R.subtract(BigInteger.ONE), Fr.of(-1).toBigInteger());
        Fr w = Fr.ROOT_OF_UNITY;
        assertEquals(Fr.of(-1), w.pow(1L << 27));
        assertEquals(Fr.ONE, w.pow(1L << 28));
        for (int k = 0; k <= Fr.TWO_ADICITY; k++) {
            Fr wk = Fr.rootOfUnity(k);
            assertEquals(Fr.ONE, wk.pow(1L << k), "order divides 2^" + k);
            if (k > 0) {
                assertEquals(Fr.of(-1), wk.pow(1L << (k - 1)), "primitive of order 2^" + k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Fr.rootOfUnity(29));
        // 7 generates F_r^*: 7^((r-1)/p) != 1 for each prime p dividing r-1 checked via the 2-part.
        assertFalse(Fr.GENERATOR.pow(R.subtract(BigInteger.ONE).shiftRight(1)).isOne());
    }

    @Test
    void addSubMulAgreeWithBigInteger() {
        qt().forAll(elements(), elements()).checkAssert((a, b) -> {
            Fr x = Fr.of(a), y = Fr.of(b);
            assertEquals(a.add(b).mod(R), x.add(y).toBigInteger());
            assertEquals(a.subtract(b).mod(R), x.sub(y).toBigInteger());
            assertEquals(a.multiply(b).mod(R), x.mul(y).toBigInteger());
            assertEquals(a.multiply(a).mod(R), x.square().toBigInteger());
            assertEquals(a.negate().mod(R), x.neg().toBigInteger());
        });
    }

    @Test
    void limbKernelsAgreeWithBigInteger() {
        qt().forAll(elements(), elements()).checkAssert((a, b) -> {
            long[] arr = FrLimbs.newArray(3);
            FrLimbs.set(arr, 0, Fr.of(a));
            FrLimbs.set(arr, 1, Fr.of(b));
            FrLimbs.mul(arr, 0, arr, 1, arr, 2);
            assertEquals(a.multiply(b).mod(R), FrLimbs.get(arr, 2).toBigInteger());
            FrLimbs.add(arr, 0, arr, 1, arr, 2);
            assertEquals(a.add(b).mod(R), FrLimbs.get(arr, 2).toBigInteger());
            FrLimbs.sub(arr, 0, arr, 1, arr, 2);
            assertEquals(a.subtract(b).mod(R), FrLimbs.get(arr, 2).toBigInteger());
            FrLimbs.neg(arr, 1, arr, 2);
            assertEquals(b.negate().mod(R), FrLimbs.get(arr, 2).toBigInteger());
            FrLimbs.mul(arr, 0, arr, 0, arr, 0); // aliasing output and inputs
            assertEquals(a.multiply(a).mod(R), FrLimbs.get(arr, 0).toBigInteger());
        });
    }

    /**
     * Sums and differences right at the reduction boundaries (a + b = r - 1, r, r + 1 and a - b = -1, 0, 1),
     * where add and sub decide between t and t - r (or t + r) by the sign of the top limb: every output's
     * limbs must be the canonical Montgomery form, for the objects and the array kernels alike.
     */
    @Test
    void addAndSubAtTheReductionBoundaries() {
        BigInteger mont = BigInteger.ONE.shiftLeft(256);
        qt().withExamples(500).forAll(elements()).checkAssert(a -> {
            for (int d = -1; d <= 1; d++) {
                BigInteger dd = BigInteger.valueOf(d);
                for (BigInteger b : new BigInteger[] {R.subtract(a).add(dd).mod(R), a.add(dd).mod(R)}) {
                    Fr x = Fr.of(a), y = Fr.of(b);
                    assertEquals(a.add(b).mod(R), x.add(y).toBigInteger());
                    assertEquals(a.subtract(b).mod(R), x.sub(y).toBigInteger());
                    assertEquals(b.negate().mod(R), y.neg().toBigInteger());
                    long[] arr = FrLimbs.newArray(3);
                    FrLimbs.set(arr, 0, x);
                    FrLimbs.set(arr, 1, y);
                    FrLimbs.add(arr, 0, arr, 1, arr, 2);
                    assertEquals(a.add(b).multiply(mont).mod(R), BigIntegers.of(java.util.Arrays.copyOfRange(arr, 8, 12)));
                    FrLimbs.sub(arr, 0, arr, 1, arr, 2);
                    assertEquals(a.subtract(b).multiply(mont).mod(R), BigIntegers.of(java.util.Arrays.copyOfRange(arr, 8, 12)));
                    FrLimbs.neg(arr, 1, arr, 2);
                    assertEquals(b.negate().multiply(mont).mod(R), BigIntegers.of(java.util.Arrays.copyOfRange(arr, 8, 12)));
                }
            }
        });
    }

    /** The NTT's butterflies: (a, b) becomes (a + w·b, a - w·b), and (a + b, a - b) when the twiddle is one. */
    @Test
    void butterfliesAgreeWithBigInteger() {
        qt().forAll(elements(), elements(), elements()).checkAssert((a, b, w) -> {
            long[] arr = FrLimbs.newArray(3);
            FrLimbs.set(arr, 2, Fr.of(a));
            FrLimbs.set(arr, 0, Fr.of(b));
            FrLimbs.set(arr, 1, Fr.of(w));
            FrLimbs.butterfly(arr, 2, 0, arr, 1);
            BigInteger wb = w.multiply(b);
            assertEquals(a.add(wb).mod(R), FrLimbs.get(arr, 2).toBigInteger());
            assertEquals(a.subtract(wb).mod(R), FrLimbs.get(arr, 0).toBigInteger());
            FrLimbs.set(arr, 2, Fr.of(a));
            FrLimbs.set(arr, 0, Fr.of(b));
            FrLimbs.addSub(arr, 2, 0);
            assertEquals(a.add(b).mod(R), FrLimbs.get(arr, 2).toBigInteger());
            assertEquals(a.subtract(b).mod(R), FrLimbs.get(arr, 0).toBigInteger());
        });
    }

    @Test
    void inverse() {
        qt().forAll(elements()).assuming(a -> a.signum() != 0).checkAssert(a -> {
            Fr x = Fr.of(a);
            assertEquals(a.modInverse(R), x.inverse().toBigInteger());
            assertTrue(x.mul(x.inverse()).isOne());
            long[] l = FrLimbs.newArray(2);
            FrLimbs.set(l, 0, x);
            FrLimbs.inverseFermat(l, 0, l, 1);
            assertEquals(x.inverse(), FrLimbs.get(l, 1));
        });
        long[] z = FrLimbs.newArray(1);
        FrLimbs.inverse(z, 0, z, 0);
        assertTrue(FrLimbs.isZero(z, 0));
        assertEquals(Fr.ONE, Fr.ONE.inverse());
        assertEquals(Fr.of(-1), Fr.of(-1).inverse());
        assertThrows(ArithmeticException.class, Fr.ZERO::inverse);
    }

    @Test
    void batchInverse() {
        qt().forAll(SourceDSL.lists().of(elements()).ofSizeBetween(0, 40))
                .checkAssert(list -> {
                    Fr[] xs = list.stream().filter(v -> v.signum() != 0).map(Fr::of).toArray(Fr[]::new);
                    Fr[] inv = Fr.batchInvert(xs);
                    long[] arr = FrLimbs.newArray(xs.length + 1);
                    for (int i = 0; i < xs.length; i++) {
                        FrLimbs.set(arr, i + 1, xs[i]);
                    }
                    FrLimbs.batchInvert(arr, 0, xs.length + 1); // element 0 is zero and stays zero
                    assertTrue(FrLimbs.isZero(arr, 0));
                    for (int i = 0; i < xs.length; i++) {
                        assertEquals(xs[i].toBigInteger().modInverse(R), inv[i].toBigInteger());
                        assertEquals(inv[i], FrLimbs.get(arr, i + 1));
                    }
                });
        assertThrows(ArithmeticException.class, () -> Fr.batchInvert(new Fr[] {Fr.ONE, Fr.ZERO}));
    }

    @Test
    void pow() {
        qt().withExamples(300).forAll(elements(), SourceDSL.longs().between(-50, 1000)).checkAssert((a, e) -> {
            if (a.signum() == 0 && e < 0) {
                return;
            }
            BigInteger expected = e >= 0 ? a.modPow(BigInteger.valueOf(e), R)
                    : a.modInverse(R).modPow(BigInteger.valueOf(-e), R);
            assertEquals(expected, Fr.of(a).pow(e).toBigInteger());
            assertEquals(expected, Fr.of(a).pow(BigInteger.valueOf(e)).toBigInteger());
        });
    }

    @Test
    void signedRoundTrip() {
        qt().forAll(SourceDSL.longs().all()).checkAssert(v -> {
            Fr x = Fr.of(v);
            assertEquals(BigInteger.valueOf(v).mod(R), x.toBigInteger());
            assertEquals(BigInteger.valueOf(v), x.signed());
            assertTrue(x.fitsInLong());
            assertEquals(v, x.toLongExact());
        });
        qt().forAll(elements()).checkAssert(a -> {
            Fr x = Fr.of(a);
            BigInteger s = x.signed();
            assertEquals(a, s.mod(R));
            assertTrue(s.shiftLeft(1).abs().compareTo(R) < 0, "|signed| < r/2");
            assertEquals(x, Fr.of(s));
            boolean fits = s.bitLength() <= 63;
            assertEquals(fits, x.fitsInLong());
            assertEquals(fits ? s.longValueExact() : 42L, x.toLongOr(42L));
            if (!fits) {
                assertThrows(ArithmeticException.class, x::toLongExact);
            }
        });
        assertEquals(Long.MIN_VALUE, Fr.of(Long.MIN_VALUE).toLongExact());
        long[] l = FrLimbs.newArray(1);
        for (long v : new long[] {0, 1, -1, 1023, 1024, 1025, -1024, -1025, Long.MIN_VALUE, Long.MAX_VALUE}) {
            FrLimbs.setLong(l, 0, v);
            assertEquals(BigInteger.valueOf(v), FrLimbs.get(l, 0).signed());
        }
        assertThrows(ArithmeticException.class, () -> Fr.of(Long.MAX_VALUE).add(Fr.ONE).toLongExact());
        assertThrows(ArithmeticException.class, () -> Fr.of(Long.MIN_VALUE).sub(Fr.ONE).toLongExact());
    }

    @Test
    void bytesRoundTrip() {
        qt().forAll(elements()).checkAssert(a -> {
            Fr x = Fr.of(a);
            byte[] le = x.toBytesLE();
            assertEquals(32, le.length);
            byte[] be = a.toByteArray();
            byte[] expected = new byte[32];
            for (int i = 0; i < be.length && i < 32; i++) {
                expected[i] = be[be.length - 1 - i];
            }
            assertArrayEquals(expected, le);
            assertEquals(x, Fr.fromBytesLE(le));
        });
        byte[] rBytes = Fr.ZERO.toBytesLE();
        byte[] be = R.toByteArray();
        for (int i = 0; i < 32; i++) {
            rBytes[i] = be[be.length - 1 - i];
        }
        assertThrows(IllegalArgumentException.class, () -> Fr.fromBytesLE(rBytes));
        assertThrows(IllegalArgumentException.class, () -> Fr.fromBytesLE(new byte[31]));
    }

    @Test
    void randomIsInRangeAndSpread() {
        SplittableRandom rng = new SplittableRandom(1);
        Fr a = Fr.random(rng), b = Fr.random(rng);
        assertFalse(a.equals(b));
        assertTrue(a.toBigInteger().compareTo(R) < 0);
    }

    @Test
    void equalsAndHashCode() {
        assertEquals(Fr.of(-5), Fr.of(R.subtract(BigInteger.valueOf(5))));
        assertEquals(Fr.of(-5).hashCode(), Fr.of(R.subtract(BigInteger.valueOf(5))).hashCode());
        assertEquals("-5", Fr.of(-5).toString());
    }
}
