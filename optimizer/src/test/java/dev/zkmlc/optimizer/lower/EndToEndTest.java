package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
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
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.optimizer.quant.QuantizeOptions;
import dev.zkmlc.optimizer.quant.Quantizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The whole path for a tiny MLP: float graph, quantize, lower, lay out, witness, mock prover. */
class EndToEndTest {
    private static Tensor random(Random r, int... dims) {
        Shape s = Shape.of(dims);
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * 0.5;
        }
        return new Tensor(s, v);
    }

    private static Graph mlp(Random r) {
        GraphBuilder gb = new GraphBuilder("mlp");
        String x = gb.input("x", TensorType.floats(1, 8), Visibility.PRIVATE);
        String h = gb.node(Gemm.plain(), List.of(x, gb.initializer("w1", random(r, 8, 16)),
                gb.initializer("b1", random(r, 1, 16))), "dense1", SourceLocation.of("mlp.zk", 3, 5));
        h = gb.node(new Relu(), List.of(h), "relu", SourceLocation.of("mlp.zk", 4, 5));
        h = gb.node(Gemm.plain(), List.of(h, gb.initializer("w2", random(r, 16, 4)),
                gb.initializer("b2", random(r, 1, 4))), "dense2", SourceLocation.of("mlp.zk", 5, 5));
        String y = gb.node(new Sigmoid(), List.of(h), "sigmoid", SourceLocation.of("mlp.zk", 6, 5));
        gb.output(y, Visibility.PUBLIC);
        gb.parameterVisibility(Visibility.FIXED);
        return gb.build();
    }

    @Test
    void tinyMlpProvesAndMatchesTheExactInterpreter() {
        Random r = new Random(7);
        Graph g = mlp(r);
        List<Map<String, Tensor>> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            samples.add(Map.of("x", random(r, 1, 8)));
        }
        FixedPointPlan plan = Quantizer.quantize(g,
                QuantizeOptions.defaults(QuantizeOptions.Target.RESOURCES).withCalibration(samples));
        GadgetProgram program = Lowering.lower(g, plan);
        LayoutOptions options = LayoutOptions.defaults();
        CompiledCircuit cc = new Halo2StyleBackend().layout(program, options);
        assertEquals(cc.stats(), new Halo2StyleBackend().dryRun(program, options));
        for (Map<String, Tensor> sample : samples) {
            long[] qx = FixedTensor.quantize(sample.get("x"), plan.scale("x")).toArray();
            CompiledCircuit.WitnessResult res = cc.witness(Map.of("x", qx));
            assertEquals(List.of(), MockProver.check(cc.constraintSystem(), res.witness(), 3));
            FixedTensor expected = FixedPointInterpreter.run(g, plan, sample).get(g.outputs().get(0).name());
            assertArrayEquals(expected.toArray(), res.outputs().get(g.outputs().get(0).name()));
            assertArrayEquals(expected.toArray(), res.instance(), "the public values are the output");
        }
        LayoutStats st = cc.stats();
        assertTrue(st.lookups() > 0 && st.copies() > 0 && st.k() >= 8, st.toString());
    }
}
