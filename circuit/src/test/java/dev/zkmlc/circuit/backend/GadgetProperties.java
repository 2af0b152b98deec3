package dev.zkmlc.circuit.backend;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresAccepted;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.circuit.gadget.RangeViolation;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gadget properties every backend must have, over random shapes, table sizes and values: the honest witness
 * passes the mock prover with the exact expected outputs; changing any dependent cell, a public value, or claiming
 * a different output is rejected. A backend's {@code GadgetPropertiesTest} extends this with how it lays a program
 * out and with the checks only its own layouts need.
 */
public abstract class GadgetProperties {
    protected static final int SAMPLES = 25;

    /** Lays a program out as this backend would, with options (width, table bits, variant) drawn from r. */
    protected abstract CompiledCircuit layout(GadgetProgram p, Random r);

    /** How many random programs each property tries. */
    protected abstract int examples();

    /**
     * The cheating prover's best attempt at the other operand of element i of the region {@code kind} ("max" or
     * "min"), laid out for operands a and b: flip the comparison, claim the other value, and offer both the honest
     * formula's t (negative, so out of range) and t = 0. Where those cells are depends on the backend's layout.
     */
    protected abstract void assertFlippedComparisonRejected(CompiledCircuit cc, Witness honest, String kind, int i,
            long a, long b);

