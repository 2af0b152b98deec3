package dev.zkmlc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import org.junit.jupiter.api.Test;

class VisibilityReportTest {

    /**
     * A 1x8 by 8x4 product of private weights at width 10 checks its weights in place: 2 blocks of 9 rows. Without the
     * range checks the matmul falls back to Horner chains, a longer layout; the report says the checks cost 0 rows, not
     * a negative number.
     */
    @Test
    void weightsCheckedInPlaceCostNoRowsOfTheirOwn() {
        GadgetProgram.Builder g = GadgetProgram.builder("in-place");
        int[] x = g.input("x", new int[] {1, 8}, false, Interval.signedBits(8));
        long[] w = new long[32];
        for (int i = 0; i < w.length; i++) {
            w[i] = i - 16;
        }
        g.output("c", new int[] {1, 4}, g.matmul("t", 1, 8, 4, x, g.constants(w, false)), true);
        GadgetProgram program = g.build();
        Halo2StyleBackend backend = new Halo2StyleBackend();
        LayoutOptions options = new LayoutOptions(10, 8, 0);
        int with = backend.dryRun(program, options).usedRows();
        int without = backend.dryRun(program.restrictedTo(gd -> !(gd instanceof Gadget.RangeCheck r
                && r.origin().equals("parameters"))), options).usedRows();
        assertTrue(without > with, with + " rows with the checks, " + without + " without");
        assertEquals(0, VisibilityReport.weightRangeCheckRows(program, backend, options));
    }
}
