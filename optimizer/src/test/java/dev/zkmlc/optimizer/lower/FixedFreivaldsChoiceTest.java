package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
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
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Relu;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Freivalds choice for layers whose weights the circuit fixes ({@link GadgetChoice#FREIVALDS} with {@link
 * Visibility#FIXED} parameters): offered like the witnessed case; a gemm's fixed bias becomes one more matrix row
 * (times a constant 1), so no addition follows the check; the circuit agrees with the exact interpreter bit for bit and
 * passes the mock prover with far fewer copies than dot products; the plan search weighs it on halo2-style only.
 */
class FixedFreivaldsChoiceTest {

    /** x (1×40) -> gemm+bias (40×16) -> relu -> matmul (16×32) -> relu -> gemm+bias (32×3, too small to offer). */
    private static Graph graph(Random r, Visibility params) {
        RandomGraph g = new RandomGraph("mlp", "m.zk", r);
        GraphBuilder gb = g.builder;
        String x = gb.input("x", TensorType.floats(1, 40), Visibility.PRIVATE);
        String h1 = g.node(new Relu(), g.node(Gemm.plain(), x, g.weights("w1", 40, 16), g.weights("b1", 1, 16)));
        String h2 = g.node(new Relu(), g.node(new MatMul(), h1, g.weights("w2", 16, 32)));
        String y = g.node(Gemm.plain(), h2, g.weights("w3", 32, 3), g.weights("b3", 1, 3));
        gb.output(y, Visibility.PUBLIC);
        gb.parameterVisibility(params);
        return gb.build();
    }

    private static LoweringChoices freivalds(Graph g, FixedPointPlan plan) {
        LoweringChoices choices = LoweringChoices.defaults();
        for (ChoicePoint p : Lowering.lowerWith(g, plan, choices).choicePoints()) {
            if (p.kind() == GadgetChoice.Kind.MATMUL) {
                choices = choices.with(p, GadgetChoice.FREIVALDS);
            }
        }
        return choices;
    }

    @Test
    void fixedWeightLayersAreOfferedTheCheckAndAFixedBiasJoinsTheMatrix() {
        Graph g = graph(new Random(1), Visibility.FIXED);
        FixedPointPlan plan = RandomGraph.uniformPlan(g, 5);
        List<ChoicePoint> points = Lowering.lowerWith(g, plan, LoweringChoices.defaults()).choicePoints().stream()
                .filter(p -> p.kind() == GadgetChoice.Kind.MATMUL).toList();
        assertEquals(2, points.size(), points::toString);
        GadgetProgram program = Lowering.lowerWith(g, plan, freivalds(g, plan)).program();
        List<Gadget.MatMul> checks = program.gadgets().stream().filter(x -> x instanceof Gadget.MatMul)
                .map(x -> (Gadget.MatMul) x).toList();
        assertEquals(2, checks.size());
        // The gemm's bias is the matrix's 41st row, against a constant 1; the matmul has no bias.
        assertEquals(41, checks.get(0).n());
        assertEquals(16, checks.get(1).n());
        int one = checks.get(0).a()[40];
        assertTrue(program.isFixedConstant(one) && program.constantValue(one) == 1);
        for (Gadget.MatMul mm : checks) {
            for (int wire : mm.b()) {
                assertTrue(program.isFixedConstant(wire));
            }
        }
        assertTrue(program.gadgets().stream().noneMatch(x -> x instanceof Gadget.Linear), "no bias addition");
    }

    @Test
    void theCheckAgreesWithTheInterpreterWithFewerCopies() {
        qt().withExamples(6).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            Graph g = graph(r, Visibility.FIXED);
            FixedPointPlan plan = RandomGraph.uniformPlan(g, 3 + r.nextInt(6));
            GadgetProgram checked = Lowering.lowerWith(g, plan, freivalds(g, plan)).program();
            GadgetProgram dots = Lowering.lower(g, plan);
            LayoutOptions at = new LayoutOptions(6 + r.nextInt(11), 6 + r.nextInt(6), 0);
            CompiledCircuit cc = new Halo2StyleBackend().layout(checked, at);
            RandomGraph.assertCircuitAgreesWithInterpreter(g, plan, cc, r);
            assertEquals(cc.stats(), new Halo2StyleBackend().dryRun(checked, at));
            LayoutStats d = new Halo2StyleBackend().dryRun(dots, at);
            assertTrue(2 * cc.stats().copies() < d.copies(), cc.stats().copies() + " vs " + d.copies());
        });
    }

    @Test
    void thePlanSearchWeighsTheCheckOnlyWhereTheBackendLaysItOut() {
        Graph g = graph(new Random(3), Visibility.FIXED);
        FixedPointPlan plan = RandomGraph.uniformPlan(g, 5);
        FreivaldsChoiceTest.assertWeighedOnlyWithChallenges(g, plan);
    }
}
