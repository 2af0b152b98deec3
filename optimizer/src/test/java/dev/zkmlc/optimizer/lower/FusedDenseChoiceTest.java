package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.optimizer.search.PlanSearch;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused dense choice ({@link GadgetChoice#FUSED}): gemm, matmul and conv layers rescaled to their output scale
 * are offered one {@link Gadget.DotRescale} each, which takes in the relu that alone reads the layer; fused, the circuit
 * agrees with the exact interpreter bit for bit, passes the mock prover, and needs fewer rows and copies; the plan
 * search weighs the choice on halo2-style only.
 */
class FusedDenseChoiceTest {

    /**
     * x -> gemm+bias -> relu -> matmul -> relu -> gemm+bias (output); img -> conv+bias (padded) -> relu (output); and a
     * gemm read by a relu and by an add (so its relu stays a node of its own).
     */
    private static Graph graph(Random r, Visibility params) {
        GraphBuilder gb = new GraphBuilder("dense");
        int[] line = {1};
        java.util.function.BiFunction<String, int[], String> w = (name, dims) -> {
            Shape sh = Shape.of(dims);
            double[] v = new double[sh.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextDouble() * 2 - 1;
            }
            return gb.initializer(name, new Tensor(sh, v));
        };
        java.util.function.BiFunction<dev.zkmlc.ir.op.Op, String[], String> op = (o, args) -> gb.node(o,
                List.of(args), o.opName(), SourceLocation.of("d.zk", line[0]++, 1));
        String x = gb.input("x", TensorType.floats(1, 12), Visibility.PRIVATE);
        String h1 = op.apply(new Relu(), new String[] {op.apply(Gemm.plain(), new String[] {x, w.apply("w1",
                new int[] {12, 7}), w.apply("b1", new int[] {1, 7})})});
        String h2 = op.apply(new Relu(), new String[] {op.apply(new MatMul(), new String[] {h1, w.apply("w2",
                new int[] {7, 5})})});
        String y = op.apply(Gemm.plain(), new String[] {h2, w.apply("w3", new int[] {5, 3}), w.apply("b3",
                new int[] {1, 3})});
        String img = gb.input("img", TensorType.floats(1, 2, 5, 5), Visibility.PUBLIC);
        String c = op.apply(new Relu(), new String[] {op.apply(new Conv(List.of(1, 1), List.of(1, 1, 1, 1),
                List.of(1, 1), 1), new String[] {img, w.apply("k", new int[] {3, 2, 3, 3}), w.apply("kb", new int[] {3})})});
        String shared = op.apply(Gemm.plain(), new String[] {x, w.apply("w4", new int[] {12, 4}), w.apply("b4",
                new int[] {1, 4})});
        String z = op.apply(new Add(), new String[] {op.apply(new Relu(), new String[] {shared}), shared});
        gb.output(y, Visibility.PUBLIC);
        gb.output(c, Visibility.PUBLIC);
        gb.output(z, Visibility.PRIVATE);
        gb.parameterVisibility(params);
        return gb.build();
    }

    private static FixedPointPlan plan(Graph g, int s) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, s);
        }
        return new FixedPointPlan(scales, s, 16, Map.of());
    }

    private static LoweringChoices everyLayer(Graph g, FixedPointPlan plan, GadgetChoice c) {
        LoweringChoices choices = LoweringChoices.defaults();
        for (ChoicePoint p : Lowering.lowerWith(g, plan, choices).choicePoints()) {
            if (p.kind() == GadgetChoice.Kind.FUSE) {
                choices = choices.with(p, c);
            }
        }
        return choices;
    }

    @Test
    void everyRescaledDenseLayerIsOfferedTheFusedGadget() {
        Graph g = graph(new Random(1), Visibility.PRIVATE);
        FixedPointPlan plan = plan(g, 5);
        List<ChoicePoint> points = Lowering.lowerWith(g, plan, LoweringChoices.defaults()).choicePoints().stream()
                .filter(p -> p.kind() == GadgetChoice.Kind.FUSE).toList();
        assertEquals(5, points.size(), points::toString);
        assertEquals(List.of(GadgetChoice.SEPARATE, GadgetChoice.FUSED), points.get(0).options());
        assertTrue(points.get(0).what().contains("relu"), points.get(0).what());
        GadgetProgram fused = Lowering.lowerWith(g, plan, everyLayer(g, plan, GadgetChoice.FUSED)).program();
        List<Gadget.DotRescale> f = fused.gadgets().stream().filter(x -> x instanceof Gadget.DotRescale)
                .map(x -> (Gadget.DotRescale) x).toList();
        assertEquals(5, f.size());
        // gemm, matmul and conv take their relu in; the last gemm and the gemm read twice do not.
        assertEquals(List.of(true, true, false, true, false), f.stream().map(Gadget.DotRescale::relu).toList());
        assertEquals(0, fused.gadgets().stream().filter(x -> x instanceof Gadget.Dot || x instanceof Gadget.DivRound)
                .count());
        assertEquals(1, fused.gadgets().stream().filter(x -> x instanceof Gadget.Max).count(), "the shared gemm's relu");
    }

    @Test
    void fusedLayersAgreeWithTheInterpreterInFewerRowsAndCopies() {
        qt().withExamples(6).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Graph g = graph(r, r.nextBoolean() ? Visibility.FIXED : Visibility.PRIVATE);
            FixedPointPlan plan = plan(g, 3 + r.nextInt(6));
            GadgetProgram fused = Lowering.lowerWith(g, plan, everyLayer(g, plan, GadgetChoice.FUSED)).program();
            GadgetProgram separate = Lowering.lower(g, plan);
            LayoutOptions at = new LayoutOptions(6 + r.nextInt(11), 6 + r.nextInt(6), 0);
            CompiledCircuit cc = new Halo2StyleBackend().layout(fused, at);
            Map<String, long[]> in = new HashMap<>();
            Map<String, FixedTensor> fin = new HashMap<>();
            for (Input i : g.inputs()) {
                Shape sh = i.type().shape();
                long[] v = new long[sh.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = r.nextInt(4 << plan.scale(i.name())) - (2L << plan.scale(i.name()));
                }
                in.put(i.name(), v);
                fin.put(i.name(), new FixedTensor(sh, plan.scale(i.name()), v));
            }
            Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan, fin);
            CompiledCircuit.WitnessResult res = cc.witness(in);
            MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
            for (Output o : g.outputs()) {
                assertArrayEquals(expected.get(o.name()).toArray(), res.outputs().get(o.name()), o.name());
            }
            assertEquals(cc.stats(), new Halo2StyleBackend().dryRun(fused, at));
            LayoutStats sep = new Halo2StyleBackend().dryRun(separate, at);
            assertTrue(cc.stats().copies() < sep.copies(), cc.stats().copies() + " vs " + sep.copies());
            assertTrue(cc.stats().adviceCells() < sep.adviceCells());
        });
    }

    @Test
    void thePlanSearchWeighsFusionOnlyWhereTheBackendLaysItOut() {
        Graph g = graph(new Random(3), Visibility.PRIVATE);
        FixedPointPlan plan = plan(g, 5);
        for (Backend b : List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable())) {
            PlanSearch.Plan p = SmallPlanSearch.on(g, plan, b);
            boolean weighed = p.layers().stream().anyMatch(d -> d.point().kind() == GadgetChoice.Kind.FUSE);
            assertEquals(b.capabilities(LayoutOptions.defaults()).fusedDotRescale(), weighed, b.name());
            boolean chosen = p.lowered().program().gadgets().stream().anyMatch(x -> x instanceof Gadget.DotRescale);
            assertFalse(chosen && !weighed, b.name());
        }
    }
}
