package dev.zkmlc.backend.halo2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import org.junit.jupiter.api.Test;

class DryRunTest {
    private static GadgetProgram dense(int in, int out) {
        GadgetProgram.Builder b = GadgetProgram.builder("dense");
        int[] x = b.input("x", new int[] {in}, true, Interval.signedBits(8));
        int[][] xs = new int[out][];
        int[][] ws = new int[out][];
        for (int i = 0; i < out; i++) {
            xs[i] = x;
            long[] w = new long[in];
            for (int j = 0; j < in; j++) {
                w[j] = (i * 31 + j * 7) % 13 - 6;
            }
            ws[i] = b.constants(w, true);
        }
        int[] acc = b.dot("dense.zk:3:5", xs, ws, b.constants(new long[out], true));
        int[] y = b.rescale("dense.zk:3:5", acc, 4, Interval.signedBits(8));
        int[] relu = b.max("dense.zk:4:5", y, b.constants(new long[out], true));
        b.output("y", new int[] {out}, relu, true);
        return b.build();
    }

    @Test
    void dryRunCountsWhatTheLayoutBuilds() {
        for (int w : new int[] {5, 8, 16}) {
            LayoutOptions o = LayoutOptions.defaults().withWidth(w);
            GadgetProgram p = dense(20, 6);
            LayoutStats dry = new Halo2StyleBackend().dryRun(p, o);
            CompiledCircuit cc = new Halo2StyleBackend().layout(p, o);
            assertEquals(cc.stats(), dry);
            assertEquals(cc.constraintSystem().k(), dry.k());
            assertEquals(cc.constraintSystem().degree(), dry.degree());
            assertEquals(cc.constraintSystem().lookups().size(), dry.lookups());
            assertEquals(cc.constraintSystem().copies().size(), dry.copies());
        }
    }

    @Test
    void widerRowsNeedFewerRows() {
        GadgetProgram p = dense(64, 8);
        int narrow = new Halo2StyleBackend().dryRun(p, LayoutOptions.defaults().withWidth(6)).usedRows();
        int wide = new Halo2StyleBackend().dryRun(p, LayoutOptions.defaults().withWidth(18)).usedRows();
        assertTrue(wide * 2 < narrow, wide + " vs " + narrow);
    }

    @Test
    void everyRowIsInARegionWithItsOrigin() {
        CompiledCircuit cc = new Halo2StyleBackend().layout(dense(10, 3), LayoutOptions.defaults());
        for (int row = 0; row < cc.stats().usedRows(); row++) {
            Region r = cc.constraintSystem().regionAt(row).orElseThrow();
            assertTrue(r.origin().startsWith("dense.zk:") || r.origin().startsWith("input"), r.toString());
        }
    }

    @Test
    void tooNarrowIsAClearError() {
        GadgetException e = assertThrows(GadgetException.class,
                () -> new Halo2StyleBackend().dryRun(dense(4, 2), LayoutOptions.defaults().withWidth(4)));
        assertTrue(e.getMessage().contains("at least 5"), e.getMessage());
    }

    /** Dot products with witnessed weights (two cells per product) and a sum: the rows their chains alone take. */
    private static GadgetProgram chains(int in, int out, boolean fixedWeights) {
        GadgetProgram.Builder b = GadgetProgram.builder("chains");
        int[] x = b.input("x", new int[] {in}, true, Interval.signedBits(8));
        int[][] xs = new int[out][];
        int[][] ws = new int[out][];
        long[] w = new long[in];
        for (int j = 0; j < in; j++) {
            w[j] = (j * 7) % 13 - 6;
        }
        for (int i = 0; i < out; i++) {
            xs[i] = x;
            ws[i] = b.constants(w, fixedWeights);
        }
        int[] acc = b.dot("chains.zk:1:1", xs, ws, b.constants(new long[out], true));
        int[] s = b.sum("chains.zk:2:1", new int[][] {acc, x});
        b.output("s", new int[] {2}, s, true);
        return b.build();
    }

    @Test
    void theStatsFloorCountsChainAndRangeRowsAndIsNeverAboveTheDryRun() {
        qt().forAll(integers().between(1, 70), integers().between(1, 6), integers().between(5, 40), booleans().all())
                .checkAssert((in, out, w, fixed) -> {
                    GadgetProgram p = chains(in, out, fixed);
                    LayoutOptions o = LayoutOptions.defaults().withWidth(w);
                    LayoutStats floor = new Halo2StyleBackend().statsFloor(p, o);
                    int per = fixed ? w - 2 : (w - 2) / 2;
                    // The chains, the input's range checks (W/2 per lookup row) and each witnessed weight vector's.
                    int checkRows = (in + w / 2 - 1) / (w / 2);
                    long expected = (long) out * ((in + per - 1) / per) + (out + w - 3) / (w - 2) + (in + w - 3) / (w - 2)
                            + (fixed ? 1 : 1 + out) * checkRows;
                    assertEquals(expected, floor.usedRows());
                    assertEquals(w / 2, floor.lookups(), "the input's range is checked");
                    assertAtMost(floor, new Halo2StyleBackend().dryRun(p, o));
                });
        for (int w : new int[] {5, 8, 13, 32}) {
            LayoutOptions o = LayoutOptions.defaults().withWidth(w);
            LayoutStats floor = new Halo2StyleBackend().statsFloor(dense(64, 8), o);
            assertEquals(w / 2, floor.lookups(), "rescale and relu check ranges");
            assertEquals(5, floor.degree());
            assertAtMost(floor, new Halo2StyleBackend().dryRun(dense(64, 8), o));
        }
        assertEquals(null, new Halo2StyleBackend().statsFloor(dense(4, 2), LayoutOptions.defaults().withWidth(4)));
    }

