package dev.zkmlc.backend.halo2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
