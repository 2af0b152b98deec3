package dev.zkmlc.backend.halo2;

import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresAccepted;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.RangeBase;
import dev.zkmlc.circuit.mock.CircuitChecks;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused dense gadget ({@link Gadget.DotRescale}): a dot product whose last row also proves the rescale by 2^shift
 * and, optionally, the relu. Over random shapes, widths, shifts, table sizes, range bases and values: the honest
 * witness passes with the exact outputs; changing any cell of the fused rows (inputs, weights, carries, accumulator,
 * remainder, quotient, sign bit, magnitude, output) or claiming another output is rejected; the quotient's range and
 * the remainder's are enforced at their bounds; a dry run counts what the layout places.
 */
class DotRescaleTest {
    private static final int EXAMPLES = 8;

    /** A layer of n dense outputs over one input vector, fused, as the optimizer's lowering emits it. */
    private record Layer(GadgetProgram program, int[] out, long[] xv, long[] expected, int shift) {}

    private static Layer layer(Random r, boolean relu, boolean fixedWeights, RangeBase base) {
        int n = 1 + r.nextInt(3);
        int len = 1 + r.nextInt(20);
        int shift = 1 + r.nextInt(10);
        long[] wv = new long[n * len];
        for (int i = 0; i < wv.length; i++) {
            // A zero weight (or input) makes its partner irrelevant: changing it would be another valid witness.
            wv[i] = (1 + r.nextInt(100)) * (r.nextBoolean() ? 1 : -1);
        }
        long[] bv = new long[n];
        for (int i = 0; i < n; i++) {
            bv[i] = r.nextInt(10001) - 5000;
        }
        long[] xv = new long[len];
        for (int j = 0; j < len; j++) {
            xv[j] = (1 + r.nextInt(127)) * (r.nextBoolean() ? 1 : -1);
        }
        long[] q = new long[n];
        long c = 1L << shift;
        long most = 0;
        for (int i = 0; i < n; i++) {
            long acc = bv[i];
            for (int j = 0; j < len; j++) {
                acc += xv[j] * wv[i * len + j];
            }
            // round half up, computed independently of the gadget
            q[i] = Math.floorDiv(2 * acc + c, 2 * c);
            most = Math.max(most, Math.max(q[i], -q[i] - 1));
        }
        // The quotient's range as the lowering gives it: [-2^m, 2^m - 1] with relu, any interval holding q without.
        int m = Interval.bitsFor(most) + r.nextInt(3);
        long lo = -(1L << m) + (relu ? 0 : r.nextInt(8));
        long hi = (1L << m) - 1 - (relu ? 0 : r.nextInt(8));
        for (long v : q) {
            lo = Math.min(v, lo);
            hi = Math.max(v, hi);
        }
        GadgetProgram.Builder b = GadgetProgram.builder("dense");
        b.rangeBase(base);
        int[] x = b.input("x", new int[] {len}, r.nextBoolean(), Interval.signedBits(8));
        int[] w = b.constants(wv, fixedWeights);
        int[] bias = b.constants(bv, fixedWeights);
        int[][] xs = new int[n][];
        int[][] ws = new int[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = x;
            ws[i] = Arrays.copyOfRange(w, i * len, (i + 1) * len);
        }
        int[] y = b.dotRescale("dense:1", xs, ws, bias, shift, new Interval(lo, hi), relu);
        b.output("y", new int[] {n}, y, true);
        long[] expected = new long[n];
        for (int i = 0; i < n; i++) {
            expected[i] = relu ? Math.max(q[i], 0) : q[i];
        }
        return new Layer(b.build(), y, xv, expected, shift);
    }

    private static LayoutOptions options(Random r, boolean relu) {
        return new LayoutOptions(5 + r.nextInt(10), 4 + r.nextInt(6), 0);
    }

    private static Map<String, long[]> inputs(Layer l) {
        return Map.of("x", l.xv());
    }

