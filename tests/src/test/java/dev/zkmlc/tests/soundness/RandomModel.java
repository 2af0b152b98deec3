package dev.zkmlc.tests.soundness;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Flatten;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random well-formed model built from a list of integers (its genome) and a seed.
 *
 * <p>The genome decides the structure: its first gene the input's shape and the scale, each
 * further gene one layer (the gene modulo the number of layer kinds picks the kind, the quotient
 * its parameters). The seed only decides weights, input values and visibilities. QuickTheories
 * shrinks a failing genome by dropping and lowering genes, so a failure shrinks to a short chain of
 * small layers.
 *
 * @param graph the float graph (every node has a source location {@code gen.zk:LINE:1}, one line per gene)
 * @param plan its fixed-point plan: one scale everywhere, a lookup table per nonlinearity
 * @param inputs quantized input values, by input name
 * @param description the layers in order, for failure messages
 */
record RandomModel(Graph graph, FixedPointPlan plan, Map<String, long[]> inputs, String description) {
    static final int KINDS = 10;
    /** Table nonlinearities see inputs clipped to [-CLIP, CLIP], so the honest witness stays in range. */
    private static final double CLIP = 4;

    @Override
    public String toString() {
        return description;
    }

    static RandomModel of(List<Integer> genome, long seed) {
        return new Builder(genome, seed).build();
    }

    /** A value of the graph under construction: its name and shape. */
    private record Value(String name, int[] dims) {
        boolean is4d() {
            return dims.length == 4;
        }

        int size() {
            return Shape.of(dims).size();
        }
    }

    private static final class Builder {
        private final List<Integer> genome;
        private final Random r;
        private final GraphBuilder gb = new GraphBuilder("gen");
        private final Map<String, TableSpec> tables = new LinkedHashMap<>();
        private final List<Value> values = new ArrayList<>();
        private final StringBuilder desc = new StringBuilder();
        private final int scale;
        private int line = 1;
        private int params;

        Builder(List<Integer> genome, long seed) {
            this.genome = genome.isEmpty() ? List.of(0) : genome;
            this.r = new Random(seed);
            this.scale = 2 + Math.floorMod(this.genome.get(0) / 2, 5);
        }

        RandomModel build() {
            int g0 = Math.floorMod(genome.get(0), 1 << 20);
            int[] dims = g0 % 2 == 0
                    ? new int[] {1, 1 + (g0 / 16) % 2, 2 + (g0 / 32) % 3, 2 + (g0 / 96) % 3}
                    : new int[] {1, 1 + (g0 / 16) % 6};
            Visibility inVis = r.nextBoolean() ? Visibility.PUBLIC : Visibility.PRIVATE;
            String x = gb.input("x", TensorType.floats(dims), inVis);
            desc.append("input x").append(Arrays.toString(dims)).append(' ').append(inVis).append(" scale ").append(scale);
            Value cur = new Value(x, dims);
            values.add(cur);
            for (int i = 1; i < genome.size(); i++) {
                int gene = Math.floorMod(genome.get(i), 1 << 20);
                cur = layer(cur, gene % KINDS, gene / KINDS);
                values.add(cur);
            }
            Visibility outVis = r.nextBoolean() ? Visibility.PUBLIC : Visibility.PRIVATE;
            gb.output(cur.name(), outVis);
            desc.append("\noutput ").append(cur.name()).append(' ').append(outVis);
            if (values.size() > 2 && r.nextBoolean()) {
                // A second output taken from the middle of the chain: the DAG then has two sinks.
                Value mid = values.get(1 + r.nextInt(values.size() - 2));
                if (!mid.name().equals(cur.name())) {
                    gb.output(mid.name(), Visibility.PUBLIC);
                    desc.append("\noutput ").append(mid.name()).append(" PUBLIC");
                }
            }
            Visibility paramVis = r.nextBoolean() ? Visibility.FIXED : Visibility.PRIVATE;
            gb.parameterVisibility(paramVis);
            desc.append("\nparameters ").append(paramVis);
            Graph g = gb.build();
            Map<String, Integer> scales = new LinkedHashMap<>();
            for (String v : g.types().keySet()) {
                scales.put(v, scale);
            }
            FixedPointPlan plan = new FixedPointPlan(scales, scale, 20, tables);
            long lim = 2L << scale;
            long[] in = new long[Shape.of(dims).size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = -lim + (long) (r.nextDouble() * (2 * lim + 1));
            }
            return new RandomModel(g, plan, Map.of("x", in), desc.toString());
        }

        private Value layer(Value cur, int kind, int p) {
            switch (kind) {
                case 0:
                    return unary(cur, new Relu(), "relu");
                case 1:
                    return binary(cur, new Add(), p, "add");
                case 2:
                    return binary(cur, new Mul(), p, "mul");
                case 3:
                    return table(cur, new Sigmoid(), "sigmoid");
                case 4:
                    return table(cur, new Tanh(), "tanh");
                case 5:
                    return cur.is4d() ? conv(cur, p) : gemm(cur, p);
                case 6:
                    return cur.is4d() ? maxPool(cur, p) : unary(cur, new Clip(-1, 1.5), "clip");
                case 7:
                    return cur.is4d() ? avgPool(cur, p) : gemm(cur, p);
                case 8:
                    return cur.is4d() ? flatten(cur) : softmax(cur);
                default:
                    return cur.is4d() ? conv(cur, p) : unary(cur, new Relu(), "relu");
            }
        }

