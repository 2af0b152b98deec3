package dev.zkmlc.prover.plonk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.PhasedWitness;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.optimizer.lower.ChoicePoint;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import dev.zkmlc.optimizer.lower.Lowering;
import dev.zkmlc.optimizer.lower.LoweringChoices;
import java.security.SecureRandom;
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
        plan = DenseLayerFixture.plan(graph, S, 16);
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
        keys = DenseLayerFixture.devKeys(circuit);
        long[] xv = new long[16];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = r.nextInt(257) - 128;
        }
        inputs = Map.of("x", xv);
    }

    @Test
    void anHonestProofVerifiesWithTheInterpretersOutput() {
        DenseLayerFixture.assertHonestProofVerifies(graph, plan, S, circuit, keys, inputs);
    }

    @Test
    void aProofOfAnotherHiddenActivationIsRejected() {
        Gadget.DotRescale first = (Gadget.DotRescale) circuit.program().gadgets().stream()
                .filter(g -> g instanceof Gadget.DotRescale).findFirst().orElseThrow();
        int changed = first.out()[3];
        // The second layer recomputed from the changed activation, so that only the first layer's fused rows object.
        long[] wires = MatMulTampering.withWireSet(circuit, inputs, changed,
                circuit.program().evaluate(inputs)[changed] + 1);
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
