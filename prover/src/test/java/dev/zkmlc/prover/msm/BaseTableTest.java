package dev.zkmlc.prover.msm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaseTableTest {
    private static final int N = 2600;
    private static MsmTest.Bases bases;
    private static BaseTable table;

    /** Finite bases with known discrete logs (the table needs no point at infinity), with repeats and negations. */
    @BeforeAll
    static void buildTable() {
        MsmTest.Bases b = MsmTest.bases(N, 21);
        G1Affine[] points = b.points().clone();
        BigInteger[] logs = b.logs().clone();
        for (int i = 0; i < N; i++) {
            if (points[i].infinity) {
                points[i] = G1Affine.GENERATOR;
                logs[i] = BigInteger.ONE;
            }
        }
        bases = new MsmTest.Bases(points, logs);
        table = BaseTable.build(points);
    }

    private static long[] limbs(Fr[] s) {
        long[] out = FrLimbs.newArray(s.length);
        for (int i = 0; i < s.length; i++) {
            FrLimbs.set(out, i, s[i]);
        }
        return out;
    }

    @Test
    void fullSizeScalarsThroughTheTableMatchTheDiscreteLogSum() {
        Fr[] s = MsmTest.scalars(N, 22, 100);
        assertEquals(bases.expected(s), Msm.msm(table, limbs(s)));
        assertEquals(Msm.msm(bases.points(), s), Msm.msm(table, limbs(s)));
    }

    /** Several MSMs side by side (one per core, the odd one out split between the cores) give each one's sum. */
    @Test
    void msmAllGivesEachVectorsSum() {
        List<long[]> vectors = new ArrayList<>();
        List<G1> expected = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            Fr[] s = MsmTest.scalars(N, 30 + v, v == 1 ? 60 : 100);
            vectors.add(limbs(s));
            expected.add(bases.expected(s));
        }
        assertEquals(expected, List.of(Msm.msmAll(table, vectors)));
    }

    @Test
    void mixedScalarsUseTheTableForTheLargeOnesOnly() {
        Fr[] s = MsmTest.scalars(N, 23, 60);
        assertEquals(bases.expected(s), Msm.msm(table, limbs(s)));
        Fr[] small = MsmTest.scalars(N, 24, 0);
        assertEquals(bases.expected(small), Msm.msm(table, limbs(small)));
    }

    @Test
    void fewerScalarsThanBases() {
        Fr[] s = MsmTest.scalars(1500, 25, 100);
        assertEquals(bases.expected(s), Msm.msm(table, limbs(s)));
        assertEquals(G1.INFINITY, Msm.msm(table, FrLimbs.newArray(0)));
    }

    /** Magnitudes at the top of the signed range: the last window's digit and its carry. */
    @Test
    void extremeScalars() {
        BigInteger r = Fr.MODULUS;
        BigInteger half = r.shiftRight(1);
        BigInteger[] edges = {half, half.add(BigInteger.ONE), r.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(252),
                BigInteger.ONE.shiftLeft(253).subtract(BigInteger.ONE).min(half), BigInteger.ONE.shiftLeft(65)};
        Fr[] s = new Fr[N];
        for (int i = 0; i < N; i++) {
            s[i] = Fr.of(edges[i % edges.length]);
        }
        assertEquals(bases.expected(s), Msm.msm(table, limbs(s)));
    }

    /** Equal and opposite points with equal scalars: buckets double and cancel. */
    @Test
    void cancellingTermsSumToZero() {
        int n = 2048;
        G1Affine[] b = new G1Affine[n];
        Fr[] s = new Fr[n];
        Fr k = Fr.random(new java.util.SplittableRandom(5));
        for (int i = 0; i < n; i++) {
            b[i] = i % 2 == 0 ? G1Affine.GENERATOR : G1Affine.GENERATOR.neg();
            s[i] = i % 4 < 2 ? k : k.neg();
        }
        BaseTable t = BaseTable.build(b);
        assertTrue(Msm.msm(t, limbs(s)).isInfinity());
        s[0] = s[0].add(Fr.ONE);
        assertEquals(G1.GENERATOR, Msm.msm(t, limbs(s)));
    }

    @Test
    void aTableReadBackFromItsLimbsGivesTheSameSums() {
        BaseTable back = BaseTable.of(bases.points(), BaseTable.WINDOW_BITS, BaseTable.WINDOWS, table.higherWindows());
        Fr[] s = MsmTest.scalars(N, 26, 100);
        assertEquals(bases.expected(s), Msm.msm(back, limbs(s)));
    }

    @Test
    void aTableOfOtherBasesOrShapeIsRefused() {
        G1Affine[] other = bases.points().clone();
        other[0] = other[0].equals(G1Affine.GENERATOR) ? G1Affine.GENERATOR.neg() : G1Affine.GENERATOR;
        assertThrows(IllegalArgumentException.class,
                () -> BaseTable.of(other, BaseTable.WINDOW_BITS, BaseTable.WINDOWS, table.higherWindows()));
        long[] damaged = table.higherWindows();
        damaged[1] ^= 1; // 2^13 times base 0, which is probed
        assertThrows(IllegalArgumentException.class,
                () -> BaseTable.of(bases.points(), BaseTable.WINDOW_BITS, BaseTable.WINDOWS, damaged));
        assertThrows(IllegalArgumentException.class, () -> BaseTable.of(bases.points(), BaseTable.WINDOW_BITS,
                BaseTable.WINDOWS, Arrays.copyOf(table.higherWindows(), 8 * N)));
        assertThrows(IllegalArgumentException.class,
                () -> BaseTable.of(bases.points(), BaseTable.WINDOW_BITS + 1, BaseTable.WINDOWS, table.higherWindows()));
    }
}