    /**
     * Rescales, fused rescales (with and without relu) and range checks over random ranges, in each range base and
     * layout, among products, linear combinations, sums, maxima, minima and comparisons, at random widths and table
     * bits: the floor, which follows each obligation's own path (a slot, or limbs on rows of their own) and counts
     * the gates and fixed columns these gadgets certainly take, is never above the dry run in any count; wide ranges
     * cost it decomposition rows.
     */
    @Test
    void theFloorFollowsEachRangeObligationAndIsNeverAboveTheDryRun() {
        qt().withExamples(100).forAll(org.quicktheories.generators.SourceDSL.longs().all()).checkAssert(seed -> {
            java.util.Random r = new java.util.Random(seed);
            GadgetProgram.Builder b = GadgetProgram.builder("ranges");
            int n = 1 + r.nextInt(30);
            int[] x = b.input("x", new int[] {n}, r.nextBoolean(), Interval.signedBits(2 + r.nextInt(20)));
            int[] cur = x;
            for (int layer = 0; layer < 1 + r.nextInt(4); layer++) {
                b.rangeLayout(r.nextBoolean() ? dev.zkmlc.circuit.gadget.RangeLayout.PACKED
                        : dev.zkmlc.circuit.gadget.RangeLayout.ROWS);
                b.rangeBase(r.nextInt(3) == 0 ? dev.zkmlc.circuit.gadget.RangeBase.BITS
                        : dev.zkmlc.circuit.gadget.RangeBase.TABLE);
                Interval out = Interval.signedBits(2 + r.nextInt(24));
                int kind = r.nextInt(8);
                String at = "ranges.zk:" + layer + ":2";
                if (kind == 3) {
                    cur = b.divRound(at, b.mul(at, cur, cur), 1L << 20, out);
                } else if (kind == 4) {
                    cur = b.divRound(at, b.linear(at, cur, cur, 3, -2, 7), 4, out);
                } else if (kind == 5) {
                    int[] zeros = b.constants(new long[cur.length], true);
                    cur = r.nextBoolean() ? b.max(at, cur, zeros) : b.min(at, cur, zeros);
                } else if (kind == 6) {
                    cur = b.divRound(at, b.sum(at, new int[][] {cur, cur, cur}), 2, out);
                } else if (kind == 7) {
                    cur = b.compare(at, cur, b.constants(new long[cur.length], false));
                } else if (kind == 0) {
                    cur = b.divRound("ranges.zk:" + layer + ":1", cur, 1L + r.nextInt(1 << 12), out);
                } else if (kind == 1) {
                    int m = 1 + r.nextInt(8);
                    int[][] xs = new int[m][];
                    int[][] ws = new int[m][];
                    for (int i = 0; i < m; i++) {
                        long[] w = new long[cur.length];
                        for (int j = 0; j < w.length; j++) {
                            w[j] = r.nextInt(31) - 15;
                        }
                        xs[i] = cur;
                        ws[i] = b.constants(w, r.nextBoolean());
                    }
                    cur = b.dotRescale("ranges.zk:" + layer + ":1", xs, ws, b.constants(new long[m], true),
                            1 + r.nextInt(12), out, r.nextBoolean());
                } else {
                    long lo = r.nextInt(2001) - 1000;
                    int bits = r.nextInt(30);
                    b.rangeCheck("ranges.zk:" + layer + ":1", cur, new Interval(lo, lo + Math.max(0, (1L << bits) - 1 - r.nextInt(2))));
                }
            }
            b.output("y", new int[] {cur.length}, cur, true);
            GadgetProgram p = b.build();
            LayoutOptions o = LayoutOptions.defaults().withWidth(5 + r.nextInt(28)).withTableBits(4 + r.nextInt(9));
            assertAtMost(new Halo2StyleBackend().statsFloor(p, o), new Halo2StyleBackend().dryRun(p, o));
        });
        // 20 values checked to 30 bits in 8-bit limbs: a decomposition row each and 4 limbs in W/2 = 5 slot rows.
        GadgetProgram.Builder b = GadgetProgram.builder("wide");
        int[] x = b.input("x", new int[] {20}, false, Interval.signedBits(8));
        b.rangeCheck("wide.zk:1:1", x, new Interval(0, (1L << 30) - 1));
        b.output("x", new int[] {20}, x, true);
        GadgetProgram p = b.build();
        LayoutOptions o = LayoutOptions.defaults().withWidth(10).withTableBits(8);
        LayoutStats floor = new Halo2StyleBackend().statsFloor(p, o);
        assertTrue(floor.usedRows() >= 20 + 80 / 5, floor.toString());
        assertAtMost(floor, new Halo2StyleBackend().dryRun(p, o));
    }

    /** The floor is at most the dry run in every count (also the in-place Freivalds tests' floor check). */
    static void assertAtMost(LayoutStats floor, LayoutStats dry) {
        String both = floor + " vs " + dry;
        assertTrue(floor.k() <= dry.k() && floor.usedRows() <= dry.usedRows() && floor.tableRows() <= dry.tableRows(), both);
        assertTrue(floor.adviceColumns() <= dry.adviceColumns() && floor.fixedColumns() <= dry.fixedColumns()
                && floor.instanceColumns() <= dry.instanceColumns() && floor.gates() <= dry.gates(), both);
        assertTrue(floor.lookups() <= dry.lookups() && floor.copies() <= dry.copies()
                && floor.equalityColumns() <= dry.equalityColumns() && floor.adviceCells() <= dry.adviceCells(), both);
        assertTrue(floor.degree() <= dry.degree(), both);
    }
}
