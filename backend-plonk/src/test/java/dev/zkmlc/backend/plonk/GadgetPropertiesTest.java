package dev.zkmlc.backend.plonk;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresAccepted;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static dev.zkmlc.backend.plonk.CircuitHarness.compile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.zkmlc.circuit.mock.CircuitChecks;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.circuit.gadget.RangeBase;
import dev.zkmlc.circuit.gadget.RangeViolation;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * For every gadget, over random shapes, table sizes and values, with and without the lookup table: the honest witness passes
 * the mock prover with the exact expected outputs; changing any dependent cell, a public value, or
 * claiming a different output is rejected.
 */
class GadgetPropertiesTest {
    private static final int EXAMPLES = 8;
    private static final int SAMPLES = 25;

    private static long[] randoms(Random r, int n, long lo, long hi) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (long) (r.nextDouble() * (hi - lo + 1));
            v[i] = Math.min(hi, v[i]);
        }
        return v;
    }

    private static void tamperOutput(CompiledCircuit cc, Map<String, long[]> in, int wire) {
        long[] wires = cc.program().evaluate(in);
        wires[wire] += 1;
        assertWiresRejected(cc, wires, "claiming output + 1");
        wires[wire] -= 2;
        assertWiresRejected(cc, wires, "claiming output - 1");
    }

    @Test
    void dotProductWithBias() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(3);
            int len = 1 + r.nextInt(20);
            boolean fixedWeights = r.nextBoolean();
            GadgetProgram.Builder b = GadgetProgram.builder("dot");
            int[] x = b.input("x", new int[] {len}, r.nextBoolean(), Interval.signedBits(8));
            long[] wv = randoms(r, n * len, -100, 100);
            long[] bv = randoms(r, n, -5000, 5000);
            int[] w = b.constants(wv, fixedWeights);
            int[] bias = b.constants(bv, fixedWeights);
            int[][] xs = new int[n][];
            int[][] ws = new int[n][];
            for (int i = 0; i < n; i++) {
                xs[i] = x;
                ws[i] = java.util.Arrays.copyOfRange(w, i * len, (i + 1) * len);
            }
            int[] y = b.dot("test:1", xs, ws, bias);
            b.output("y", new int[] {n}, y, true);
            long[] xv = randoms(r, len, -128, 127);
            for (int j = 0; j < len; j++) {
                // A zero input makes its (private) weight irrelevant: changing that weight and its
                // copies is then a valid other witness, not a soundness failure.
                xv[j] = xv[j] == 0 ? 1 : xv[j];
            }
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = bv[i];
                for (int j = 0; j < len; j++) {
                    expected[i] += xv[j] * wv[i * len + j];
                }
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("x", xv);
            var res = assertComplete(cc, in, Map.of("y", expected));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, y[r.nextInt(n)]);
        });
    }

    @Test
    void linearMulAndSum() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(9);
            long ca = r.nextInt(9) - 4;
            long cb = r.nextInt(9) - 4;
            long k = r.nextInt(201) - 100;
            GadgetProgram.Builder b = GadgetProgram.builder("arith");
            int[] a = b.input("a", new int[] {n}, false, Interval.signedBits(10));
            int[] c = b.input("b", new int[] {n}, false, Interval.signedBits(10));
            int[] lin = b.linear("lin", a, c, ca, cb, k);
            int[] neg = b.linear("neg", a, null, -1, 0, 0);
            int[] prod = b.mul("mul", a, c);
            int[] s = b.sum("sum", new int[][] {a, prod});
            b.output("lin", new int[] {n}, lin, true);
            b.output("neg", new int[] {n}, neg, false);
            b.output("prod", new int[] {n}, prod, true);
            b.output("sum", new int[] {2}, s, true);
            long[] av = randoms(r, n, -512, 511);
            long[] bv = randoms(r, n, -512, 511);
            long[] el = new long[n];
            long[] en = new long[n];
            long[] ep = new long[n];
            long[] es = new long[2];
            for (int i = 0; i < n; i++) {
                el[i] = ca * av[i] + cb * bv[i] + k;
                en[i] = -av[i];
                ep[i] = av[i] * bv[i];
                es[0] += av[i];
                es[1] += ep[i];
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("a", av, "b", bv);
            var res = assertComplete(cc, in, Map.of("lin", el, "neg", en, "prod", ep, "sum", es));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, lin[r.nextInt(n)]);
            tamperOutput(cc, in, neg[r.nextInt(n)]);
            tamperOutput(cc, in, prod[r.nextInt(n)]);
            tamperOutput(cc, in, s[r.nextInt(2)]);
        });
    }

    @Test
    void divRoundAndRescale() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(8);
            long divisor = r.nextBoolean() ? 1L << r.nextInt(12) : 1 + r.nextInt(3000);
            GadgetProgram.Builder b = GadgetProgram.builder("div");
            int[] v = b.input("v", new int[] {n}, true, Interval.signedBits(20));
            Interval out = Interval.signedBits(21);
            int[] q = b.divRound("div", v, divisor, out);
            b.output("q", new int[] {n}, q, true);
            long[] vv = randoms(r, n, -(1 << 19), (1 << 19) - 1);
            long[] eq = new long[n];
            for (int i = 0; i < n; i++) {
                // round half up: floor(v / c + 1/2), computed independently in exact rationals
                eq[i] = Math.floorDiv(2 * vv[i] + divisor, 2 * divisor);
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("v", vv);
            var res = assertComplete(cc, in, Map.of("q", eq));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, q[r.nextInt(n)]);
        });
    }

    @Test
    void variableDivision() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(6);
            GadgetProgram.Builder b = GadgetProgram.builder("divvar");
            int[] num = b.input("num", new int[] {n}, false, new Interval(-5000, 5000));
            int[] den = b.input("den", new int[] {n}, false, new Interval(1, 300));
            int[] q = b.divVar("divvar", num, den, new Interval(-10000, 10000));
            b.output("q", new int[] {n}, q, true);
            long[] nv = randoms(r, n, -5000, 5000);
            long[] dv = randoms(r, n, 1, 300);
            long[] eq = new long[n];
            for (int i = 0; i < n; i++) {
                eq[i] = Math.floorDiv(2 * nv[i] + dv[i], 2 * dv[i]);
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("num", nv, "den", dv);
            var res = assertComplete(cc, in, Map.of("q", eq));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, q[r.nextInt(n)]);
        });
    }

    @Test
    void maxAndMin() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(8);
            GadgetProgram.Builder b = GadgetProgram.builder("max");
            int[] a = b.input("a", new int[] {n}, false, Interval.signedBits(12));
            int[] c = b.input("b", new int[] {n}, false, new Interval(-100, 3000));
            int[] mx = b.max("max", a, c);
            int[] mn = b.min("min", a, c);
            b.output("max", new int[] {n}, mx, true);
            b.output("min", new int[] {n}, mn, true);
            long[] av = randoms(r, n, -2048, 2047);
            long[] bv = randoms(r, n, -100, 3000);
            if (r.nextBoolean()) {
                bv[0] = Math.max(-100, Math.min(2047, av[0]));
                av[0] = bv[0];
            }
            long[] emx = new long[n];
            long[] emn = new long[n];
            for (int i = 0; i < n; i++) {
                emx[i] = Math.max(av[i], bv[i]);
                emn[i] = Math.min(av[i], bv[i]);
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("a", av, "b", bv);
            var res = assertComplete(cc, in, Map.of("max", emx, "min", emn));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            int i = r.nextInt(n);
            tamperOutput(cc, in, mx[i]);
            tamperOutput(cc, in, mn[i]);
            if (av[i] != bv[i]) {
                long[] wires = cc.program().evaluate(in);
                wires[mx[i]] = emn[i];
                wires[mn[i]] = emx[i];
                assertWiresRejected(cc, wires, "max and min swapped");
            }
        });
    }

    @Test
    void comparison() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(8);
            GadgetProgram.Builder b = GadgetProgram.builder("cmp");
            int[] a = b.input("a", new int[] {n}, false, Interval.signedBits(12));
            int[] c = b.input("b", new int[] {n}, r.nextBoolean(), new Interval(-300, 1000));
            int[] ge = b.compare("cmp", a, c);
            b.output("ge", new int[] {n}, ge, true);
            long[] av = randoms(r, n, -2048, 2047);
            long[] bv = randoms(r, n, -300, 1000);
            int i = r.nextInt(n);
            av[i] = bv[i] + r.nextInt(3) - 1;
            long[] e = new long[n];
            for (int k = 0; k < n; k++) {
                e[k] = av[k] >= bv[k] ? 1 : 0;
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("a", av, "b", bv);
            var res = assertComplete(cc, in, Map.of("ge", e));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            long[] wires = cc.program().evaluate(in);
            wires[ge[i]] = 1 - e[i];
            assertWiresRejected(cc, wires, "the opposite comparison");
            wires[ge[i]] = 2;
            assertWiresRejected(cc, wires, "a non-boolean comparison");
        });
    }

    /** Operands narrow enough that t needs no decomposition, so the adversary below is complete. */
    @Test
    void comparisonCannotBeFlipped() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(6);
            GadgetProgram.Builder b = GadgetProgram.builder("flip");
            int[] a = b.input("a", new int[] {n}, false, new Interval(-15, 15));
            int[] c = b.input("b", new int[] {n}, false, new Interval(-15, 15));
            b.output("max", new int[] {n}, b.max("max", a, c), true);
            b.output("min", new int[] {n}, b.min("min", a, c), true);
            long[] av = randoms(r, n, -15, 15);
            long[] bv = randoms(r, n, -15, 15);
            int i = r.nextInt(n);
            bv[i] = av[i] == 15 ? 14 : av[i] + 1 + r.nextInt((int) (15 - av[i]));
            if (r.nextBoolean()) {
                long tmp = av[i];
                av[i] = bv[i];
                bv[i] = tmp;
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("a", av, "b", bv);
            Witness honest = cc.witness(in).witness();
            for (String kind : new String[] {"max", "min"}) {
                assertFlippedComparisonRejected(cc, honest, kind, i, av[i], bv[i]);
            }
        });
    }

    /**
     * The cheating prover's best attempt at the other operand: flip the comparison bit c, claim the
     * other value, recompute M = c·D consistently, and offer both the honest formula's t (negative,
     * so out of range) and t = 0. A max or min element takes five rows: c·c = c, D = a - b,
     * t = (2c - 1) D + c - 1, M = c D, out.
     */
    private static void assertFlippedComparisonRejected(CompiledCircuit cc, Witness honest, String kind, int i,
            long a, long b) {
        var cs = cc.constraintSystem();
        Region region = cs.regions().stream().filter(g -> g.name().equals(kind)).findFirst().orElseThrow();
        int row = region.firstRow() + 5 * i;
        long c = a >= b ? 0 : 1;
        long d = a - b;
        long wrong = kind.equals("max") ? Math.min(a, b) : Math.max(a, b);
        for (Fr t : new Fr[] {Fr.of((2 * c - 1) * d + c - 1), Fr.ZERO}) {
            Witness bad = CircuitChecks.withCells(cs, honest, Map.of(
                    new CellRef(cs.advice().get(0), row), Fr.of(c),
                    new CellRef(cs.advice().get(2), row + 2), t,
                    new CellRef(cs.advice().get(2), row + 3), Fr.of(c * d),
                    new CellRef(cs.advice().get(2), row + 4), Fr.of(wrong)));
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> kind + " with the comparison flipped accepted");
        }
    }

    @Test
    void lookupTable() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(10);
            long lo = r.nextInt(200) - 100;
            int size = 1 + r.nextInt(100);
            long[] values = randoms(r, size, -1000, 1000);
            GadgetProgram.Builder b = GadgetProgram.builder("lookup");
            int t = b.table(new LookupTable("f", lo, values));
            int[] x = b.input("x", new int[] {n}, r.nextBoolean(), new Interval(lo, lo + size - 1));
            int[] y = b.lookup("lookup", t, x);
            b.output("y", new int[] {n}, y, true);
            long[] xv = randoms(r, n, lo, lo + size - 1);
            long[] ey = new long[n];
            for (int i = 0; i < n; i++) {
                ey[i] = values[(int) (xv[i] - lo)];
            }
            CompiledCircuit cc = compile(b.build(), r);
            Map<String, long[]> in = Map.of("x", xv);
            var res = assertComplete(cc, in, Map.of("y", ey));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            int i = r.nextInt(n);
            long[] wires = cc.program().evaluate(in);
            wires[y[i]] = values[(int) (xv[i] - lo)] + 1 + r.nextInt(5);
            boolean collides = false;
            assertWiresRejected(cc, wires, "a value not in the table");
            assertThrows(RangeViolation.class, () -> cc.witness(Map.of("x", outside(xv, lo - 1))));
            if (!collides) {
                assertThrows(RangeViolation.class, () -> cc.witness(Map.of("x", outside(xv, lo + size))));
            }
        });
    }

    private static long[] outside(long[] xs, long v) {
        long[] c = xs.clone();
        c[0] = v;
        return c;
    }

    @Test
    void rangeCheckRejectsOnePastEitherBound() {
        qt().withExamples(30).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            long lo = r.nextInt(2001) - 1000;
            long hi = lo + (r.nextBoolean() ? (1L << r.nextInt(18)) - 1 : r.nextInt(200_000));
            int n = 1 + r.nextInt(4);
            GadgetProgram.Builder b = GadgetProgram.builder("range");
            int[] x = b.input("x", new int[] {n}, false, new Interval(lo, hi));
            b.output("x", new int[] {n}, x, true);
            CompiledCircuit cc = compile(b.build(), r);
            long[] xv = randoms(r, n, lo, hi);
            xv[0] = r.nextBoolean() ? lo : hi;
            var res = assertComplete(cc, Map.of("x", xv), Map.of("x", xv));
            assertCellTamperingRejected(cc, res.witness(), r, 10, false);
            long[] wires = cc.program().evaluate(Map.of("x", xv));
            int i = r.nextInt(n);
            wires[x[i]] = lo;
            assertWiresAccepted(cc, wires, "the low bound");
            wires[x[i]] = hi;
            assertWiresAccepted(cc, wires, "the high bound");
            wires[x[i]] = lo - 1;
            assertWiresRejected(cc, wires, "one below the range");
            wires[x[i]] = hi + 1;
            assertWiresRejected(cc, wires, "one above the range");
            assertThrows(RangeViolation.class, () -> cc.witness(Map.of("x", outside(xv, hi + 1))));
        });
    }

    /**
     * Range checks in table-bit limbs and in bits under the lookup variant, and in bits under vanilla PLONK: each
     * check has the limbs its own range needs, checks in bits look nothing up, both bounds pass, one past either
     * bound is rejected, and changing any value or limb cell of the range rows is rejected.
     */
    @Test
    void rangeChecksInEachBaseRejectOnePastEitherBoundAndAChangedLimb() {
        qt().withExamples(24).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int tableBits = 4 + r.nextInt(5);
            RangeBase base = r.nextBoolean() ? RangeBase.BITS : RangeBase.TABLE;
            GadgetProgram.Builder b = GadgetProgram.builder("ranges");
            b.rangeBase(base);
            long[] los = new long[2];
            long[] his = new long[2];
            int[][] xs = new int[2][];
            for (int t = 0; t < 2; t++) {
                los[t] = r.nextInt(2_000_001) - 1_000_000;
                int bits = r.nextInt(3 * tableBits);
                his[t] = los[t] + (bits == 0 ? 0 : r.nextBoolean() ? (1L << bits) - 1 : (1L << bits) - 1 - r.nextInt(1 << (bits - 1)));
                xs[t] = b.input("x" + t, new int[] {2}, false, new Interval(los[t], his[t]));
                b.output("x" + t, new int[] {2}, xs[t], true);
            }
            GadgetProgram p = b.build();
            // Vanilla PLONK has bits only (it ignores the base), so it joins the checks in bits.
            PlonkBackend backend = base == RangeBase.BITS && r.nextBoolean() ? PlonkBackend.vanilla()
                    : PlonkBackend.withLookupTable();
            CompiledCircuit cc = backend.layout(p, LayoutOptions.defaults().withTableBits(tableBits));
            if (base == RangeBase.BITS) {
                assertEquals(0, cc.stats().tableRows(), "checks in bits used the table");
            }
            Map<String, long[]> in = Map.of("x0", randoms(r, 2, los[0], his[0]), "x1", randoms(r, 2, los[1], his[1]));
            var res = assertComplete(cc, in, in);
            CircuitChecks.assertRangeCellTamperingRejected(cc, res.witness(), r, 40);
            for (int t = 0; t < 2; t++) {
                long[] wires = p.evaluate(in);
                int w = xs[t][r.nextInt(2)];
                wires[w] = los[t];
                assertWiresAccepted(cc, wires, "the low bound");
                wires[w] = his[t];
                assertWiresAccepted(cc, wires, "the high bound");
                wires[w] = los[t] - 1;
                assertWiresRejected(cc, wires, "one below [" + los[t] + ", " + his[t] + "]");
                wires[w] = his[t] + 1;
                assertWiresRejected(cc, wires, "one above [" + los[t] + ", " + his[t] + "]");
            }
        });
    }
}
