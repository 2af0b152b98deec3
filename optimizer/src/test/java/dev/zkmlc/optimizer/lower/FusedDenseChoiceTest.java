package dev.zkmlc.optimizer.lower;

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
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.optimizer.search.PlanSearch;
import java.util.List;
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
        RandomGraph g = new RandomGraph("dense", "d.zk", r);
        GraphBuilder gb = g.builder;
        String x = gb.input("x", TensorType.floats(1, 12), Visibility.PRIVATE);
        String h1 = g.node(new Relu(), g.node(Gemm.plain(), x, g.weights("w1", 12, 7), g.weights("b1", 1, 7)));
        String h2 = g.node(new Relu(), g.node(new MatMul(), h1, g.weights("w2", 7, 5)));
        String y = g.node(Gemm.plain(), h2, g.weights("w3", 5, 3), g.weights("b3", 1, 3));
        String img = gb.input("img", TensorType.floats(1, 2, 5, 5), Visibility.PUBLIC);
        String c = g.node(new Relu(), g.node(new Conv(List.of(1, 1), List.of(1, 1, 1, 1),
                List.of(1, 1), 1), img, g.weights("k", 3, 2, 3, 3), g.weights("kb", 3)));
        String shared = g.node(Gemm.plain(), x, g.weights("w4", 12, 4), g.weights("b4", 1, 4));
        String z = g.node(new Add(), g.node(new Relu(), shared), shared);
        gb.output(y, Visibility.PUBLIC);
        gb.output(c, Visibility.PUBLIC);
        gb.output(z, Visibility.PRIVATE);
        gb.parameterVisibility(params);
        return gb.build();
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
        FixedPointPlan plan = RandomGraph.uniformPlan(g, 5);
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
            FixedPointPlan plan = RandomGraph.uniformPlan(g, 3 + r.nextInt(6));
            GadgetProgram fused = Lowering.lowerWith(g, plan, everyLayer(g, plan, GadgetChoice.FUSED)).program();
            GadgetProgram separate = Lowering.lower(g, plan);
            LayoutOptions at = new LayoutOptions(6 + r.nextInt(11), 6 + r.nextInt(6), 0);
            CompiledCircuit cc = new Halo2StyleBackend().layout(fused, at);
            RandomGraph.assertCircuitAgreesWithInterpreter(g, plan, cc, r);
            assertEquals(cc.stats(), new Halo2StyleBackend().dryRun(fused, at));
            LayoutStats sep = new Halo2StyleBackend().dryRun(separate, at);
            assertTrue(cc.stats().copies() < sep.copies(), cc.stats().copies() + " vs " + sep.copies());
            assertTrue(cc.stats().adviceCells() < sep.adviceCells());
        });
    }

    @Test
    void thePlanSearchWeighsFusionOnlyWhereTheBackendLaysItOut() {
        Graph g = graph(new Random(3), Visibility.PRIVATE);
        FixedPointPlan plan = RandomGraph.uniformPlan(g, 5);
        for (Backend b : List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable())) {
            PlanSearch.Plan p = SmallPlanSearch.on(g, plan, b);
            boolean weighed = p.layers().stream().anyMatch(d -> d.point().kind() == GadgetChoice.Kind.FUSE);
            assertEquals(b.capabilities(LayoutOptions.defaults()).fusedDotRescale(), weighed, b.name());
            boolean chosen = p.lowered().program().gadgets().stream().anyMatch(x -> x instanceof Gadget.DotRescale);
            assertFalse(chosen && !weighed, b.name());
        }
    }
}