        private String node(Op op, String what, String... operands) {
            desc.append("\n").append(line).append(": ").append(what);
            return gb.node(op, List.of(operands), op.opName(), SourceLocation.of("gen.zk", line++, 1));
        }

        private Value unary(Value cur, Op op, String what) {
            return new Value(node(op, what, cur.name()), cur.dims());
        }

        /** With an earlier value of the same shape when there is one (a DAG, not a chain), else a weight. */
        private Value binary(Value cur, Op op, int p, String what) {
            List<Value> same = new ArrayList<>();
            for (Value v : values) {
                if (Arrays.equals(v.dims(), cur.dims()) && !v.name().equals(cur.name())) {
                    same.add(v);
                }
            }
            String other = !same.isEmpty() && p % 2 == 0 ? same.get((p / 2) % same.size()).name() : weight(1, cur.dims());
            return new Value(node(op, what + " with " + other, cur.name(), other), cur.dims());
        }

        private Value table(Value cur, Op op, String what) {
            String clipped = node(new Clip(-CLIP, CLIP), "clip", cur.name());
            String out = node(op, what, clipped);
            long lim = (long) CLIP << scale;
            tables.put(out, new TableSpec(-lim, lim, scale, scale));
            return new Value(out, cur.dims());
        }

        private Value gemm(Value cur, int p) {
            int n = cur.dims()[1];
            int m = 1 + p % 5;
            double w = 1 / Math.sqrt(n);
            boolean transB = (p / 5) % 2 == 1;
            String weights = transB ? weight(w, m, n) : weight(w, n, m);
            String out = node(new Gemm(1.0, 1.0, false, transB), "gemm " + n + "->" + m, cur.name(), weights,
                    weight(0.5, 1, m));
            return new Value(out, new int[] {1, m});
        }

        private Value conv(Value cur, int p) {
            int[] d = cur.dims();
            int cout = 1 + p % 2;
            int kh = Math.min(d[2], 1 + (p / 2) % 2);
            int kw = Math.min(d[3], 1 + (p / 4) % 2);
            int pad = (p / 8) % 2;
            int stride = 1 + (p / 16) % 2;
            int oh = (d[2] + 2 * pad - kh) / stride + 1;
            int ow = (d[3] + 2 * pad - kw) / stride + 1;
            String out = node(new Conv(List.of(stride, stride), List.of(pad, pad, pad, pad), List.of(1, 1), 1),
                    "conv " + cout + "x" + kh + "x" + kw + " pad " + pad + " stride " + stride, cur.name(),
                    weight(1 / Math.sqrt(d[1] * kh * kw), cout, d[1], kh, kw), weight(0.5, cout));
            return new Value(out, new int[] {1, cout, oh, ow});
        }

        private Value maxPool(Value cur, int p) {
            int[] d = cur.dims();
            if (d[2] < 2 || d[3] < 2) {
                return unary(cur, new Relu(), "relu");
            }
            int stride = 1 + p % 2;
            String out = node(new MaxPool(List.of(2, 2), List.of(stride, stride), List.of(0, 0, 0, 0), List.of(1, 1), false),
                    "maxpool 2x2 stride " + stride, cur.name());
            return new Value(out, new int[] {1, d[1], (d[2] - 2) / stride + 1, (d[3] - 2) / stride + 1});
        }

        private Value avgPool(Value cur, int p) {
            int[] d = cur.dims();
            if (d[2] < 2 || d[3] < 2) {
                return unary(cur, new Relu(), "relu");
            }
            int pad = p % 2;
            String out = node(new AvgPool(List.of(2, 2), List.of(1, 1), List.of(pad, pad, pad, pad), false, false),
                    "avgpool 2x2 pad " + pad, cur.name());
            return new Value(out, new int[] {1, d[1], d[2] + 2 * pad - 1, d[3] + 2 * pad - 1});
        }

        private Value flatten(Value cur) {
            return new Value(node(new Flatten(1), "flatten", cur.name()), new int[] {1, cur.size()});
        }

        private Value softmax(Value cur) {
            String out = node(new Softmax(-1), "softmax", cur.name());
            // exp(lo / 2^s) * 2^s < 1/2 makes the clamp at lo exact.
            tables.put(out, new TableSpec(-(long) Math.ceil((scale + 1) * Math.log(2) * (1 << scale)), 0, scale, scale));
            return new Value(out, cur.dims());
        }

        private String weight(double magnitude, int... dims) {
            Shape sh = Shape.of(dims);
            double[] v = new double[sh.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (r.nextDouble() * 2 - 1) * magnitude;
            }
            return gb.initializer("w" + params++, new Tensor(sh, v));
        }
    }
}
