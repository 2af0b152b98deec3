package dev.zkmlc.backend.halo2;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lookup table spread over S segments ({@link LayoutOptions#tableSegments}): a function table whose domain is
 * wider than the rest of the circuit, every entry of it looked up, so that lookups land in every segment.
 */
class SegmentedTableTest {
    private static final long LO = -200;
    private static final int SIZE = 400;

    /** n lookups y = f(x) over x in [LO, LO + SIZE), then a rescale of y (range checks into the range part of the table). */
    private static GadgetProgram program(long[] values, int n) {
        GadgetProgram.Builder b = GadgetProgram.builder("segments");
        int t = b.table(new LookupTable("f", LO, values));
        int[] x = b.input("x", new int[] {n}, false, new Interval(LO, LO + SIZE - 1));
        int[] y = b.lookup("segments.zk:2:5", t, x);
        int[] z = b.rescale("segments.zk:3:5", y, 3, Interval.signedBits(8));
        b.output("y", new int[] {n}, y, true);
        b.output("z", new int[] {n}, z, true);
        return b.build();
    }

    private static long[] values(Random r) {
        long[] v = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            v[i] = r.nextInt(2001) - 1000;
        }
        return v;
    }

    private static long[] domain() {
        long[] x = new long[SIZE];
        for (int i = 0; i < SIZE; i++) {
            x[i] = LO + i;
        }
        return x;
    }

    @Test
    void everySegmentCountProvesTheSameOutputsAndRejectsAChangedLookedUpValue() {
        Random r = new Random(7);
        long[] values = values(r);
        GadgetProgram p = program(values, SIZE);
        Map<String, long[]> in = Map.of("x", domain());
        long[] wires = p.evaluate(in);
        Map<String, long[]> expected = p.outputValues(wires);
        assertEquals(values[SIZE - 1], expected.get("y")[SIZE - 1]);
        LayoutStats one = null;
        for (int s : new int[] {1, 2, 3, 5}) {
            LayoutOptions o = new LayoutOptions(6, 5, 0, s);
            CompiledCircuit cc = new Halo2StyleBackend().layout(p, o);
            LayoutStats st = cc.stats();
            assertEquals(st, new Halo2StyleBackend().dryRun(p, o), "dry run at S=" + s);
            assertEquals(s, st.tableSegments());
            int perSegment = (st.tableRows() + s - 1) / s;
            ConstraintSystem cs = cc.constraintSystem();
            assertEquals(ConstraintSystemBuilder.minimumK(Math.max(st.usedRows(), perSegment), cs.blindingRows()), st.k(),
                    "k follows the rows of one segment at S=" + s);
            if (one == null) {
                one = st;
            } else {
                assertEquals(one.tableRows(), st.tableRows());
                assertEquals(one.fixedColumns() + 3 * (s - 1), st.fixedColumns());
                assertEquals(one.lookups(), st.lookups());
                assertEquals(s, cs.lookups().get(0).segments().size());
            }
            assertEquals(tuples(new Halo2StyleBackend().layout(p, new LayoutOptions(6, 5, 0)).constraintSystem()),
                    tuples(cs), "the segments hold the one-segment table's tuples at S=" + s);

            var res = assertComplete(cc, in, expected);
            // Entries at the start, the middle and the end of the domain: each in a different segment.
            for (int i : new int[] {0, SIZE / 2, SIZE - 1}) {
                long[] bad = wires.clone();
                bad[p.outputs().get(0).wires()[i]] += 1;
                assertWiresRejected(cc, bad, "f(" + (LO + i) + ") + 1 at S=" + s);
            }
            if (s == 5) {
                assertCellTamperingRejected(cc, res.witness(), r, 4, false);
            }
        }
    }

    @Test
    void moreSegmentsLowerKUntilTheOtherRowsSetIt() {
        // Few lookups into the wide table: the table sets k.
        GadgetProgram p = program(values(new Random(3)), 40);
        int last = Integer.MAX_VALUE;
        for (int s = 1; s <= 8; s *= 2) {
            LayoutStats st = new Halo2StyleBackend().dryRun(p, new LayoutOptions(16, 5, 0, s));
            assertTrue(st.k() <= last, "k grew with more segments: " + st);
            last = st.k();
        }
        LayoutStats one = new Halo2StyleBackend().dryRun(p, new LayoutOptions(16, 5, 0, 1));
        LayoutStats four = new Halo2StyleBackend().dryRun(p, new LayoutOptions(16, 5, 0, 4));
        assertTrue(four.k() < one.k(), one + " vs " + four);
    }

    /** Each table tuple (tag, x, y) and how often it occurs, over every segment, the all-zero padding left out. */
    static Map<List<String>, Integer> tuples(ConstraintSystem cs) {
        Map<String, Column> byName = new HashMap<>();
        for (Column c : cs.fixed()) {
            byName.put(c.name(), c);
        }
        List<Column[]> segments = new ArrayList<>();
        segments.add(new Column[] {byName.get("t_tag"), byName.get("t_x"), byName.get("t_y")});
        for (int s = 1; byName.containsKey("t_tag_" + s); s++) {
            segments.add(new Column[] {byName.get("t_tag_" + s), byName.get("t_x_" + s), byName.get("t_y_" + s)});
        }
        Map<List<String>, Integer> count = new HashMap<>();
        for (Column[] seg : segments) {
            for (int row = 0; row < cs.usableRows(); row++) {
                List<String> t = List.of(cs.fixedValue(seg[0], row).toString(), cs.fixedValue(seg[1], row).toString(),
                        cs.fixedValue(seg[2], row).toString());
                if (!cs.fixedValue(seg[0], row).isZero()) {
                    count.merge(t, 1, Integer::sum);
                }
            }
        }
        return count;
    }
}
