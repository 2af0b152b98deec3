package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
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
import dev.zkmlc.optimizer.lower.ChoicePoint;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import dev.zkmlc.prover.srs.DevSrs;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real proof of a dense layer whose weights the verifying key fixes, checked by Freivalds: relu(x·W + b) with x
 * 1×40 private and W (40×16), b fixed, lowered with {@link GadgetChoice#FREIVALDS} (W and b in the matrix columns of
 * the halo2-style layout, x one input per row), proved with a development SRS. The honest proof verifies with the
 * interpreter's output; a proof whose check output was changed, every other gate kept honest, does not; nor does
 * the honest proof with another output. (In this package for the cheating prover, {@link Prover#proveWithoutChecks}.)
 */
class FixedFreivaldsProofTest {
    private static final int S = 4;
    static Graph graph;
    static FixedPointPlan plan;
    static CompiledCircuit circuit;
    static Keys keys;
    static Map<String, long[]> inputs;

    @BeforeAll
    static void setup() {
        Random r = new Random(11);
        GraphBuilder gb = new GraphBuilder("dense");
        double[] w = new double[40 * 16];
        double[] b = new double[16];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble() * 2 - 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextDouble() * 2 - 1;
        }
        String x = gb.input("x", TensorType.floats(1, 40), Visibility.PRIVATE);
        String h = gb.node(Gemm.plain(), List.of(x, gb.initializer("w", new Tensor(Shape.of(40, 16), w)),
                gb.initializer("b", new Tensor(Shape.of(1, 16), b))), "fc", SourceLocation.of("d.zk", 1, 1));
        gb.output(gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("d.zk", 2, 1)), Visibility.PUBLIC);
        gb.parameterVisibility(Visibility.FIXED);
        graph = gb.build();
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : graph.types().keySet()) {
            scales.put(v, S);
        }
        plan = new FixedPointPlan(scales, S, 12, Map.of());
        List<ChoicePoint> points = Lowering.lowerWith(graph, plan, LoweringChoices.defaults()).choicePoints();
        ChoicePoint mm = points.stream().filter(p -> p.kind() == GadgetChoice.Kind.MATMUL).findFirst().orElseThrow();
        GadgetProgram program = Lowering.lowerWith(graph, plan, LoweringChoices.defaults().with(mm, GadgetChoice.FREIVALDS))
                .program();
        assertTrue(program.gadgets().stream().anyMatch(g -> g instanceof Gadget.MatMul));
        circuit = new Halo2StyleBackend().layout(program, new LayoutOptions(8, 8, 0));
        int k = circuit.constraintSystem().k();
        keys = Setup.run(circuit.constraintSystem(), DevSrs.generate((1 << k) + 1, DevSrs.tau(5)));
        long[] xv = new long[40];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = r.nextInt(129) - 64;
        }
        inputs = Map.of("x", xv);
    }

    @Test
    void anHonestProofVerifiesWithTheInterpretersOutput() {
        CompiledCircuit.WitnessResult w = circuit.witness(inputs);
        MockProver.assertSatisfied(circuit.constraintSystem(), w.witness());
        Map<String, FixedTensor> spec = FixedPointInterpreter.runAllQuantized(graph, plan,
                Map.of("x", new FixedTensor(Shape.of(1, 40), S, inputs.get("x"))));
        String out = graph.outputs().get(0).name();
        assertArrayEquals(spec.get(out).toArray(), w.outputs().get(out));
        Proof proof = Prover.prove(keys.pk(), circuit.phased(w), new SecureRandom());
        assertEquals(new Verifier.Verdict(true, "accepted"), Verifier.check(keys.vk(), proof, proof.instances()));
        MatMulTampering.assertOtherOutputRejected(keys.vk(), proof);
    }

    @Test
    void aProofOfATamperedProductIsRejected() {
        MatMulTampering.assertUnprovableAndRejected(keys, circuit,
                MatMulTampering.withMatMulOutputChanged(circuit, inputs, 5, 1 << S));
    }
}
