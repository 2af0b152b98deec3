package dev.zkmlc.ir.fixed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.ir.op.Log;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Sqrt;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FixedPointMathTest {
    @Test
    void divRoundRoundsHalvesUpAndFloorsNegatives() {
        assertEquals(2, FixedPointMath.divRound(3, 2));
        assertEquals(-1, FixedPointMath.divRound(-3, 2));
        assertEquals(0, FixedPointMath.divRound(-1, 2));
        assertEquals(-1, FixedPointMath.divRound(-4, 3));
        assertEquals(-2, FixedPointMath.divRound(-5, 3));
        assertEquals(Long.MAX_VALUE / 3 + 0, FixedPointMath.divRound(Long.MAX_VALUE, 3));
        assertThrows(IllegalArgumentException.class, () -> FixedPointMath.divRound(1, 0));
    }

    @Test
    void divRoundSatisfiesItsQuotientRemainderProof() {
        qt().forAll(longs().all(), longs().between(1, Long.MAX_VALUE)).checkAssert((v, c) -> {
            BigInteger q = BigInteger.valueOf(FixedPointMath.divRound(v, c));
            BigInteger twoC = BigInteger.valueOf(c).shiftLeft(1);
            BigInteger rem = BigInteger.valueOf(v).shiftLeft(1).add(BigInteger.valueOf(c)).subtract(q.multiply(twoC));
            assertTrue(rem.signum() >= 0 && rem.compareTo(twoC) < 0, v + " / " + c + " -> " + q + " rem " + rem);
        });
    }

    @Test
    void rescaleIsDivRoundByAPowerOfTwo() {
        assertEquals(-1, FixedPointMath.rescale(-3, 1));
        assertEquals(0, FixedPointMath.rescale(-1, 1));
        assertEquals(1, FixedPointMath.rescale(1, 1));
        assertEquals(12, FixedPointMath.rescale(3, -2));
        assertThrows(ArithmeticException.class, () -> FixedPointMath.rescale(Long.MAX_VALUE / 2, -2));
        qt().forAll(longs().all(), integers().between(0, 62)).checkAssert((v, d) ->
                assertEquals(FixedPointMath.divRound(v, 1L << d), FixedPointMath.rescale(v, d)));
        qt().forAll(longs().between(-(1L << 40), 1L << 40), integers().between(0, 20)).checkAssert((v, d) ->
                assertEquals(v, FixedPointMath.rescale(FixedPointMath.rescale(v, -d), d)));
    }

    @Test
    void quantizeRoundsHalfUpExactly() {
        assertEquals(1, FixedPointMath.quantize(0.5, 0));
        assertEquals(0, FixedPointMath.quantize(-0.5, 0));
        assertEquals(-1, FixedPointMath.quantize(-1.5, 0));
        assertEquals(3, FixedPointMath.quantize(0.75, 2));
        // 0.5 - 2^-54: a double addition of 1/2 would round up to 1; the exact rule does not.
        assertEquals(0, FixedPointMath.quantize(0.49999999999999994, 0));
        assertThrows(FixedPointException.class, () -> FixedPointMath.quantize(0x1p52, 0));
        assertThrows(FixedPointException.class, () -> FixedPointMath.quantize(Double.NaN, 0));
        qt().forAll(longs().between(-(1L << 40), 1L << 40), integers().between(0, 30)).checkAssert((m, s) -> {
            double x = m * 0x1p-20;
            long q = FixedPointMath.quantize(x, s);
            double err = FixedPointMath.dequantize(q, s) - x;
            assertTrue(err > -StrictMath.scalb(1.0, -s - 1) && err <= StrictMath.scalb(1.0, -s - 1),
                    x + " at " + s + " -> " + q);
        });
    }

    @Test
    void lookupTablesRoundHalfUpAndSaturate() {
        LookupTable sig = LookupTable.build(new Sigmoid(), -4, 4, 1, 4, 16);
        assertEquals(8, sig.lookup(0)); // 0.5 * 16
        assertEquals(12, sig.lookup(2)); // sigmoid(1) * 16 = 11.70
        assertEquals(9, sig.size());
        assertEquals(LookupTable.entry(new Sigmoid(), -3, 1, 4, 16), sig.lookup(-3));
        // log 0 = -infinity takes the lower bound; log of a negative (NaN) gives 0.
        assertEquals(-128, LookupTable.entry(new Log(), 0, 0, 4, 8));
        assertEquals(0, LookupTable.entry(new Sqrt(), -1, 0, 4, 8));
        assertEquals(127, LookupTable.entry(LookupTable.EXP, 100, 0, 4, 8));
        assertEquals(16, LookupTable.entry(LookupTable.RSQRT, 4, 2, 4, 8)); // 1/sqrt(1) at scale 4
        assertThrows(IndexOutOfBoundsException.class, () -> sig.lookup(5));
    }
}
