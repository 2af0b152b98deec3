package dev.zkmlc.backend.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import org.junit.jupiter.api.Test;

class DryRunTest {
    private static GadgetProgram dense(int in, int out, boolean fixedWeights) {
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
            ws[i] = b.constants(w, fixedWeights);
        }
        int[] acc = b.dot("dense.zk:3:5", xs, ws, b.constants(new long[out], true));
        int[] y = b.rescale("dense.zk:3:5", acc, 4, Interval.signedBits(8));
        int[] relu = b.max("dense.zk:4:5", y, b.constants(new long[out], true));
        b.output("y", new int[] {out}, relu, true);
        return b.build();
    }

    @Test
    void dryRunCountsWhatTheLayoutBuilds() {
        for (PlonkBackend backend : new PlonkBackend[] {PlonkBackend.vanilla(), PlonkBackend.withLookupTable()}) {
            for (boolean fixed : new boolean[] {true, false}) {
                GadgetProgram p = dense(20, 6, fixed);
                LayoutOptions o = LayoutOptions.defaults().withTableBits(6);
                LayoutStats dry = backend.dryRun(p, o);
                CompiledCircuit cc = backend.layout(p, o);
                assertEquals(cc.stats(), dry);
                assertEquals(cc.constraintSystem().k(), dry.k());
                assertEquals(cc.constraintSystem().degree(), dry.degree());
                assertEquals(cc.constraintSystem().lookups().size(), dry.lookups());
                assertEquals(cc.constraintSystem().copies().size(), dry.copies());
                assertEquals(backend.capabilities(o).maxDegree(), dry.degree());
            }
        }
    }

    /** Fixed weights fold into the gate's coefficients: one row per term instead of two. */
    @Test
    void fixedWeightsCostOneRowPerTerm() {
        LayoutOptions o = LayoutOptions.defaults();
        int fixed = PlonkBackend.withLookupTable().dryRun(dense(64, 8, true), o).usedRows();
        int priv = PlonkBackend.withLookupTable().dryRun(dense(64, 8, false), o).usedRows();
        assertTrue(priv - fixed >= 8 * 60, fixed + " vs " + priv);
    }

    @Test
    void theLookupTableSavesRangeCheckRows() {
        LayoutOptions o = LayoutOptions.defaults();
        int vanilla = PlonkBackend.vanilla().dryRun(dense(16, 4, true), o).usedRows();
        int table = PlonkBackend.withLookupTable().dryRun(dense(16, 4, true), o).usedRows();
        assertTrue(2 * table < vanilla, table + " vs " + vanilla);
    }

    @Test
    void aWideNonlinearityWithoutTheTableIsAClearError() {
        GadgetProgram.Builder b = GadgetProgram.builder("wide");
        int size = (1 << PlonkLayouter.MAX_MUX_BITS) + 1;
        int t = b.table(new LookupTable("f", 0, new long[size]));
        int[] x = b.input("x", new int[] {1}, false, new Interval(0, size - 1));
        b.output("y", new int[] {1}, b.lookup("wide.zk:2:3", t, x), true);
        GadgetProgram p = b.build();
        GadgetException e = assertThrows(GadgetException.class, () -> PlonkBackend.vanilla().dryRun(p, LayoutOptions.defaults()));
        assertTrue(e.getMessage().startsWith("wide.zk:2:3: table 'f'") && e.getMessage().contains("--backend plonk"),
                e.getMessage());
        assertEquals(1, PlonkBackend.withLookupTable().dryRun(p, LayoutOptions.defaults()).lookups());
    }

    @Test
    void everyRowIsInARegionWithItsOrigin() {
        CompiledCircuit cc = PlonkBackend.vanilla().layout(dense(10, 3, true), LayoutOptions.defaults());
        for (int row = 0; row < cc.stats().usedRows(); row++) {
            Region r = cc.constraintSystem().regionAt(row).orElseThrow();
            assertTrue(r.origin().startsWith("dense.zk:") || r.origin().startsWith("input")
                    || r.origin().equals("public values"), r.toString());
        }
    }

    /**
     * Without the lookup table the floor is the multiplexer trees' rows: never above the dry run's rows (nor its k,
     * columns or gates), for random tables (flat runs fold, so values repeat often) and element counts; with the table
     * it is one row per element, and the lookup.
     */
    @Test
    void theVanillaFloorIsTheMultiplexersRowsAndNeverAboveTheDryRun() {
        org.quicktheories.QuickTheory.qt().withExamples(60).forAll(org.quicktheories.generators.SourceDSL.longs().all())
                .checkAssert(seed -> {
                    java.util.Random r = new java.util.Random(seed);
                    GadgetProgram.Builder b = GadgetProgram.builder("mux");
                    long muxRows = 0;
                    for (int j = 0; j < 1 + r.nextInt(3); j++) {
                        int size = 1 + r.nextInt(300);
                        long[] values = new long[size];
                        for (int i = 0; i < size; i++) {
                            values[i] = r.nextInt(4) == 0 ? r.nextInt(1000) - 500 : (i > 0 ? values[i - 1] : 3);
                        }
                        long lo = r.nextInt(100) - 50;
                        LookupTable table = new LookupTable("f" + j, lo, values);
                        int t = b.table(table);
                        int n = 1 + r.nextInt(4);
                        int[] x = b.input("x" + j, new int[] {n}, false, new Interval(lo, lo + size - 1));
                        b.output("y" + j, new int[] {n}, b.lookup("mux.zk:" + j + ":1", t, x), true);
                        muxRows += n * PlonkLayouter.muxTreeRows(table);
                    }
                    GadgetProgram p = b.build();
                    LayoutOptions o = LayoutOptions.defaults();
                    LayoutStats floor = PlonkBackend.vanilla().statsFloor(p, o);
                    LayoutStats dry = PlonkBackend.vanilla().dryRun(p, o);
                    assertEquals(muxRows, floor.usedRows());
                    assertTrue(muxRows > 0);
                    assertAtMost(floor, dry);
                    LayoutStats tableFloor = PlonkBackend.withLookupTable().statsFloor(p, o);
                    assertEquals(1, tableFloor.lookups());
                    assertAtMost(tableFloor, PlonkBackend.withLookupTable().dryRun(p, o));
                });
    }

    /**
     * Every count of the floor is at most the dry run's, under both variants, for random programs of dot products
     * (weights fixed, private or mixed with fixed inputs; some weights 0), sums, products, linear combinations,
     * rescales, maxima and lookups: the dot products' rows are counted exactly when every term multiplies two cells.
     */
    @Test
    void theFloorIsNeverAboveTheDryRun() {
        org.quicktheories.QuickTheory.qt().withExamples(80).forAll(org.quicktheories.generators.SourceDSL.longs().all())
                .checkAssert(DryRunTest::floorAtMostDryRun);
    }

    /** A program the property once drew: a dot product of one term per output, which needs two rows, not one. */
    @Test
    void aOneTermDotProductCountsItsBiasRow() {
        floorAtMostDryRun(-145);
    }

    private static void floorAtMostDryRun(long seed) {
        java.util.Random r = new java.util.Random(seed);
        GadgetProgram.Builder b = GadgetProgram.builder("random");
        int n = 1 + r.nextInt(24);
        int[] x = b.input("x", new int[] {n}, r.nextBoolean(), Interval.signedBits(6));
        int[] cur = x;
        long productRows = 0;
        boolean allProducts = true;
        for (int layer = 0; layer < 1 + r.nextInt(4); layer++) {
            int kind = r.nextInt(6);
            int m = cur.length;
            if (kind == 0) {
                int out = 1 + r.nextInt(6);
                int[][] xs = new int[out][];
                int[][] ws = new int[out][];
                int mode = r.nextInt(3);
                for (int i = 0; i < out; i++) {
                    long[] w = new long[m];
                    for (int j = 0; j < m; j++) {
                        w[j] = r.nextInt(5) == 0 ? 0 : r.nextInt(15) - 7;
                    }
                    ws[i] = b.constants(w, mode == 1);
                    xs[i] = mode == 2 ? b.constants(new long[m], true) : cur;
                }
                if (mode == 0) {
                    // Each output: a row per product and its chain, at least one row (the bias).
                    productRows += (long) out * (m + Math.max(1, m - 1));
                } else {
                    allProducts = false;
                }
                int[] acc = b.dot("random.zk:" + layer + ":1", xs, ws, b.constants(new long[out], r.nextBoolean()));
                cur = b.rescale("random.zk:" + layer + ":2", acc, 3, Interval.signedBits(8));
            } else if (kind == 1) {
                cur = b.sum("random.zk:" + layer + ":1", new int[][] {cur, cur});
                allProducts = false;
            } else if (kind == 2) {
                cur = b.mul("random.zk:" + layer + ":1", cur, cur);
                cur = b.rescale("random.zk:" + layer + ":2", cur, 6, Interval.signedBits(8));
                allProducts = false;
            } else if (kind == 3) {
                cur = b.linear("random.zk:" + layer + ":1", cur, cur, 2, -1, 3);
                allProducts = false;
            } else if (kind == 4) {
                cur = b.max("random.zk:" + layer + ":1", cur, b.constants(new long[m], true));
                allProducts = false;
            } else {
                long[] values = new long[1 << 8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.nextInt(64) - 32;
                }
                int t = b.table(new LookupTable("f" + layer, -128, values));
                cur = b.rescale("random.zk:" + layer + ":0", cur, 2, Interval.signedBits(8));
                cur = b.lookup("random.zk:" + layer + ":1", t, cur);
                allProducts = false;
            }
        }
        b.output("y", new int[] {cur.length}, cur, true);
        GadgetProgram p = b.build();
        LayoutOptions o = LayoutOptions.defaults().withTableBits(4 + r.nextInt(6));
        for (PlonkBackend backend : new PlonkBackend[] {PlonkBackend.vanilla(), PlonkBackend.withLookupTable()}) {
            LayoutStats floor = backend.statsFloor(p, o);
            assertAtMost(floor, backend.dryRun(p, o));
            if (allProducts) {
                assertEquals(productRows, PlonkLayouter.arithmeticRowsFloor(p));
            }
        }
    }

    private static void assertAtMost(LayoutStats floor, LayoutStats dry) {
        assertTrue(floor.usedRows() <= dry.usedRows() && floor.k() <= dry.k() && floor.tableRows() <= dry.tableRows()
                && floor.adviceColumns() <= dry.adviceColumns() && floor.fixedColumns() <= dry.fixedColumns()
                && floor.instanceColumns() <= dry.instanceColumns() && floor.instanceValues() <= dry.instanceValues()
                && floor.gates() <= dry.gates() && floor.lookups() <= dry.lookups() && floor.copies() <= dry.copies()
                && floor.equalityColumns() <= dry.equalityColumns() && floor.degree() <= dry.degree()
                && floor.adviceCells() <= dry.adviceCells() && floor.phaseOneColumns() <= dry.phaseOneColumns(),
                floor + " vs " + dry);
    }
}
