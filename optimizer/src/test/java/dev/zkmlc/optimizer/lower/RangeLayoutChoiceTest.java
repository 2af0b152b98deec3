package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.audit.Auditor;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.RangeLayout;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.Relu;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed range-check choice ({@link GadgetChoice#PACKED_LIMBS}) on a gemm + relu whose 20-bit activations are
 * wider than an 8-bit table: under the halo2-style backend (which packs) and both PLONK backends (which ignore
 * it) the honest witness satisfies the circuit and equals the interpreter; on halo2-style the packed rows are
 * fewer and changing any value or limb cell in them is rejected.
 */
class RangeLayoutChoiceTest {
    private static final int S = 6;
    private static final List<Backend> BACKENDS = List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable(),
            PlonkBackend.vanilla());
    private static final LayoutOptions AT = new LayoutOptions(12, 8, 0);

    private static Graph graph() {
        GraphBuilder gb = new GraphBuilder("t");
        String x = gb.input("x", TensorType.floats(1, 6), Visibility.PUBLIC);
        Random r = new Random(7);
        double[] w = new double[30];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble() * 2 - 1;
        }
        String wt = gb.initializer("w", new Tensor(Shape.of(6, 5), w));
        String h = gb.node(Gemm.plain(), List.of(x, wt), "fc", SourceLocation.of("t.zk", 1, 1));
        String y = gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("t.zk", 2, 1));
        gb.output(y, Visibility.PUBLIC);
        gb.parameterVisibility(Visibility.PRIVATE);
        return gb.build();
    }

    private static FixedPointPlan plan(Graph g) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, S);
        }
        return new FixedPointPlan(scales, S, 20, Map.of());
    }

    private static GadgetProgram lowered(Graph g, FixedPointPlan plan, GadgetChoice... choices) {
        LoweringChoices c = LoweringChoices.defaults();
        for (ChoicePoint cp : Lowering.lowerWith(g, plan, c).choicePoints()) {
            for (GadgetChoice choice : choices) {
                if (cp.kind() == choice.kind()) {
                    c = c.with(cp, choice);
                }
            }
        }
        return Lowering.lowerWith(g, plan, c).program();
    }

    @Test
    void everyLayerWithRangeChecksIsAChoicePointAndPackedOnesAreMarked() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        List<ChoicePoint> points = Lowering.lowerWith(g, plan, LoweringChoices.defaults()).choicePoints();
        assertEquals(List.of("x", "fc", "relu"), points.stream().filter(cp -> cp.kind() == GadgetChoice.Kind.RANGE)
                .map(ChoicePoint::node).toList());
        assertEquals(List.of("x", "fc", "relu"), points.stream().filter(cp -> cp.kind() == GadgetChoice.Kind.BASE)
                .map(ChoicePoint::node).toList());
        GadgetProgram p = lowered(g, plan, GadgetChoice.PACKED_LIMBS);
        for (int i = 0; i < p.gadgets().size(); i++) {
            assertEquals(RangeLayout.PACKED, p.rangeLayout(i));
        }
        GadgetProgram d = Lowering.lower(g, plan);
        for (int i = 0; i < d.gadgets().size(); i++) {
            assertEquals(RangeLayout.ROWS, d.rangeLayout(i));
        }
    }

    @Test
    void packedChecksAgreeWithTheInterpreterUnderEveryBackendInFewerHalo2Rows() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        GadgetProgram packed = lowered(g, plan, GadgetChoice.PACKED_LIMBS);
        for (Backend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(packed, AT);
            assertEquals(backend.dryRun(packed, AT), cc.stats(), backend.name() + ": dry run and layout disagree");
            qt().withExamples(5).forAll(longs().all()).checkAssert(seed -> {
                Random r = new Random(seed);
                long[] in = new long[6];
                for (int i = 0; i < in.length; i++) {
                    in[i] = r.nextInt(1 << 16) - (1 << 15);
                }
                Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan,
                        Map.of("x", new FixedTensor(Shape.of(1, 6), S, in)));
                CompiledCircuit.WitnessResult res = cc.witness(Map.of("x", in));
                MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
                String out = g.outputs().get(0).name();
                assertArrayEquals(expected.get(out).toArray(), res.outputs().get(out), backend.name());
            });
        }
        Halo2StyleBackend h = new Halo2StyleBackend();
        assertTrue(h.dryRun(packed, AT).usedRows() < h.dryRun(Lowering.lower(g, plan), AT).usedRows());
    }

    @Test
    void changingAnyCellOfAPackedRangeRowIsRejected() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        CompiledCircuit cc = new Halo2StyleBackend().layout(lowered(g, plan, GadgetChoice.PACKED_LIMBS), AT);
        ConstraintSystem cs = cc.constraintSystem();
        Witness honest = cc.witness(Map.of("x", new long[] {30000, -20000, 5, -7, 12345, -32768})).witness();
        MockProver.assertSatisfied(cs, honest);
        assertRangeCellChangesRejected(cc, honest);
    }

    /** Changes up to 80 value or limb cells of the range rows, one at a time by 1: each must be rejected. */
    private static void assertRangeCellChangesRejected(CompiledCircuit cc, Witness honest) {
        ConstraintSystem cs = cc.constraintSystem();
        List<CellRef> cells = new ArrayList<>();
        for (CellRef c : cc.dependentCells()) {
            for (Region r : cs.regions()) {
                if (r.name().endsWith("/range") && c.row() >= r.firstRow() && c.row() < r.firstRow() + r.rowCount()) {
                    cells.add(c);
                    break;
                }
            }
        }
        assertTrue(cells.size() > 40, cc.stats().backend() + ": only " + cells.size() + " range cells");
        Collections.shuffle(cells, new Random(3));
        for (CellRef c : cells.subList(0, Math.min(80, cells.size()))) {
            Witness bad = withCell(cs, honest, c, honest.get(c.column(), c.row()).add(Fr.ONE));
            assertFalse(MockProver.check(cs, bad, 1).isEmpty(), "changing " + c + " by 1 was accepted");
        }
    }

    private static Witness withCell(ConstraintSystem cs, Witness w, CellRef target, Fr value) {
        Witness.Builder b = Witness.builder();
        List<Column> cols = new ArrayList<>(cs.advice());
        cols.addAll(cs.instance());
        for (Column c : cols) {
            ColumnValues v = w.column(c);
            for (int row = 0; row < v.length(); row++) {
                b.set(c, row, v.get(row));
            }
        }
        b.set(target.column(), target.row(), value);
        return b.build();
    }

    /** The under-constraint search finds nothing around the packed range rows (halo2-style packs; PLONK ignores it). */
    @Test
    void theAuditFindsNothingAroundPackedRangeChecks() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        GadgetProgram packed = lowered(g, plan, GadgetChoice.PACKED_LIMBS);
        for (Backend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(packed, AT);
            Auditor.Report report = Auditor.audit(cc, Map.of("x", new long[] {30000, -20000, 5, -7, 12345, -32768}),
                    new Auditor.Options(60, 60, 60, 4));
            assertTrue(report.witnessesTried() > 100, backend.name() + ": " + report.witnessesTried() + " tried");
            assertTrue(report.clean(), backend.name() + ": " + report.findings());
        }
    }

    /**
     * Range checks in bits ({@link GadgetChoice#BIT_BASE}), one per row and packed: under halo2-style and PLONK with
     * the table the circuit agrees with the interpreter, the dry run equals the layout, nothing is looked up (the
     * model has no function table, so the lookup argument and the range table disappear), and changing any value or
     * limb cell of the range rows is rejected.
     */
    @Test
    void checksInBitsAgreeWithTheInterpreterNeedNoLookupAndRejectAChangedBit() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        for (GadgetChoice layout : List.of(GadgetChoice.ROW_LIMBS, GadgetChoice.PACKED_LIMBS)) {
            GadgetProgram bits = lowered(g, plan, GadgetChoice.BIT_BASE, layout);
            for (Backend backend : List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable())) {
                CompiledCircuit cc = backend.layout(bits, AT);
                assertEquals(backend.dryRun(bits, AT), cc.stats(), backend.name() + ": dry run and layout disagree");
                assertEquals(0, cc.stats().tableRows(), backend.name() + ": checks in bits used the table");
                long[] in = {30000, -20000, 5, -7, 12345, -32768};
                Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan,
                        Map.of("x", new FixedTensor(Shape.of(1, 6), S, in)));
                CompiledCircuit.WitnessResult res = cc.witness(Map.of("x", in));
                MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
                String out = g.outputs().get(0).name();
                assertArrayEquals(expected.get(out).toArray(), res.outputs().get(out), backend.name());
                assertRangeCellChangesRejected(cc, res.witness());
            }
            assertEquals(0, new Halo2StyleBackend().dryRun(bits, AT).lookups(), "halo2-style still has lookups");
        }
    }
    /**
     * Dot products side by side ({@link GadgetChoice#PACKED_DOTS}): the gemm's five 6-term products with private
     * weights take 14 cells each, two to a 32-wide row. Under halo2-style the circuit agrees with the interpreter in
     * fewer rows, the dry run equals the layout, and changing any dependent cell is rejected; the PLONK backends
     * (one term per row) ignore the choice.
     */
    @Test
    void packedDotProductsAgreeWithTheInterpreterInFewerRows() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        List<ChoicePoint> points = Lowering.lowerWith(g, plan, LoweringChoices.defaults()).choicePoints();
        assertEquals(List.of("fc"), points.stream().filter(cp -> cp.kind() == GadgetChoice.Kind.DOT)
                .map(ChoicePoint::node).toList());
        GadgetProgram packed = lowered(g, plan, GadgetChoice.PACKED_DOTS);
        GadgetProgram rows = Lowering.lower(g, plan);
        LayoutOptions wide = new LayoutOptions(32, 8, 0);
        long[] in = {30000, -20000, 5, -7, 12345, -32768};
        Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan,
                Map.of("x", new FixedTensor(Shape.of(1, 6), S, in)));
        String out = g.outputs().get(0).name();
        for (Backend backend : BACKENDS) {
            LayoutOptions at = backend instanceof Halo2StyleBackend ? wide : AT;
            CompiledCircuit cc = backend.layout(packed, at);
            assertEquals(backend.dryRun(packed, at), cc.stats(), backend.name() + ": dry run and layout disagree");
            CompiledCircuit.WitnessResult res = cc.witness(Map.of("x", in));
            MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
            assertArrayEquals(expected.get(out).toArray(), res.outputs().get(out), backend.name());
            if (backend instanceof Halo2StyleBackend) {
                assertTrue(cc.stats().usedRows() < backend.dryRun(rows, at).usedRows(), "no row saved");
                dev.zkmlc.circuit.cs.CellRef[] cells = cc.dependentCells().toArray(new dev.zkmlc.circuit.cs.CellRef[0]);
                Random r = new Random(11);
                for (int i = 0; i < 60; i++) {
                    dev.zkmlc.circuit.cs.CellRef c = cells[r.nextInt(cells.length)];
                    Witness bad = withCell(cc.constraintSystem(), res.witness(), c,
                            res.witness().get(c.column(), c.row()).add(Fr.ONE));
                    assertFalse(MockProver.check(cc.constraintSystem(), bad, 1).isEmpty(), "changing " + c + " was accepted");
                }
            } else {
                assertEquals(backend.dryRun(rows, at), cc.stats(), backend.name() + " should ignore the dot layout");
            }
        }
    }
}
