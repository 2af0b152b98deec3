package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.audit.Auditor;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.circuit.gadget.RangeViolation;
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
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Tanh;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The trimmed-table gadget choice ({@link GadgetChoice#TRIMMED_TABLE}): under the halo2-style and both PLONK backends the
 * honest witness satisfies the circuit and the outputs equal the exact interpreter's (which knows nothing of the
 * choice); changing the clamp or the looked-up value is rejected; an input outside the plan's table range is
 * refused at witness time and by the circuit, exactly as with the full table; and the tables shrink and are
 * shared.
 */
class TableChoiceTest {
    private static final int S = 5;
    private static final long LIM = 12L << S;
    private static final List<Backend> BACKENDS = List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable(),
            PlonkBackend.vanilla());

    /** sigmoid and tanh over [-12, 12] (both flat beyond about 4 at 2^-5), softmax, and layer norms of both with equal tables. */
    private static Graph graph(Map<String, TableSpec> tables) {
        GraphBuilder gb = new GraphBuilder("t");
        String x = gb.input("x", TensorType.floats(2, 4), Visibility.PUBLIC);
        int[] line = {1};
        java.util.function.BiFunction<Op, List<String>, String> op = (o, ins) -> gb.node(o, ins, o.opName() + line[0],
                SourceLocation.of("t.zk", line[0]++, 1));
        String sig = op.apply(new Sigmoid(), List.of(x));
        tables.put(sig, new TableSpec(-LIM, LIM, S, S));
        String tanh = op.apply(new Tanh(), List.of(x));
        tables.put(tanh, new TableSpec(-LIM, LIM, S, S));
        String sm = op.apply(new Softmax(-1), List.of(x));
        tables.put(sm, new TableSpec(-LIM, 0, S, S));
        String gamma = gb.initializer("gamma", new Tensor(Shape.of(4), new double[] {1, 0.5, -1, 2}));
        String ln1 = op.apply(new LayerNorm(-1, 1e-3), List.of(sig, gamma));
        tables.put(ln1, new TableSpec(0, 16L << S, S, S));
        String ln2 = op.apply(new LayerNorm(-1, 1e-3), List.of(tanh, gamma));
        tables.put(ln2, new TableSpec(0, 16L << S, S, S));
        for (String o : List.of(sig, tanh, sm, ln1, ln2)) {
            gb.output(o, Visibility.PUBLIC);
        }
        gb.parameterVisibility(Visibility.PRIVATE);
        return gb.build();
    }

    private static FixedPointPlan plan(Graph g, Map<String, TableSpec> tables) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, S);
        }
        return new FixedPointPlan(scales, S, 16, tables);
    }

    private static Lowered trimmed(Graph g, FixedPointPlan plan) {
        LoweringChoices c = LoweringChoices.defaults();
        for (ChoicePoint cp : Lowering.lowerWith(g, plan, c).choicePoints()) {
            if (cp.kind() == GadgetChoice.Kind.TABLE) {
                c = c.with(cp, GadgetChoice.TRIMMED_TABLE);
            }
        }
        return Lowering.lowerWith(g, plan, c);
    }

    private static long[] input(Random r, long lim) {
        long[] v = new long[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = -lim + (long) (r.nextDouble() * (2 * lim + 1));
        }
        return v;
    }

    @Test
    void everyTableNodeIsAChoicePointAndTrimmedTablesAreSmallerAndShared() {
        Map<String, TableSpec> tables = new HashMap<>();
        Graph g = graph(tables);
        FixedPointPlan plan = plan(g, tables);
        Lowered full = Lowering.lowerWith(g, plan, LoweringChoices.defaults());
        Lowered trim = trimmed(g, plan);
        assertEquals(5, full.choicePoints().stream().filter(cp -> cp.kind() == GadgetChoice.Kind.TABLE).count());
        assertEquals(5, full.program().tables().size());
        // The two layer norms' rsqrt tables are equal, so the trimmed lowering keeps one.
        assertEquals(4, trim.program().tables().size());
        int fullRows = full.program().tables().stream().mapToInt(LookupTable::size).sum();
        int trimRows = trim.program().tables().stream().mapToInt(LookupTable::size).sum();
        assertTrue(trimRows * 2 < fullRows, trimRows + " vs " + fullRows);
        assertEquals(Lowering.lower(g, plan).tables(), full.program().tables());
    }

    @Test
    void trimmedTablesAgreeWithTheInterpreterUnderEveryBackend() {
        Map<String, TableSpec> tables = new HashMap<>();
        Graph g = graph(tables);
        FixedPointPlan plan = plan(g, tables);
        GadgetProgram p = trimmed(g, plan).program();
        for (Backend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(p, new LayoutOptions(8, 8, 0));
            qt().withExamples(4).forAll(longs().all()).checkAssert(seed -> {
                long[] in = input(new Random(seed), LIM);
                Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan,
                        Map.of("x", new FixedTensor(Shape.of(2, 4), S, in)));
                CompiledCircuit.WitnessResult res = cc.witness(Map.of("x", in));
                MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
                for (var o : g.outputs()) {
                    assertArrayEquals(expected.get(o.name()).toArray(), res.outputs().get(o.name()), backend.name() + " " + o.name());
                }
            });
        }
    }

    @Test
    void changingAClampOrALookedUpValueIsRejectedUnderEveryBackend() {
        Map<String, TableSpec> tables = new HashMap<>();
        Graph g = graph(tables);
        FixedPointPlan plan = plan(g, tables);
        GadgetProgram p = trimmed(g, plan).program();
        long[] honest = p.evaluate(Map.of("x", new long[] {-LIM, -200, -3, 0, 5, 100, 300, LIM}));
        for (Backend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(p, new LayoutOptions(8, 8, 0));
            int tried = 0;
            for (Gadget gd : p.gadgets()) {
                if (!(gd instanceof Gadget.Max || gd instanceof Gadget.Lookup) || !gd.origin().startsWith("t.zk:")) {
                    continue;
                }
                for (int w : gd.outputs()) {
                    long[] forged = honest.clone();
                    forged[w] += 1;
                    assertFalse(MockProver.check(cc.constraintSystem(), cc.fillWitness(forged), 1).isEmpty(),
                            backend.name() + ": " + gd.kind() + " output changed and accepted at " + gd.origin());
                    tried++;
                }
            }
            assertTrue(tried > 30, "only " + tried);
        }
    }

    @Test
    void anInputOutsideThePlansTableRangeIsStillRefused() {
        Map<String, TableSpec> tables = new HashMap<>();
        Graph g = graph(tables);
        FixedPointPlan plan = plan(g, tables);
        GadgetProgram p = trimmed(g, plan).program();
        long[] in = {0, 0, 0, LIM + 1, 0, 0, 0, 0};
        RangeViolation e = assertThrows(RangeViolation.class, () -> p.evaluate(Map.of("x", in)));
        assertEquals(LIM + 1, e.value());
        // A prover who skips the check: every gadget but the range checks run, then the circuit must refuse.
        long[] v = new long[p.wireCount()];
        for (int w = 0; w < v.length; w++) {
            if (p.kind(w) == GadgetProgram.WireKind.CONSTANT) {
                v[w] = p.constantValue(w);
            }
        }
        int[] xw = p.inputs().get(0).wires();
        for (int i = 0; i < xw.length; i++) {
            v[xw[i]] = in[i];
        }
        for (Gadget gd : p.gadgets()) {
            if (!(gd instanceof Gadget.RangeCheck)) {
                gd.evaluate(v, p.tables());
            }
        }
        for (Backend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(p, new LayoutOptions(8, 8, 0));
            assertFalse(MockProver.check(cc.constraintSystem(), cc.fillWitness(v), 1).isEmpty(), backend.name());
        }
    }

    /**
     * A trimmed exp table whose top is flat too: with input scale 2^-8 and output scale 2^-4, exp(d) rounds to 1
     * for d in [-8, 0], so the trimmed table ends below 0. Softmax's d = x - max(x) reaches 0 on every row, so
     * the trimmed lookup must still hold it (a clamp from above, or a table that keeps its top).
     */
    @Test
    void aTrimmedExpTableWithAFlatTopStillProvesSoftmax() {
        int si = 8;
        int so = 4;
        long lim = 12L << si;
        GraphBuilder gb = new GraphBuilder("t");
        String x = gb.input("x", TensorType.floats(2, 4), Visibility.PUBLIC);
        String sm = gb.node(new Softmax(-1), List.of(x), "sm", SourceLocation.of("t.zk", 1, 1));
        gb.output(sm, Visibility.PUBLIC);
        Graph g = gb.build();
        Map<String, Integer> scales = new LinkedHashMap<>();
        scales.put(x, si);
        scales.put(sm, so);
        FixedPointPlan plan = new FixedPointPlan(scales, si, 16, Map.of(sm, new TableSpec(-lim, 0, si, so)));
        Lowered trim = trimmed(g, plan);
        LookupTable shared = trim.program().tables().get(0);
        assertTrue(shared.size() < lim, "the exp table was not trimmed: " + shared.size() + " rows");
        long[] in = {-lim, -300, -3, 0, 5, 100, 300, lim};
        Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan,
                Map.of("x", new FixedTensor(Shape.of(2, 4), si, in)));
        for (Backend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(trim.program(), new LayoutOptions(8, 8, 0));
            CompiledCircuit.WitnessResult res = cc.witness(Map.of("x", in));
            MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
            assertArrayEquals(expected.get(sm).toArray(), res.outputs().get(sm), backend.name());
        }
    }

    /**
     * The clamp's bound is a constant the verifying key fixes, not a prover's choice: a prover who moves it into the
     * trimmed domain (so that an input in a flat tail reads another table row) and recomputes every gadget from
     * there is rejected, under every backend. Inputs sit in both tails, so that the sigmoid, tanh and exp clamps
     * are active (the layer norms' are not, and are skipped).
     */
    @Test
    void movingAClampBoundIntoTheTrimmedDomainIsRejected() {
        Map<String, TableSpec> tables = new HashMap<>();
        Graph g = graph(tables);
        FixedPointPlan plan = plan(g, tables);
        GadgetProgram p = trimmed(g, plan).program();
        long[] in = {-LIM, -300, -250, -200, 200, 250, 300, LIM};
        long[] honest = p.evaluate(Map.of("x", in));
        int tried = 0;
        for (Gadget gd : p.gadgets()) {
            if (!(gd instanceof Gadget.Max m) || !gd.origin().startsWith("t.zk:") || !p.isFixedConstant(m.b()[0])) {
                continue;
            }
            int bound = m.b()[0];
            boolean active = false;
            for (int a : m.a()) {
                active |= m.min() ? honest[a] > honest[bound] : honest[a] < honest[bound];
            }
            if (!active) {
                continue;
            }
            long[] v = honest.clone();
            v[bound] += m.min() ? -40 : 40;
            for (Gadget other : p.gadgets()) {
                if (!(other instanceof Gadget.RangeCheck)) {
                    other.evaluate(v, p.tables());
                }
            }
            boolean moved = false;
            for (int i = 0; i < v.length; i++) {
                moved |= i != bound && p.kind(i) != GadgetProgram.WireKind.CONSTANT && v[i] != honest[i];
            }
            assertTrue(moved, "moving the bound of " + gd.origin() + " changed no computed value");
            for (Backend backend : BACKENDS) {
                CompiledCircuit cc = backend.layout(p, new LayoutOptions(8, 8, 0));
                assertFalse(MockProver.check(cc.constraintSystem(), cc.fillWitness(v), 1).isEmpty(),
                        backend.name() + ": a moved clamp bound was accepted at " + gd.origin());
            }
            tried++;
        }
        assertTrue(tried >= 5, "only " + tried + " active clamps");
    }

    /** The under-constraint search re-solving around the trimmed tables' clamps and lookups finds nothing, under every backend. */
    @Test
    void theAuditFindsNothingAroundTheTrimmedTables() {
        Map<String, TableSpec> tables = new HashMap<>();
        Graph g = graph(tables);
        FixedPointPlan plan = plan(g, tables);
        GadgetProgram p = trimmed(g, plan).program();
        for (Backend backend : BACKENDS) {
            CompiledCircuit cc = backend.layout(p, new LayoutOptions(8, 8, 0));
            Auditor.Report report = Auditor.audit(cc, Map.of("x", new long[] {-LIM, -300, -3, 0, 5, 100, 300, LIM}),
                    new Auditor.Options(60, 60, 60, 3));
            assertTrue(report.witnessesTried() > 100, backend.name() + ": " + report.witnessesTried() + " tried");
            assertTrue(report.clean(), backend.name() + ": " + report.findings());
        }
    }
}
