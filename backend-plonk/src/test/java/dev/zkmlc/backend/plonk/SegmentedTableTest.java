package dev.zkmlc.backend.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.backend.SegmentedTableProperties;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import org.junit.jupiter.api.Test;

/** The table-segment properties ({@link SegmentedTableProperties}) under the lookup variant, and none under vanilla PLONK. */
class SegmentedTableTest extends SegmentedTableProperties {
    @Override
    protected Backend backend() {
        return PlonkBackend.withLookupTable();
    }

    @Override
    protected LayoutOptions options(int segments) {
        return new LayoutOptions(3, 5, 0, segments);
    }

    @Test
    void withoutTheTableSegmentsChangeNothing() {
        GadgetProgram.Builder b = GadgetProgram.builder("sum");
        int[] x = b.input("x", new int[] {4}, false, Interval.signedBits(8));
        int[] s = b.sum("sum.zk:1:1", new int[][] {x, x});
        b.output("s", new int[] {4}, s, true);
        GadgetProgram p = b.build();
        LayoutStats one = PlonkBackend.vanilla().dryRun(p, new LayoutOptions(3, 6, 0, 1));
        LayoutStats five = PlonkBackend.vanilla().dryRun(p, new LayoutOptions(3, 6, 0, 5));
        assertEquals(one, five);
    }
}
