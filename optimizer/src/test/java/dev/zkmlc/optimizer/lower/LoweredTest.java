package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.backend.plonk.PlonkBackend;
import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.GadgetPrinter;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Sigmoid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Lowered#with}: a flip of a layer's range layout, range base or dot layout re-annotates the program the plan
 * search already has, and that must be exactly what lowering the graph again gives (same gadgets, same per-gadget
 * layouts, same dry runs), from every starting choice; a flip that changes gadgets (a table, a fused layer) is left
 * to lowering.
 */
class LoweredTest {
    private static final int S = 6;
    private static final List<Backend> BACKENDS = List.of(new Halo2StyleBackend(), PlonkBackend.withLookupTable());

    private static Graph graph() {
        GraphBuilder gb = new GraphBuilder("t");
        String x = gb.input("x", TensorType.floats(1, 6), Visibility.PUBLIC);
        Random r = new Random(11);
        double[] w1 = new double[30];
        double[] w2 = new double[20];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = r.nextDouble() * 2 - 1;
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = r.nextDouble() * 2 - 1;
        }
        String h = gb.node(Gemm.plain(), List.of(x, gb.initializer("w1", new Tensor(Shape.of(6, 5), w1))), "fc1",
                SourceLocation.of("t.zk", 1, 1));
        String a = gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("t.zk", 2, 1));
        String o = gb.node(Gemm.plain(), List.of(a, gb.initializer("w2", new Tensor(Shape.of(5, 4), w2))), "fc2",
                SourceLocation.of("t.zk", 3, 1));
        String y = gb.node(new Sigmoid(), List.of(o), "sig", SourceLocation.of("t.zk", 4, 1));
        gb.output(y, Visibility.PUBLIC);
        gb.parameterVisibility(Visibility.PRIVATE);
        return gb.build();
    }

    private static FixedPointPlan plan(Graph g) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, S);
        }
        return new FixedPointPlan(scales, S, 20, Map.of(g.outputs().get(0).name(), new TableSpec(-(8L << S), 8L << S, S, S)));
    }

    /** The program as text plus every gadget's layouts: equal programs give equal strings. */
    private static String describe(GadgetProgram p) {
        StringBuilder sb = new StringBuilder(GadgetPrinter.print(p));
        for (int i = 0; i < p.gadgets().size(); i++) {
            sb.append(i).append(' ').append(p.rangeLayout(i)).append(' ').append(p.rangeBase(i)).append(' ')
                    .append(p.dotLayout(i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void everyLayoutFlipFromEveryStartIsWhatLoweringAgainGives() {
        Graph g = graph();
        FixedPointPlan plan = plan(g);
        List<ChoicePoint> points = Lowering.lowerWith(g, plan, LoweringChoices.defaults()).choicePoints();
        // Starts: the defaults, and every layer's alternative (packed, in bits, side by side, trimmed; not fused,
        // which PLONK cannot lay out).
        LoweringChoices alternatives = LoweringChoices.defaults();
        for (ChoicePoint cp : points) {
            if (cp.kind() != GadgetChoice.Kind.FUSE) {
                alternatives = alternatives.with(cp, cp.options().get(cp.options().size() - 1));
            }
        }
        int flips = 0;
        for (LoweringChoices start : List.of(LoweringChoices.defaults(), alternatives)) {
            Lowered current = Lowering.lowerWith(g, plan, start);
            for (ChoicePoint cp : points) {
                for (GadgetChoice option : cp.options()) {
                    Lowered flipped = current.with(cp, option);
                    if (cp.kind() != GadgetChoice.Kind.RANGE && cp.kind() != GadgetChoice.Kind.BASE
                            && cp.kind() != GadgetChoice.Kind.DOT) {
                        assertNull(flipped, cp.key());
                        continue;
                    }
                    assertNotNull(flipped, cp.key());
                    Lowered again = Lowering.lowerWith(g, plan, start.with(cp, option));
                    assertEquals(again.choices(), flipped.choices());
                    assertEquals(again.choicePoints(), flipped.choicePoints());
                    assertEquals(describe(again.program()), describe(flipped.program()), cp.key() + " " + option);
                    for (Backend b : BACKENDS) {
                        LayoutOptions at = new LayoutOptions(10, 8, 0);
                        assertEquals(b.dryRun(again.program(), at), b.dryRun(flipped.program(), at),
                                b.name() + " " + cp.key() + " " + option);
                    }
                    flips++;
                }
            }
        }
        assertTrue(flips >= 12, "flips checked: " + flips);
    }
}
