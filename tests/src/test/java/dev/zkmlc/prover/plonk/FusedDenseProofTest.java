package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.PhasedWitness;
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
 * A real proof of a model whose dense layers use the fused gate ({@link GadgetChoice#FUSED}): relu(x·w1 + b1)·w2 + b2
 * with x public (1×16) and private weights, both layers fused (the first with its relu), laid out halo2-style at
 * W = 8 and proved with a development SRS. The honest proof verifies with the interpreter's output; a witness that
 * claims another hidden activation (the first layer's fused relu output, everything after it recomputed) is refused
 * by the prover's checks, and a proof made without them does not verify.
 */
class FusedDenseProofTest {
    private static final int S = 6;
    static Graph graph;
    static FixedPointPlan plan;
    static CompiledCircuit circuit;
    static Keys keys;
    static Map<String, long[]> inputs;

    private static String weights(GraphBuilder gb, Random r, String name, int... dims) {
        Shape sh = Shape.of(dims);
        double[] v = new double[sh.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return gb.initializer(name, new Tensor(sh, v));
    }

    @BeforeAll
    static void setup() {
        Random r = new Random(5);
        GraphBuilder gb = new GraphBuilder("mlp");
        String x = gb.input("x", TensorType.floats(1, 16), Visibility.PUBLIC);
        String h = gb.node(Gemm.plain(), List.of(x, weights(gb, r, "w1", 16, 8), weights(gb, r, "b1", 1, 8)), "fc1",
                SourceLocation.of("m.zk", 1, 1));
        h = gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("m.zk", 2, 1));
        String y = gb.node(Gemm.plain(), List.of(h, weights(gb, r, "w2", 8, 4), weights(gb, r, "b2", 1, 4)), "fc2",
                SourceLocation.of("m.zk", 3, 1));
        gb.output(y, Visibility.PUBLIC);
        graph = gb.build();
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : graph.types().keySet()) {
            scales.put(v, S);
        }
        plan = new FixedPointPlan(scales, S, 16, Map.of());
        LoweringChoices fused = LoweringChoices.defaults();
        for (ChoicePoint p : Lowering.lowerWith(graph, plan, fused).choicePoints()) {
            if (p.kind() == GadgetChoice.Kind.FUSE) {
                fused = fused.with(p, GadgetChoice.FUSED);
            }
        }
        GadgetProgram program = Lowering.lowerWith(graph, plan, fused).program();
        assertEquals(List.of(true, false), program.gadgets().stream().filter(g -> g instanceof Gadget.DotRescale)
                .map(g -> ((Gadget.DotRescale) g).relu()).toList());
        circuit = new Halo2StyleBackend().layout(program, new LayoutOptions(8, 8, 0));
        int k = circuit.constraintSystem().k();
        keys = Setup.run(circuit.constraintSystem(), DevSrs.generate((1 << k) + 1, DevSrs.tau(5)));
        long[] xv = new long[16];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = r.nextInt(257) - 128;
        }
        inputs = Map.of("x", xv);
    }

    @Test
    void anHonestProofVerifiesWithTheInterpretersOutput() {
        CompiledCircuit.WitnessResult w = circuit.witness(inputs);
        MockProver.assertSatisfied(circuit.constraintSystem(), w.witness());
        Map<String, FixedTensor> spec = FixedPointInterpreter.runAllQuantized(graph, plan,
                Map.of("x", new FixedTensor(Shape.of(1, 16), S, inputs.get("x"))));
        String out = graph.outputs().get(0).name();
        assertArrayEquals(spec.get(out).toArray(), w.outputs().get(out));
        Proof proof = Prover.prove(keys.pk(), circuit.phased(w), new SecureRandom());
        assertEquals(new Verifier.Verdict(true, "accepted"), Verifier.check(keys.vk(), proof, proof.instances()));
    }

    @Test
    void aProofOfAnotherHiddenActivationIsRejected() {
        long[] wires = circuit.program().evaluate(inputs);
        long[] honest = wires.clone();
        Gadget.DotRescale first = (Gadget.DotRescale) circuit.program().gadgets().stream()
                .filter(g -> g instanceof Gadget.DotRescale).findFirst().orElseThrow();
        wires[first.out()[3]] += 1;
        // The second layer recomputed from the changed activation, so that only the first layer's fused rows object.
        for (Gadget g : circuit.program().gadgets()) {
            if (g != first && !(g instanceof Gadget.RangeCheck)) {
                boolean downstream = false;
                for (int in : g.inputs()) {
                    downstream |= wires[in] != honest[in];
                }
                if (downstream) {
                    g.evaluate(wires, circuit.program().tables());
                }
            }
        }
        // The public values the cheating witness claims: the input and the recomputed output.
        long[] instance = new long[circuit.publicValues().size()];
        for (CompiledCircuit.PublicValue pv : circuit.publicValues()) {
            instance[pv.row()] = wires[pv.wire()];
        }
        PhasedWitness cheat = circuit.phased(new CompiledCircuit.WitnessResult(circuit.fillWitness(wires), Map.of(),
                instance));
        assertThrows(ProverException.class, () -> Prover.prove(keys.pk(), cheat, new SecureRandom()));
        Proof p = Prover.proveWithoutChecks(keys.pk(), cheat, new SecureRandom());
        Verifier.Verdict v = Verifier.check(keys.vk(), p, p.instances());
        assertFalse(v.accepted());
        assertFalse(v.reason().startsWith("verifier error"), v.reason());
    }
}
