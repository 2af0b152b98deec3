package dev.zkmlc.circuit.backend;

import static dev.zkmlc.circuit.mock.CircuitChecks.assertCellTamperingRejected;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertComplete;
import static dev.zkmlc.circuit.mock.CircuitChecks.assertWiresRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.field.Fr;
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
 * The lookup table spread over S segments ({@link LayoutOptions#tableSegments}), for any backend with a lookup
 * table: a function table whose domain is wider than the rest of the circuit, every entry of it looked up, so that
 * lookups land in every segment. A backend's {@code SegmentedTableTest} says how it lays the program out.
 */
public abstract class SegmentedTableProperties {
    private static final long LO = -200;
    private static final int SIZE = 400;

    /** The backend, in its variant with a lookup table. */
    protected abstract Backend backend();

    /** The layout options the properties use, with the table in the given number of segments. */
    protected abstract LayoutOptions options(int segments);

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
    public void everySegmentCountProvesTheSameOutputsAndRejectsAChangedLookedUpValue() {
        Random r = new Random(7);
        long[] values = values(r);
        GadgetProgram p = program(values, SIZE);
        Map<String, long[]> in = Map.of("x", domain());
        long[] wires = p.evaluate(in);
        Map<String, long[]> expected = p.outputValues(wires);
        assertEquals(values[SIZE - 1], expected.get("y")[SIZE - 1]);
        Map<List<Fr>, Integer> oneSegmentTuples = tuples(backend().layout(p, options(1)).constraintSystem());
        LayoutStats one = null;
        for (int s : new int[] {1, 2, 3, 5}) {
            LayoutOptions o = options(s);
            CompiledCircuit cc = backend().layout(p, o);
            LayoutStats st = cc.stats();
            assertEquals(st, backend().dryRun(p, o), "dry run at S=" + s);
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
            assertEquals(oneSegmentTuples, tuples(cs), "the segments hold the one-segment table's tuples at S=" + s);

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
    public void moreSegmentsLowerKUntilTheOtherRowsSetIt() {
        // Few lookups into the wide table: the table sets k.
        GadgetProgram p = program(values(new Random(3)), 10);
        int last = Integer.MAX_VALUE;
        for (int s = 1; s <= 8; s *= 2) {
            LayoutStats st = backend().dryRun(p, options(s));
            assertTrue(st.k() <= last, "k grew with more segments: " + st);
            last = st.k();
        }
        LayoutStats one = backend().dryRun(p, options(1));
        LayoutStats four = backend().dryRun(p, options(4));
        assertTrue(four.k() < one.k(), one + " vs " + four);
    }

    /** Each table tuple (tag, x, y) and how often it occurs, over every segment of the first lookup, the all-zero padding left out. */
    private static Map<List<Fr>, Integer> tuples(ConstraintSystem cs) {
        Map<List<Fr>, Integer> count = new HashMap<>();
        for (List<Expression> segment : cs.lookups().get(0).segments()) {
            for (int row = 0; row < cs.usableRows(); row++) {
                List<Fr> t = new ArrayList<>(segment.size());
                for (Expression e : segment) {
                    t.add(e.evaluate(row, cs::fixedValue));
                }
                if (!t.get(0).isZero()) {
                    count.merge(t, 1, Integer::sum);
                }
            }
        }
        return count;
    }
}
