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
import dev.zkmlc.ir.Input;
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

/**
 * The dense layer the Freivalds proof tests prove, relu(x·W + b) with x 1×40 private and W (40×16), b drawn from seed
 * 11 at scale {@link #S}, lowered with {@link GadgetChoice#FREIVALDS}, laid out halo2-style at W = 8 with an 8-bit table
 * and keyed with a development SRS; and the steps of it the other proof tests share (the plan, the Freivalds lowering,
 * the keys, the honest proof checked against the interpreter).
 */
record DenseLayerFixture(Graph graph, FixedPointPlan plan, CompiledCircuit circuit, Keys keys,
        Map<String, long[]> inputs) {
    static final int S = 4;

    /** The layer with W and b of that visibility, and x drawn after them from the same seed. */
    static DenseLayerFixture build(Visibility parameters) {
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
        gb.parameterVisibility(parameters);
        Graph graph = gb.build();
        FixedPointPlan plan = plan(graph, S, 12);
        GadgetProgram program = freivaldsProgram(graph, plan);
        CompiledCircuit circuit = new Halo2StyleBackend().layout(program, new LayoutOptions(8, 8, 0));
        Keys keys = devKeys(circuit);
        long[] xv = new long[40];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = r.nextInt(129) - 64;
        }
        return new DenseLayerFixture(graph, plan, circuit, keys, Map.of("x", xv));
    }

    /** Every value of the graph at scale {@code s}, with that many bits. */
    static FixedPointPlan plan(Graph graph, int s, int bits) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : graph.types().keySet()) {
            scales.put(v, s);
        }
        return new FixedPointPlan(scales, s, bits, Map.of());
    }

    /** The graph lowered with its first matmul checked by Freivalds, which the program keeps as a matmul gadget. */
    static GadgetProgram freivaldsProgram(Graph graph, FixedPointPlan plan) {
        List<ChoicePoint> points = Lowering.lowerWith(graph, plan, LoweringChoices.defaults()).choicePoints();
        ChoicePoint mm = points.stream().filter(p -> p.kind() == GadgetChoice.Kind.MATMUL).findFirst().orElseThrow();
        GadgetProgram program = Lowering.lowerWith(graph, plan, LoweringChoices.defaults().with(mm, GadgetChoice.FREIVALDS))
                .program();
        assertTrue(program.gadgets().stream().anyMatch(g -> g instanceof Gadget.MatMul));
        return program;
    }

    /** Keys for the circuit from a development SRS just large enough for it. */
    static Keys devKeys(CompiledCircuit circuit) {
        int k = circuit.constraintSystem().k();
        return Setup.run(circuit.constraintSystem(), DevSrs.generate((1 << k) + 1, DevSrs.tau(5)));
    }

    /**
     * The honest witness satisfies the circuit, its first output is the interpreter's (every input quantized at
     * {@code s}), and its proof verifies; the proof is returned.
     */
    static Proof assertHonestProofVerifies(Graph graph, FixedPointPlan plan, int s, CompiledCircuit circuit, Keys keys,
            Map<String, long[]> inputs) {
        CompiledCircuit.WitnessResult w = circuit.witness(inputs);
        MockProver.assertSatisfied(circuit.constraintSystem(), w.witness());
        Map<String, FixedTensor> quantized = new LinkedHashMap<>();
        for (Input in : graph.inputs()) {
            quantized.put(in.name(), new FixedTensor(in.type().shape(), s, inputs.get(in.name())));
        }
        Map<String, FixedTensor> spec = FixedPointInterpreter.runAllQuantized(graph, plan, quantized);
        String out = graph.outputs().get(0).name();
        assertArrayEquals(spec.get(out).toArray(), w.outputs().get(out));
        Proof proof = Prover.prove(keys.pk(), circuit.phased(w), new SecureRandom());
        assertEquals(new Verifier.Verdict(true, "accepted"), Verifier.check(keys.vk(), proof, proof.instances()));
        return proof;
    }

    /** {@link #assertHonestProofVerifies(Graph, FixedPointPlan, int, CompiledCircuit, Keys, Map)} for this layer. */
    Proof assertHonestProofVerifies() {
        return assertHonestProofVerifies(graph, plan, S, circuit, keys, inputs);
    }
}
