package dev.zkmlc.prover.plonk;


import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.optimizer.lower.GadgetChoice;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real proof of a model that uses the Freivalds check: relu(x·y) with x 8×16 public and y 16×8 private
 * (activations times activations), lowered with {@link GadgetChoice#FREIVALDS}, laid out halo2-style, proved
 * with a development SRS. The honest proof verifies with the interpreter's output; a proof whose C (the matmul
 * result) was changed, every other gate kept honest, does not; nor does the honest proof with another output.
 * (In this package for the cheating prover, {@link Prover#proveWithoutChecks}.)
 */
class FreivaldsProofTest {
    private static final int S = 4;
    static Graph graph;
    static FixedPointPlan plan;
    static CompiledCircuit circuit;
    static Keys keys;
    static Map<String, long[]> inputs;

    @BeforeAll
    static void setup() {
        GraphBuilder gb = new GraphBuilder("attn");
        String x = gb.input("x", TensorType.floats(8, 16), Visibility.PUBLIC);
        String y = gb.input("y", TensorType.floats(16, 8), Visibility.PRIVATE);
        String h = gb.node(new MatMul(), List.of(x, y), "scores", SourceLocation.of("a.zk", 1, 1));
        gb.output(gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("a.zk", 2, 1)), Visibility.PUBLIC);
        graph = gb.build();
        plan = DenseLayerFixture.plan(graph, S, 12);
        GadgetProgram program = DenseLayerFixture.freivaldsProgram(graph, plan);
        circuit = new Halo2StyleBackend().layout(program, new LayoutOptions(8, 8, 0));
        keys = DenseLayerFixture.devKeys(circuit);
        Random r = new Random(11);
        long[] xv = new long[8 * 16];
        long[] yv = new long[16 * 8];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = r.nextInt(129) - 64;
            yv[i] = r.nextInt(129) - 64;
        }
        inputs = Map.of("x", xv, "y", yv);
    }

    @Test
    void anHonestProofVerifiesWithTheInterpretersOutput() {
        Proof proof = DenseLayerFixture.assertHonestProofVerifies(graph, plan, S, circuit, keys, inputs);
        MatMulTampering.assertOtherOutputRejected(keys.vk(), proof);
    }

    @Test
    void aProofOfATamperedProductIsRejected() {
        MatMulTampering.assertUnprovableAndRejected(keys, circuit,
                MatMulTampering.withMatMulOutputChanged(circuit, inputs, 5, 1));
    }
}
