package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CosetEvaluatorTest {
    private static final int N = 64;

    /**
     * Identities with what the compiler rewrites — runs of constraints under one selector (grouped as q·Horner),
     * shared subexpressions, scale factors 1, 2, -1 and others, rotations that wrap — give the same combined
     * value on every row as evaluating each identity's tree directly.
     */
    @Test
    void compiledCodeAgreesWithTheExpressionTrees() {
        Column q = new Column(ColumnKind.FIXED, 0, "q");
        Column a = new Column(ColumnKind.ADVICE, 0, "a");
        Column b = new Column(ColumnKind.ADVICE, 1, "b");
        Column c = new Column(ColumnKind.ADVICE, 2, "c");
        Expression shared = a.cur().times(Fr.of(7)).plus(b.rot(-1));
        List<Expression> constraints = List.of(
                q.cur().times(a.cur().minus(b.cur())),
                q.cur().times(a.cur()).times(shared),
                q.cur().times(c.rot(1).times(2).minus(a.cur().times(-1))),
                shared.times(shared).plus(c.cur().times(1)),
                q.cur().times(b.rot(3)),
                a.cur().times(q.cur()).minus(Expression.constant(5)),
                shared.negate().times(c.cur()));
        qt().withExamples(20).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            Map<Column, long[]> values = Map.of(q, column(rnd, true), a, column(rnd, false), b, column(rnd, false),
                    c, column(rnd, false));
            Fr y = Fr.random(rnd);
            long[] got = CosetEvaluator.compile(constraints, y, values::get, N, 1).evaluateAll();
            for (int row = 0; row < N; row++) {
                Fr expected = Fr.ZERO;
                for (Expression e : constraints) {
                    expected = expected.mul(y).add(e.evaluate(row,
                            (col, r) -> FrLimbs.get(values.get(col), Math.floorMod(r, N))));
                }
                assertEquals(expected, FrLimbs.get(got, row), "row " + row);
            }
        });
    }

    /**
     * A class of identities (some positions of the list) on a coset of 2N points of the domain of N, read from
     * arrays of 4N points (every other one): the positions' own powers of y, up to the last one, and rotation r
     * reads the array 4r points on.
     */
    @Test
    void aClassOfIdentitiesReadsEveryOtherPointOfLargerArrays() {
        Column q = new Column(ColumnKind.FIXED, 0, "q");
        Column a = new Column(ColumnKind.ADVICE, 0, "a");
        Column b = new Column(ColumnKind.ADVICE, 1, "b");
        List<Expression> constraints = List.of(
                q.cur().times(a.cur().minus(b.cur())),
                a.cur().times(a.rot(1)).times(b.cur()),
                q.cur().times(a.rot(-1)),
                q.cur().times(b.rot(2).times(3)),
                b.cur().minus(Expression.constant(4)),
                q.cur().times(a.cur().times(b.cur())),
                a.rot(1).times(b.rot(1)));
        int[] which = {0, 2, 3, 5, 6};
        qt().withExamples(20).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rnd = new SplittableRandom(seed);
            Map<Column, long[]> values = Map.of(q, column(rnd, true, 4 * N), a, column(rnd, false, 4 * N),
                    b, column(rnd, false, 4 * N));
            Fr y = Fr.random(rnd);
            long[] got = CosetEvaluator.compile(constraints, which, y, values::get, 2 * N, N).evaluateAll();
            for (int point = 0; point < 2 * N; point++) {
                int at = 2 * point;
                Fr expected = Fr.ZERO;
                for (int i = 0; i <= which[which.length - 1]; i++) {
                    expected = expected.mul(y);
                    if (java.util.Arrays.binarySearch(which, i) >= 0) {
                        expected = expected.add(constraints.get(i).evaluate(0,
                                (col, r) -> FrLimbs.get(values.get(col), Math.floorMod(at + 4 * r, 4 * N))));
                    }
                }
                assertEquals(expected, FrLimbs.get(got, point), "point " + point);
            }
        });
    }

    private static long[] column(SplittableRandom rnd, boolean selector) {
        return column(rnd, selector, N);
    }

    private static long[] column(SplittableRandom rnd, boolean selector, int points) {
        long[] v = FrLimbs.newArray(points);
        for (int i = 0; i < points; i++) {
            FrLimbs.set(v, i, selector ? Fr.of(rnd.nextInt(2)) : Fr.random(rnd));
        }
        return v;
    }
}
