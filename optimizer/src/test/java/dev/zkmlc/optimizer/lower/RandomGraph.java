package dev.zkmlc.optimizer.lower;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.op.Op;
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
}