    protected static long[] randoms(Random r, int n, long lo, long hi) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.min(hi, lo + (long) (r.nextDouble() * (hi - lo + 1)));
        }
        return v;
    }

    /** The same values with none zero: a zero factor would make its partner irrelevant, so changing it valid. */
    protected static long[] nonZero(long[] v) {
        long[] c = v.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i] == 0 ? 1 : c[i];
        }
        return c;
    }

    protected static void tamperOutput(CompiledCircuit cc, Map<String, long[]> in, int wire) {
        long[] wires = cc.program().evaluate(in);
        wires[wire] += 1;
        assertWiresRejected(cc, wires, "claiming output + 1");
        wires[wire] -= 2;
        assertWiresRejected(cc, wires, "claiming output - 1");
    }

    private static long[] withFirst(long[] xs, long v) {
        long[] c = xs.clone();
        c[0] = v;
        return c;
    }

    @Test
    public void dotProductWithBias() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(3);
            int len = 1 + r.nextInt(20);
            boolean fixedWeights = r.nextBoolean();
            GadgetProgram.Builder b = GadgetProgram.builder("dot");
            int[] x = b.input("x", new int[] {len}, r.nextBoolean(), Interval.signedBits(8));
            long[] wv = nonZero(randoms(r, n * len, -100, 100));
            long[] bv = randoms(r, n, -5000, 5000);
            int[] w = b.constants(wv, fixedWeights);
            int[] bias = b.constants(bv, fixedWeights);
            int[][] xs = new int[n][];
            int[][] ws = new int[n][];
            for (int i = 0; i < n; i++) {
                xs[i] = x;
                ws[i] = Arrays.copyOfRange(w, i * len, (i + 1) * len);
            }
            int[] y = b.dot("test:1", xs, ws, bias);
            b.output("y", new int[] {n}, y, true);
            long[] xv = nonZero(randoms(r, len, -128, 127));
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = bv[i];
                for (int j = 0; j < len; j++) {
                    expected[i] += xv[j] * wv[i * len + j];
                }
            }
            CompiledCircuit cc = layout(b.build(), r);
            Map<String, long[]> in = Map.of("x", xv);
            var res = assertComplete(cc, in, Map.of("y", expected));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, y[r.nextInt(n)]);
        });
    }

    @Test
    public void linearMulAndSum() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
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
            CompiledCircuit cc = layout(b.build(), r);
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
    public void divRoundAndRescale() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(8);
            long divisor = r.nextBoolean() ? 1L << r.nextInt(12) : 1 + r.nextInt(3000);
            GadgetProgram.Builder b = GadgetProgram.builder("div");
            int[] v = b.input("v", new int[] {n}, true, Interval.signedBits(20));
            int[] q = b.divRound("div", v, divisor, Interval.signedBits(21));
            b.output("q", new int[] {n}, q, true);
            long[] vv = randoms(r, n, -(1 << 19), (1 << 19) - 1);
            long[] eq = new long[n];
            for (int i = 0; i < n; i++) {
                // round half up: floor(v / c + 1/2), computed independently in exact rationals
                eq[i] = Math.floorDiv(2 * vv[i] + divisor, 2 * divisor);
            }
            CompiledCircuit cc = layout(b.build(), r);
            Map<String, long[]> in = Map.of("v", vv);
            var res = assertComplete(cc, in, Map.of("q", eq));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, q[r.nextInt(n)]);
        });
    }

    @Test
    public void variableDivision() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
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
            CompiledCircuit cc = layout(b.build(), r);
            Map<String, long[]> in = Map.of("num", nv, "den", dv);
            var res = assertComplete(cc, in, Map.of("q", eq));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, q[r.nextInt(n)]);
        });
    }

    @Test
    public void maxAndMin() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
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
            CompiledCircuit cc = layout(b.build(), r);
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
    public void comparison() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
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
            CompiledCircuit cc = layout(b.build(), r);
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

    /** Operands narrow enough that t needs no decomposition, so the adversary of the flipped comparison is complete. */
    @Test
    public void comparisonCannotBeFlipped() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
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
            CompiledCircuit cc = layout(b.build(), r);
            Witness honest = cc.witness(Map.of("a", av, "b", bv)).witness();
            for (String kind : new String[] {"max", "min"}) {
                assertFlippedComparisonRejected(cc, honest, kind, i, av[i], bv[i]);
            }
        });
    }

    /**
     * A private weight is the prover's choice, but only within the range it was compiled with: a consistent witness
     * with a weight outside it (output recomputed to match) is rejected.
     */
    @Test
    public void privateWeightsStayInTheirRange() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 1 + r.nextInt(6);
            GadgetProgram.Builder b = GadgetProgram.builder("private");
            int[] x = b.input("x", new int[] {n}, true, Interval.signedBits(8));
            int[] w = b.constants(randoms(r, n, -100, 100), false);
            int[] y = b.mul("mul", x, w);
            b.output("y", new int[] {n}, y, true);
            CompiledCircuit cc = layout(b.build(), r);
            long[] xv = randoms(r, n, 1, 127);
            int i = r.nextInt(n);
            long[] wires = cc.program().evaluate(Map.of("x", xv));
            long limit = cc.program().interval(w[i]).hi();
            wires[w[i]] = limit;
            wires[y[i]] = xv[i] * limit;
            assertWiresAccepted(cc, wires, "a private weight at the top of its range");
            wires[w[i]] = limit + 1;
            wires[y[i]] = xv[i] * (limit + 1);
            assertWiresRejected(cc, wires, "a private weight one past its range");
        });
    }

    @Test
    public void lookupTable() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
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
            CompiledCircuit cc = layout(b.build(), r);
            Map<String, long[]> in = Map.of("x", xv);
            var res = assertComplete(cc, in, Map.of("y", ey));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            int i = r.nextInt(n);
            long[] wires = cc.program().evaluate(in);
            wires[y[i]] = values[(int) (xv[i] - lo)] + 1 + r.nextInt(5);
            assertWiresRejected(cc, wires, "a value not in the table");
            assertThrows(RangeViolation.class, () -> cc.witness(Map.of("x", withFirst(xv, lo - 1))));
            assertThrows(RangeViolation.class, () -> cc.witness(Map.of("x", withFirst(xv, lo + size))));
        });
    }

    @Test
    public void rangeCheckRejectsOnePastEitherBound() {
        qt().withExamples(30).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            long lo = r.nextInt(2001) - 1000;
            long hi = lo + (r.nextBoolean() ? (1L << r.nextInt(18)) - 1 : r.nextInt(200_000));
            int n = 1 + r.nextInt(4);
            GadgetProgram.Builder b = GadgetProgram.builder("range");
            int[] x = b.input("x", new int[] {n}, false, new Interval(lo, hi));
            b.output("x", new int[] {n}, x, true);
            CompiledCircuit cc = layout(b.build(), r);
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
            assertThrows(RangeViolation.class, () -> cc.witness(Map.of("x", withFirst(xv, hi + 1))));
        });
    }
}
