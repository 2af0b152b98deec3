package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.op.Op;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A test graph under construction: weights drawn uniformly from [-1, 1), each node on the next line of a made-up
 * source file (so that every gadget has an origin of its own).
 */
final class RandomGraph {
    final GraphBuilder builder;
    private final Random rnd;
    private final String file;
    private int line = 1;

    RandomGraph(String name, String file, Random rnd) {
        this.builder = new GraphBuilder(name);
        this.file = file;
        this.rnd = rnd;
    }

    /** An initializer of the given shape, with random values. */
    String weights(String name, int... dims) {
        Shape sh = Shape.of(dims);
        double[] v = new double[sh.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextDouble() * 2 - 1;
        }
        return builder.initializer(name, new Tensor(sh, v));
    }

    /** A node applying {@code op} to {@code args}; returns its output. */
    String node(Op op, String... args) {
        return builder.node(op, List.of(args), op.opName(), SourceLocation.of(file, line++, 1));
    }

    /** Every value of {@code g} at scale 2^-s, activations bounded to 16 bits. */
    static FixedPointPlan uniformPlan(Graph g, int s) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        for (String v : g.types().keySet()) {
            scales.put(v, s);
        }
        return new FixedPointPlan(scales, s, 16, Map.of());
    }

    /**
     * Draws every input of {@code g} from [-2, 2) at its scale, and checks that the circuit's honest witness satisfies
     * it and gives the interpreter's outputs bit for bit.
     */
    static void assertCircuitAgreesWithInterpreter(Graph g, FixedPointPlan plan, CompiledCircuit cc, Random r) {
        Map<String, long[]> in = new HashMap<>();
        Map<String, FixedTensor> fin = new HashMap<>();
        for (Input i : g.inputs()) {
            Shape sh = i.type().shape();
            long[] v = new long[sh.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = r.nextInt(4 << plan.scale(i.name())) - (2L << plan.scale(i.name()));
            }
            in.put(i.name(), v);
            fin.put(i.name(), new FixedTensor(sh, plan.scale(i.name()), v));
        }
        Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan, fin);
        CompiledCircuit.WitnessResult res = cc.witness(in);
        MockProver.assertSatisfied(cc.constraintSystem(), res.witness());
        for (Output o : g.outputs()) {
            assertArrayEquals(expected.get(o.name()).toArray(), res.outputs().get(o.name()), o.name());
        }
    }
}
