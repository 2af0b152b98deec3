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

    private static void assertAtMost(LayoutStats floor, LayoutStats dry) {
        String both = floor + " vs " + dry;
        assertTrue(floor.k() <= dry.k() && floor.usedRows() <= dry.usedRows() && floor.tableRows() <= dry.tableRows(), both);
        assertTrue(floor.adviceColumns() <= dry.adviceColumns() && floor.fixedColumns() <= dry.fixedColumns()
                && floor.instanceColumns() <= dry.instanceColumns() && floor.gates() <= dry.gates(), both);
        assertTrue(floor.lookups() <= dry.lookups() && floor.copies() <= dry.copies()
                && floor.equalityColumns() <= dry.equalityColumns() && floor.adviceCells() <= dry.adviceCells(), both);
        assertTrue(floor.degree() <= dry.degree(), both);
    }
}
