package dev.zkmlc.prover.curve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.prover.field.FqLimbs;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class FixedBaseTest {
    private static final G1 BASE = G1.GENERATOR.mul(BigInteger.valueOf(123456789));
    private static final FixedBase TABLE = new FixedBase(BASE);

    private static Gen<BigInteger> scalars() {
        return longs().all().map(seed -> new BigInteger(256, new java.util.Random(seed)));
    }

    @Test
    void tableMultipleEqualsDoubleAndAdd() {
        qt().withExamples(30).forAll(scalars()).checkAssert(k ->
                assertEquals(BASE.mul(k).toAffine(), TABLE.mul(k).toAffine()));
    }

    @Test
    void wideWindowsGiveTheSameMultiplesAsByteWindows() {
        FixedBase wide = FixedBase.forMultiples(BASE, 1L << 20);
        qt().withExamples(30).forAll(scalars()).checkAssert(k ->
                assertEquals(BASE.mul(k).toAffine(), wide.mul(k).toAffine()));
    }

    @Test
    void bulkMultiplesEqualDoubleAndAddIncludingZeroAndEdgeScalars() {
        BigInteger[] ks = {BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(255), BigInteger.valueOf(256),
            Bn254.ORDER.subtract(BigInteger.ONE), Bn254.ORDER, BigInteger.ONE.shiftLeft(255).add(BigInteger.TEN),
            new BigInteger(200, new java.util.Random(7))};
        byte[] le = new byte[ks.length * FixedBase.SCALAR_BYTES];
        for (int i = 0; i < ks.length; i++) {
            byte[] be = ks[i].toByteArray();
            for (int b = 0; b < FixedBase.SCALAR_BYTES && b < be.length; b++) {
                le[i * FixedBase.SCALAR_BYTES + b] = be[be.length - 1 - b];
            }
        }
        long[] xy = FqLimbs.newArray(2 * ks.length);
        TABLE.mulAffine(le, 0, 3, xy);
        TABLE.mulAffine(le, 3, ks.length - 3, xy);
        for (int i = 0; i < ks.length; i++) {
            G1Affine expected = ks[i].signum() == 0 ? G1Affine.INFINITY : BASE.mul(ks[i]).toAffine();
            assertEquals(expected, FixedBase.point(xy, i), "k = " + ks[i]);
        }
    }

    @Test
    void encodingsMatchThePointObjects() {
        long[] xy = FqLimbs.newArray(2);
        byte[] k = new byte[FixedBase.SCALAR_BYTES];
        k[0] = 42;
        k[17] = 5;
        TABLE.mulAffine(k, 0, 1, xy);
        G1Affine p = FixedBase.point(xy, 0);
        byte[] uncompressed = new byte[64];
        FixedBase.canonicalBytesBE(xy, 0, uncompressed, 0, FqLimbs.newArray(1));
        FixedBase.canonicalBytesBE(xy, 1, uncompressed, 32, FqLimbs.newArray(1));
        assertEquals(java.util.Arrays.toString(p.toUncompressed()), java.util.Arrays.toString(uncompressed));
        byte[] montgomery = new byte[32];
        byte[] expected = new byte[32];
        FixedBase.montgomeryBytesLE(xy, 0, montgomery, 0);
        p.x.toMontgomeryBytesLE(expected, 0);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(montgomery));
    }
}