    private static long[] expected(Layer l, Map<String, long[]> in) {
        long[] wires = l.program().evaluate(in);
        long[] e = new long[l.out().length];
        for (int i = 0; i < e.length; i++) {
            e[i] = wires[l.out()[i]];
        }
        return e;
    }

    /**
     * Every advice cell of the fused gadget's rows where a fused gate or a tail-group gate (rescale_relu or
     * div_round) is on (final products, remainder, quotient
     * or sign bit and magnitude, output, carry, accumulator and its copy), changed alone by +1 or -1: each change is
     * rejected. Returns how many cells were changed.
     */
    private static int assertFusedRowsTamperRejected(CompiledCircuit cc, Witness honest, Random rnd) {
        ConstraintSystem cs = cc.constraintSystem();
        java.util.Set<CellRef> dependent = new java.util.HashSet<>(cc.dependentCells());
        java.util.List<Column> selectors = cs.fixed().stream().filter(f -> f.name().startsWith("q_dot_rescale")
                || f.name().startsWith("q_dot_fixed_rescale") || f.name().startsWith("q_rescale")
                || f.name().equals("q_div")).toList();
        int changed = 0;
        for (int row = 0; row < cs.rowsUsed(); row++) {
            int at = row;
            boolean fusedRegion = cs.regionAt(row).map(g -> g.name().startsWith("dot_rescale")).orElse(false);
            if (!fusedRegion || selectors.stream().noneMatch(f -> !cs.fixedValue(f, at).isZero())) {
                continue;
            }
            for (Column col : cs.advice()) {
                CellRef c = new CellRef(col, row);
                if (!dependent.contains(c)) {
                    continue;
                }
                Fr delta = rnd.nextBoolean() ? Fr.ONE : Fr.ONE.neg();
                Witness bad = CircuitChecks.withCell(cs, honest, c, honest.get(col, row).add(delta));
                assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> "changing " + c + " was accepted\n"
                        + cc.program());
                changed++;
            }
        }
        return changed;
    }

    @Test
    void denseLayerRescaledIsCompleteAndSound() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            boolean relu = r.nextBoolean();
            Layer l = layer(r, relu, r.nextBoolean(), r.nextInt(4) == 0 ? RangeBase.BITS : RangeBase.TABLE);
            LayoutOptions o = options(r, relu);
            CompiledCircuit cc = compile(l.program(), o);
            Map<String, long[]> in = inputs(l);
            var res = assertComplete(cc, in, Map.of("y", l.expected()));
            assertTrue(assertFusedRowsTamperRejected(cc, res.witness(), r) > 0);
            assertCellTamperingRejected(cc, res.witness(), r, 12);
            long[] wires = l.program().evaluate(in);
            int y = l.out()[r.nextInt(l.out().length)];
            for (long delta : new long[] {1, -1}) {
                long[] bad = wires.clone();
                bad[y] += delta;
                assertWiresRejected(cc, bad, "claiming output " + (wires[y] + delta) + " for " + wires[y]);
            }
        });
    }

    @Test
    void outputsEqualDotThenRescaleThenMax() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            boolean relu = r.nextBoolean();
            Layer l = layer(r, relu, r.nextBoolean(), RangeBase.TABLE);
            Map<String, long[]> in = inputs(l);
            Gadget.DotRescale f = (Gadget.DotRescale) l.program().gadgets().get(l.program().gadgets().size() - 1);
            // The same layer as the three separate gadgets the fused one replaces.
            GadgetProgram.Builder b = GadgetProgram.builder("separate");
            int len = f.xs()[0].length;
            int[] x = b.input("x", new int[] {len}, false, Interval.signedBits(8));
            int[][] xs = new int[f.out().length][];
            int[][] ws = new int[f.out().length][];
            int[] bias = new int[f.out().length];
            long[] honest = l.program().evaluate(in);
            for (int i = 0; i < xs.length; i++) {
                xs[i] = x;
                long[] wv = new long[len];
                for (int j = 0; j < len; j++) {
                    wv[j] = honest[f.ws()[i][j]];
                }
                ws[i] = b.constants(wv, false);
                bias[i] = b.constants(new long[] {honest[f.bias()[i]]}, false)[0];
            }
            int[] q = b.rescale("sep", b.dot("sep", xs, ws, bias), f.shift(), f.outRange());
            int[] y = relu ? b.max("sep", q, fill(b.fixedConstant(0), q.length)) : q;
            b.output("y", new int[] {y.length}, y, true);
            long[] sep = b.build().outputValues(b.build().evaluate(in)).get("y");
            assertEquals(Arrays.toString(sep), Arrays.toString(expected(l, in)));
            assertEquals(Arrays.toString(l.expected()), Arrays.toString(sep));
        });
    }

    private static int[] fill(int wire, int n) {
        int[] a = new int[n];
        Arrays.fill(a, wire);
        return a;
    }

    /** One output y = relu(divRound(x, 2^shift)) (or without relu), for placing chosen quotients at the range's bounds. */
    private static GadgetProgram single(boolean relu, int shift, Interval range, boolean fixedWeights) {
        GadgetProgram.Builder b = GadgetProgram.builder("bounds");
        int[] x = b.input("x", new int[] {1}, false, Interval.signedBits(40));
        int[] one = b.constants(new long[] {1}, fixedWeights);
        int zero = b.constants(new long[] {0}, fixedWeights)[0];
        int[] y = b.dotRescale("bounds:1", new int[][] {x}, new int[][] {one}, new int[] {zero}, shift, range, relu);
        b.output("y", new int[] {1}, y, true);
        return b.build();
    }

    /** The wires of {@code p} with x set and y claimed (the witness filler derives the rest from them). */
    private static long[] claim(GadgetProgram p, long x, long y) {
        long[] wires = p.evaluate(Map.of("x", new long[] {0}));
        wires[p.inputs().get(0).wires()[0]] = x;
        wires[p.outputs().get(0).wires()[0]] = y;
        return wires;
    }

    @Test
    void quotientRangeHoldsAtItsBoundsAndNotOnePast() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int shift = 1 + r.nextInt(8);
            long c = 1L << shift;
            boolean relu = r.nextBoolean();
            int m = r.nextInt(14);
            Interval range = relu ? new Interval(-(1L << m), (1L << m) - 1)
                    : new Interval(-(1L << m) - r.nextInt(40), (1L << m) + r.nextInt(40));
            GadgetProgram p = single(relu, shift, range, r.nextBoolean());
            CompiledCircuit cc = compile(p, options(r, relu).withTableBits(4 + r.nextInt(6)));
            for (long q : new long[] {range.lo(), range.hi()}) {
                // x = q c is exactly q after rounding; so is every x in [q c - c/2, q c + c/2)
                for (long x : new long[] {q * c, q * c - c / 2, q * c + c / 2 - 1}) {
                    assertWiresAccepted(cc, claim(p, x, relu ? Math.max(q, 0) : q), "q = " + q + " at its bound");
                }
            }
            for (long q : new long[] {range.lo() - 1, range.hi() + 1}) {
                long x = q * c;
                assertThrows(dev.zkmlc.circuit.gadget.RangeViolation.class, () -> p.evaluate(Map.of("x", new long[] {x})));
                assertWiresRejected(cc, claim(p, x, relu ? Math.max(q, 0) : q), "q = " + q + " one past its range");
            }
        });
    }

    @Test
    void remainderOnePastEitherBoundIsRejected() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int shift = 1 + r.nextInt(8);
            long c = 1L << shift;
            GadgetProgram p = single(false, shift, new Interval(-1000, 1000), false);
            LayoutOptions o = new LayoutOptions(5 + r.nextInt(8), 4 + r.nextInt(6), 0);
            CompiledCircuit cc = compile(p, o);
            ConstraintSystem cs = cc.constraintSystem();
            Region fused = cs.regions().stream().filter(g -> g.name().equals("dot_rescale")).findFirst().orElseThrow();
            int row = fused.firstRow() + fused.rowCount() - 1;
            int w = o.width();
            // On the fused last row (r, q) sit before carry and accumulator; in a tail group, a div_round triple
            // (acc, q, r), after the accumulator's copy.
            boolean inPlace = new Layout.FusedShape(false, false, shift).fitsInPlace(1, w);
            CellRef rCell = new CellRef(cs.advice().get(inPlace ? w - 4 : 2), row);
            CellRef qCell = new CellRef(cs.advice().get(inPlace ? w - 3 : 1), row);
            // r = 2x + c - 2c q is 0 for x = q c - c/2 and 2c - 2 (its largest, r has c's parity) for x = q c + c/2 - 1.
            long q = r.nextInt(1001) - 500;
            for (boolean low : new boolean[] {true, false}) {
                long x = low ? q * c - c / 2 : q * c + c / 2 - 1;
                Witness honest = cc.witness(Map.of("x", new long[] {x})).witness();
                assertEquals(Fr.of(low ? 0 : 2 * c - 2), honest.get(rCell.column(), row));
                assertEquals(Fr.of(q), honest.get(qCell.column(), row));
                // The gate still holds with (q - 1, r + 2c) or (q + 1, r - 2c): only r's range check can object.
                long dq = low ? -1 : 1;
                Map<CellRef, Fr> changed = new HashMap<>();
                changed.put(qCell, Fr.of(q + dq));
                changed.put(rCell, Fr.of((low ? 0 : 2 * c - 2) - dq * 2 * c));
                Witness bad = CircuitChecks.withCells(cs, honest, changed);
                var failures = MockProver.check(cs, bad, 100);
                assertFalse(failures.isEmpty(), "remainder " + (low ? 2 * c : -2) + " accepted");
                assertTrue(failures.stream().noneMatch(f -> f.gate() != null && (f.gate().startsWith("dot_rescale")
                        || f.gate().equals("div_round"))),
                        () -> "the fused gate should hold: " + failures);
            }
        });
    }

    @Test
    void dryRunCountsWhatTheLayoutPlacesAndTheFloorStaysBelow() {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            boolean relu = r.nextBoolean();
            Layer l = layer(r, relu, r.nextBoolean(), r.nextBoolean() ? RangeBase.BITS : RangeBase.TABLE);
            LayoutOptions o = options(r, relu);
            Halo2StyleBackend backend = new Halo2StyleBackend();
            LayoutStats dry = backend.dryRun(l.program(), o);
            assertEquals(backend.layout(l.program(), o).stats(), dry);
            assertTrue(backend.statsFloor(l.program(), o).usedRows() <= dry.usedRows());
            assertTrue(dry.degree() <= backend.capabilities(o).maxDegree());
        });
    }

    @Test
    void fusedRowsSaveTheRescaleAndReluCopies() {
        // A 64 -> 32 dense layer with relu at W = 10, as examples/mlp.zk's first layer: the separate gadgets copy the
        // accumulator into the rescale, the quotient and the constant 0 into the max; the fused rows copy none of them.
        Random r = new Random(7);
        GadgetProgram.Builder fusedB = GadgetProgram.builder("fused");
        GadgetProgram.Builder sepB = GadgetProgram.builder("separate");
        int n = 32;
        int len = 64;
        Interval act = Interval.signedBits(24);
        for (GadgetProgram.Builder b : new GadgetProgram.Builder[] {fusedB, sepB}) {
            int[] x = b.input("x", new int[] {len}, false, act);
            int[][] xs = new int[n][];
            int[][] ws = new int[n][];
            int[] bias = new int[n];
            Random v = new Random(1);
            for (int i = 0; i < n; i++) {
                xs[i] = x;
                long[] wv = new long[len];
                for (int j = 0; j < len; j++) {
                    wv[j] = v.nextInt(2001) - 1000;
                }
                ws[i] = b.constants(wv, false);
                bias[i] = b.constants(new long[] {v.nextInt(2001) - 1000}, false)[0];
            }
            Interval range = new Interval(act.lo(), act.hi());
            int[] y = b == fusedB ? b.dotRescale("fc", xs, ws, bias, 10, range, true)
                    : b.max("relu", b.rescale("fc", b.dot("fc", xs, ws, bias), 10, range), fill(b.fixedConstant(0), n));
            b.output("y", new int[] {n}, y, false);
        }
        LayoutOptions o = new LayoutOptions(10, 9, 0);
        Halo2StyleBackend backend = new Halo2StyleBackend();
        LayoutStats fused = backend.dryRun(fusedB.build(), o);
        LayoutStats sep = backend.dryRun(sepB.build(), o);
        assertTrue(fused.copies() <= sep.copies() - 3L * n, () -> fused.copies() + " vs " + sep.copies());
        assertTrue(fused.usedRows() < sep.usedRows(), () -> fused.usedRows() + " vs " + sep.usedRows());
        assertTrue(fused.adviceCells() < sep.adviceCells(), () -> fused.adviceCells() + " vs " + sep.adviceCells());
    }

    @Test
    void outputsWhoseLastRowIsFullTakeTheirTailInGroups() {
        // 64 terms at W = 10 fill 16 dot rows of 4 pairs: the relu tail (4 cells) has no room there, so the 32 tails
        // sit two to a rescale_relu row, each reading its accumulator through one copy; 62 terms leave room for it.
        for (int len : new int[] {64, 62}) {
            GadgetProgram.Builder b = GadgetProgram.builder("full");
            int[] x = b.input("x", new int[] {len}, false, Interval.signedBits(8));
            int[][] xs = new int[32][];
            int[][] ws = new int[32][];
            int[] bias = new int[32];
            Random v = new Random(len);
            for (int i = 0; i < 32; i++) {
                xs[i] = x;
                long[] wv = new long[len];
                for (int j = 0; j < len; j++) {
                    wv[j] = v.nextInt(201) - 100;
                }
                ws[i] = b.constants(wv, false);
                bias[i] = b.constants(new long[] {v.nextInt(201) - 100}, false)[0];
            }
            int[] y = b.dotRescale("fc", xs, ws, bias, 6, new Interval(-(1L << 15), (1L << 15) - 1), true);
            b.output("y", new int[] {32}, y, true);
            GadgetProgram p = b.build();
            CompiledCircuit cc = compile(p, new LayoutOptions(10, 8, 0));
            Region fused = cc.constraintSystem().regions().stream().filter(g -> g.name().equals("dot_rescale_relu"))
                    .findFirst().orElseThrow();
            assertEquals(len == 64 ? 32 * 16 + 16 : 32 * 16, fused.rowCount());
            long[] xv = new long[len];
            for (int j = 0; j < len; j++) {
                xv[j] = v.nextInt(255) - 127;
            }
            var res = assertComplete(cc, Map.of("x", xv), Map.of());
            long[] wires = p.evaluate(Map.of("x", xv));
            for (int i = 0; i < 32; i++) {
                long acc = wires[bias[i]];
                for (int j = 0; j < len; j++) {
                    acc += xv[j] * wires[ws[i][j]];
                }
                assertEquals(Math.max(0, Math.floorDiv(2 * acc + 64, 128)), res.outputs().get("y")[i]);
            }
            assertTrue(assertFusedRowsTamperRejected(cc, res.witness(), v) > 0);
        }
    }

    @Test
    void fiveColumnsTakeEveryReluTailInGroups() {
        GadgetProgram p = single(true, 4, new Interval(-64, 63), false);
        CompiledCircuit cc = compile(p, new LayoutOptions(5, 8, 0));
        assertComplete(cc, Map.of("x", new long[] {-300}), Map.of("y", new long[] {0}));
        assertComplete(cc, Map.of("x", new long[] {300}), Map.of("y", new long[] {19}));
        assertThrows(GadgetException.class, () -> GadgetProgram.builder("bad").dotRescale("bad:1", new int[][] {},
                new int[][] {}, new int[] {}, 3, new Interval(-5, 9), true));
    }
}
