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
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.optimizer.search.PlanSearch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Freivalds choice ({@link GadgetChoice#FREIVALDS}) on an activations-times-activations matmul (x: 16×32
 * public, y: 32×16 private, as attention's Q·K^T) followed by a relu: it is offered, lowers to one
 * {@link Gadget.MatMul}, agrees with the exact interpreter bit for bit, passes the mock prover, takes far
 * fewer rows than dot products, and the plan search weighs it on halo2-style only.
 */
class FreivaldsChoiceTest {
    private static final int S = 4;
    private static final int M = 16;
    private static final int K = 32;
    private static final int N = 16;

    private static Graph graph() {
        GraphBuilder gb = new GraphBuilder("attn");
        String x = gb.input("x", TensorType.floats(M, K), Visibility.PUBLIC);
        String y = gb.input("y", TensorType.floats(K, N), Visibility.PRIVATE);
        String h = gb.node(new MatMul(), List.of(x, y), "scores", SourceLocation.of("a.zk", 1, 1));
        String o = gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("a.zk", 2, 1));
        gb.output(o, Visibility.PUBLIC);
        return gb.build();
    }

    private static FixedPointPlan plan(Graph g) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, S);
        }
        return new FixedPointPlan(scales, S, 16, Map.of());
    }

    private static Lowered lowered(Graph g, FixedPointPlan plan, GadgetChoice c) {
        ChoicePoint p = matmulPoint(Lowering.lowerWith(g, plan, LoweringChoices.defaults()).choicePoints());
        return Lowering.lowerWith(g, plan, LoweringChoices.defaults().with(p, c));
    }

    private static ChoicePoint matmulPoint(List<ChoicePoint> points) {
        return points.stream().filter(p -> p.kind() == GadgetChoice.Kind.MATMUL).findFirst().orElseThrow();
    }

    /**
     * Values in [-127, 127]: a product of K = 32 terms then stays within the plan's 16-bit activation bound
     * (127²·32 / 2^S = 32,258), so every draw is a valid input; with [-256, 255] some draws left the compiled range.
     */
    private static long[] randoms(Random r, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(255) - 127;
        }
        return v;
    }

    @Test
    void aWitnessedMatmulIsOfferedTheFreivaldsCheck() {
        Graph g = graph();
        ChoicePoint p = matmulPoint(Lowering.lowerWith(g, plan(g), LoweringChoices.defaults()).choicePoints());
        assertEquals("scores", p.node());
        assertEquals(List.of(GadgetChoice.DOT_PRODUCTS, GadgetChoice.FREIVALDS), p.options());
        GadgetProgram f = lowered(g, plan(g), GadgetChoice.FREIVALDS).program();
        assertEquals(1, f.gadgets().stream().filter(x -> x instanceof Gadget.MatMul).count());
        GadgetProgram d = lowered(g, plan(g), GadgetChoice.DOT_PRODUCTS).program();
        assertEquals(0, d.gadgets().stream().filter(x -> x instanceof Gadget.MatMul).count());
    }

    @Test
    void freivaldsAgreesWithTheInterpreterInFewerRows() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        GadgetProgram f = lowered(g, plan, GadgetChoice.FREIVALDS).program();
        LayoutOptions at = new LayoutOptions(12, 8, 0);
        CompiledCircuit cc = new Halo2StyleBackend().layout(f, at);
        qt().withExamples(4).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            long[] x = randoms(r, M * K);
            long[] y = randoms(r, K * N);
            Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan,
                    Map.of("x", new FixedTensor(Shape.of(M, K), S, x), "y", new FixedTensor(Shape.of(K, N), S, y)));
            CompiledCircuit.WitnessResult res = cc.witness(Map.of("x", x, "y", y));
            MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
            String out = g.outputs().get(0).name();
            assertArrayEquals(expected.get(out).toArray(), res.outputs().get(out));
        });
        Halo2StyleBackend h = new Halo2StyleBackend();
        LayoutStats fs = h.dryRun(f, at);
        CompiledCircuit dots = h.layout(lowered(g, plan, GadgetChoice.DOT_PRODUCTS).program(), at);
        assertEquals(fs, cc.stats());
        assertTrue(fs.usedRows() < dots.stats().usedRows());
        // The matmul alone: 32·(2 + 2) + 16·2 rows against 256 dot products of 32 terms, 5 pairs a row.
        int matmulRows = rows(cc, "freivalds");
        assertEquals(160, matmulRows);
        assertTrue(8 * matmulRows < rows(dots, "dot"), matmulRows + " vs " + rows(dots, "dot"));
    }

    private static int rows(CompiledCircuit cc, String region) {
        return cc.constraintSystem().regions().stream().filter(r -> r.name().equals(region))
                .mapToInt(dev.zkmlc.circuit.cs.Region::rowCount).sum();
    }

    @Test
    void thePlanSearchWeighsFreivaldsOnlyWhereTheBackendHasChallenges() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        assertWeighedOnlyWithChallenges(g, plan);
    }

    /**
     * The plan search weighs a matmul's Freivalds check on the backends whose capabilities include challenges and on no
     * other, and never chooses it unweighed (halo2-style has them, the PLONK backend not).
     */
    static void assertWeighedOnlyWithChallenges(Graph g, FixedPointPlan plan) {
        for (Backend b : List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable())) {
            PlanSearch.Plan p = SmallPlanSearch.on(g, plan, b);
            boolean weighed = p.layers().stream().anyMatch(d -> d.point().kind() == GadgetChoice.Kind.MATMUL);
            assertEquals(b.capabilities(LayoutOptions.defaults()).challenges(), weighed, b.name());
            boolean chosen = p.lowered().program().gadgets().stream().anyMatch(x -> x instanceof Gadget.MatMul);
            assertFalse(chosen && !weighed, b.name());
        }
    }
}
