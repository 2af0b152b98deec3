package dev.zkmlc.backend.halo2;

import static dev.zkmlc.backend.halo2.CircuitHarness.compile;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresAccepted;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.GadgetProperties;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.DotLayout;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.RangeBase;
import dev.zkmlc.circuit.gadget.RangeLayout;
import dev.zkmlc.circuit.mock.CircuitChecks;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gadget properties of every backend ({@link GadgetProperties}) at random widths and table bits, and the
 * layouts only this backend has: packed range checks, range checks in each base, packed dot products.
 */
class GadgetPropertiesTest extends GadgetProperties {
    @Override
    protected CompiledCircuit layout(GadgetProgram p, Random r) {
        return compile(p, new LayoutOptions(5 + r.nextInt(8), 4 + r.nextInt(6), 0));
    }

    @Override
    protected int examples() {
        return 12;
    }

    /** A max or min element takes five cells of a row, W/5 elements side by side: c, out, and t among them. */
    @Override
    protected void assertFlippedComparisonRejected(CompiledCircuit cc, Witness honest, String kind, int i,
            long a, long b) {
        var cs = cc.constraintSystem();
        Region region = cs.regions().stream().filter(g -> g.name().equals(kind)).findFirst().orElseThrow();
        int groups = cc.stats().width() / 5;
        int row = region.firstRow() + i / groups;
        int col = 5 * (i % groups);
        long c = a >= b ? 0 : 1;
        long wrong = kind.equals("max") ? Math.min(a, b) : Math.max(a, b);
        for (Fr t : new Fr[] {Fr.of((2 * c - 1) * (a - b) - (1 - c)), Fr.ZERO}) {
            Witness bad = CircuitChecks.withCells(cs, honest, Map.of(
                    new CellRef(cs.advice().get(col + 2), row), Fr.of(c),
                    new CellRef(cs.advice().get(col + 3), row), Fr.of(wrong),
                    new CellRef(cs.advice().get(col + 4), row), t));
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), () -> kind + " with the comparison flipped accepted");
        }
    }

    /**
     * Wide range checks laid out packed (decompose_packed: several value + limb groups per row), for two tensors
     * with different bounds so that rows of different sign and offset meet: both bounds pass, and a value one past
     * either bound, or far outside (where sgn * x - base is negative in the field or wider than the limbs), is
     * rejected with its limbs re-solved by the filler.
     */
    @Test
    void packedRangeCheckRejectsValuesPastEitherBoundAndFarOutside() {
        qt().withExamples(20).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int tableBits = 4 + r.nextInt(4);
            long[] los = new long[2];
            long[] his = new long[2];
            int[][] xs = new int[2][];
            GadgetProgram.Builder b = GadgetProgram.builder("packed");
            b.rangeLayout(RangeLayout.PACKED);
            for (int t = 0; t < 2; t++) {
                los[t] = r.nextInt(2_000_001) - 1_000_000;
                int bits = tableBits + 1 + r.nextInt(2 * tableBits);
                his[t] = los[t] + (r.nextBoolean() ? (1L << bits) - 1 : (1L << bits) - 2 - r.nextInt(1 << (bits - 1)));
                xs[t] = b.input("x" + t, new int[] {3}, false, new Interval(los[t], his[t]));
                b.output("x" + t, new int[] {3}, xs[t], true);
            }
            GadgetProgram p = b.build();
            CompiledCircuit cc = compile(p, new LayoutOptions(16, tableBits, 0));
            assertTrue(cc.constraintSystem().gates().stream().anyMatch(g -> g.name().startsWith("decompose_packed")),
                    "no packed decomposition");
            Map<String, long[]> in = Map.of("x0", randoms(r, 3, los[0], his[0]), "x1", randoms(r, 3, los[1], his[1]));
            var res = assertComplete(cc, in, in);
            assertCellTamperingRejected(cc, res.witness(), r, 10, false);
            for (int t = 0; t < 2; t++) {
                long[] wires = p.evaluate(in);
                int w = xs[t][r.nextInt(3)];
                long lo = los[t];
                long hi = his[t];
                wires[w] = lo;
                assertWiresAccepted(cc, wires, "the low bound");
                wires[w] = hi;
                assertWiresAccepted(cc, wires, "the high bound");
                long width = hi - lo + 1;
                long[] outside = {lo - 1, hi + 1, lo - width, hi + width, hi + (1L << 40), lo - (1L << 40),
                    1L << 62, -(1L << 62), lo + (1L << (Interval.bitsFor(hi - lo) + tableBits))};
                for (long v : outside) {
                    wires[w] = v;
                    assertWiresRejected(cc, wires, v + " outside [" + lo + ", " + hi + "]");
                }
            }
        });
    }

    /**
     * Range checks in each base (table-bit limbs, bits) and layout (one per row, packed), for two tensors of
     * different widths: every decomposition has the limbs its own check needs (its gate says how many), checks in
     * bits look nothing up, both bounds pass, a value one past either bound is rejected with its limbs re-solved
     * by the filler, and changing any value or limb cell of the range rows is rejected.
     */
    @Test
    void rangeChecksInEachBaseAndLayoutRejectOnePastEitherBoundAndAChangedLimb() {
        qt().withExamples(24).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int tableBits = 4 + r.nextInt(5);
            RangeBase base = r.nextBoolean() ? RangeBase.BITS : RangeBase.TABLE;
            GadgetProgram.Builder b = GadgetProgram.builder("ranges");
            b.rangeLayout(r.nextBoolean() ? RangeLayout.PACKED : RangeLayout.ROWS);
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
            CompiledCircuit cc = compile(p, new LayoutOptions(5 + r.nextInt(12), tableBits, 0));
            int limbBits = base == RangeBase.BITS ? 1 : tableBits;
            int widest = Math.max(Interval.bitsFor(his[0] - los[0]), Interval.bitsFor(his[1] - los[1]));
            for (var g : cc.constraintSystem().gates()) {
                if (g.name().startsWith("decompose")) {
                    String[] shape = g.name().substring(g.name().lastIndexOf('_') + 1).split("x");
                    assertTrue(Integer.parseInt(shape[1]) == limbBits, g.name());
                    assertTrue(Integer.parseInt(shape[0]) <= (widest + limbBits - 1) / limbBits, g.name()
                            + ": more limbs than the widest check needs");
                }
            }
            if (base == RangeBase.BITS) {
                assertTrue(cc.constraintSystem().lookups().isEmpty(), "checks in bits looked something up");
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

    /** A check needs only its own limbs: a 9-bit and a 30-bit check over an 8-bit table take 2 and 4 limbs. */
    @Test
    void eachDecompositionHasTheLimbsItsOwnRangeNeeds() {
        GadgetProgram.Builder b = GadgetProgram.builder("limbs");
        int[] narrow = b.input("a", new int[] {3}, false, new Interval(0, (1 << 9) - 1));
        int[] wide = b.input("b", new int[] {3}, false, new Interval(0, (1L << 30) - 1));
        b.output("a", new int[] {3}, narrow, true);
        b.output("b", new int[] {3}, wide, true);
        CompiledCircuit cc = compile(b.build(), new LayoutOptions(8, 8, 0));
        assertEquals(java.util.Set.of("decompose_2x8", "decompose_4x8"), cc.constraintSystem().gates().stream()
                .map(g -> g.name()).filter(n -> n.startsWith("decompose")).collect(java.util.stream.Collectors.toSet()));
        var res = assertComplete(cc, Map.of("a", new long[] {0, 300, 511}, "b", new long[] {1, 1L << 29, (1L << 30) - 1}),
                Map.of("a", new long[] {0, 300, 511}, "b", new long[] {1, 1L << 29, (1L << 30) - 1}));
        CircuitChecks.assertRangeCellTamperingRejected(cc, res.witness(), new Random(1), 100);
    }

    /**
     * Dot products side by side ({@link DotLayout#PACKED}), with fixed or private weights and products of different
     * lengths in one layer (shorter ones padded): the honest witness gives the exact sums, in fewer rows than the
     * chained layout whenever two segments fit a row; changing any dependent cell or claiming another result is
     * rejected.
     */
    @Test
    void packedDotProductsAreExactInFewerRowsAndRejectTampering() {
        qt().withExamples(examples()).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            int n = 2 + r.nextInt(8);
            int len = 1 + r.nextInt(4);
            boolean fixedWeights = r.nextBoolean();
            int width = 8 + r.nextInt(9);
            GadgetProgram[] programs = new GadgetProgram[2];
            int[] y = null;
            long[] xv = randoms(r, len, -128, 127);
            for (int j = 0; j < len; j++) {
                xv[j] = xv[j] == 0 ? 1 : xv[j];
            }
            long[] wv = randoms(r, n * len, -100, 100);
            for (int i = 0; i < wv.length; i++) {
                wv[i] = wv[i] == 0 ? 1 : wv[i];
            }
            long[] bv = randoms(r, n, -5000, 5000);
            int[] lens = new int[n];
            for (int i = 0; i < n; i++) {
                lens[i] = i == 0 ? len : 1 + r.nextInt(len);
            }
            for (DotLayout layout : DotLayout.values()) {
                GadgetProgram.Builder b = GadgetProgram.builder("dots");
                b.dotLayout(layout);
                int[] x = b.input("x", new int[] {len}, false, Interval.signedBits(8));
                int[] w = b.constants(wv, fixedWeights);
                int[] bias = b.constants(bv, fixedWeights);
                int[][] xs = new int[n][];
                int[][] ws = new int[n][];
                for (int i = 0; i < n; i++) {
                    xs[i] = java.util.Arrays.copyOf(x, lens[i]);
                    ws[i] = java.util.Arrays.copyOfRange(w, i * len, i * len + lens[i]);
                }
                y = b.dot("test:1", xs, ws, bias);
                b.output("y", new int[] {n}, y, true);
                programs[layout.ordinal()] = b.build();
            }
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = bv[i];
                for (int j = 0; j < lens[i]; j++) {
                    expected[i] += xv[j] * wv[i * len + j];
                }
            }
            LayoutOptions at = new LayoutOptions(width, 6, 0);
            CompiledCircuit cc = compile(programs[DotLayout.PACKED.ordinal()], at);
            int segment = (fixedWeights ? len : 2 * len) + 2;
            boolean sideBySide = width / segment >= 2;
            assertEquals(sideBySide, cc.constraintSystem().gates().stream().anyMatch(g -> g.name().contains("dot_")
                    && g.name().contains("packed_" + len)), "packed dot gate");
            if (sideBySide) {
                Halo2StyleBackend h = new Halo2StyleBackend();
                assertTrue(h.dryRun(programs[DotLayout.PACKED.ordinal()], at).usedRows()
                        < h.dryRun(programs[DotLayout.ROWS.ordinal()], at).usedRows(), "packed dots saved no row");
            }
            Map<String, long[]> in = Map.of("x", xv);
            var res = assertComplete(cc, in, Map.of("y", expected));
            assertCellTamperingRejected(cc, res.witness(), r, SAMPLES);
            tamperOutput(cc, in, y[r.nextInt(n)]);
        });
    }
}
