package dev.zkmlc.ir.fixed;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.interp.IndexMaps;
import dev.zkmlc.ir.interp.InputMismatchException;
import dev.zkmlc.ir.interp.Kernels;
import dev.zkmlc.ir.op.Abs;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.BinaryOp;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Div;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.GlobalAvgPool;
import dev.zkmlc.ir.op.GlobalMaxPool;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.LeakyRelu;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Max;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Min;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The specification: evaluates a graph under a {@link FixedPointPlan} with integers only (long
 * arithmetic, every product and sum overflow-checked), exactly as {@code docs/semantics.md} defines.
 * A circuit's output must equal this interpreter's, bit for bit.
 */
public final class FixedPointInterpreter {
    /** Tables with at most this many rows per element evaluated are built whole, else row by row. */
    private static final int TABLE_ROWS_PER_ELEMENT = 4;

    private FixedPointInterpreter() {}

    /** The graph's outputs, from float inputs quantized at their plan scales. */
    public static Map<String, FixedTensor> run(Graph g, FixedPointPlan plan, Map<String, Tensor> inputs) {
        Map<String, FixedTensor> all = runAll(g, plan, inputs);
        Map<String, FixedTensor> out = new LinkedHashMap<>();
        for (Output o : g.outputs()) {
            out.put(o.name(), all.get(o.name()));
        }
        return out;
    }

    /** Every input and node output, from float inputs quantized at their plan scales. */
    public static Map<String, FixedTensor> runAll(Graph g, FixedPointPlan plan, Map<String, Tensor> inputs) {
        Map<String, FixedTensor> q = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            boolean known = g.inputs().stream().anyMatch(i -> i.name().equals(e.getKey()));
            q.put(e.getKey(), known ? FixedTensor.quantize(e.getValue(), plan.scale(e.getKey())) : null);
        }
        return runAllQuantized(g, plan, q);
    }

    /** Every input and node output, from inputs already quantized (each at its plan scale). */
    public static Map<String, FixedTensor> runAllQuantized(Graph g, FixedPointPlan plan,
            Map<String, FixedTensor> inputs) {
        return new Run(g, plan).run(inputs);
    }

    private static final class Run {
        private final Graph g;
        private final FixedPointPlan plan;
        private final Map<String, FixedTensor> vals = new LinkedHashMap<>();
        private final Map<String, FixedTensor> constants = new HashMap<>();

        Run(Graph g, FixedPointPlan plan) {
            this.g = g;
            this.plan = plan;
        }

        Map<String, FixedTensor> run(Map<String, FixedTensor> inputs) {
            checkInputs(inputs);
            for (Input in : g.inputs()) {
                FixedTensor t = inputs.get(in.name());
                checkBound(in.name(), null, t);
                vals.put(in.name(), t);
            }
            for (Node node : g.nodes()) {
                FixedTensor y;
                try {
                    y = eval(node);
                } catch (ArithmeticException e) {
                    throw new OverflowException(node.location() + ": node '" + node.name() + "' (" + node.op().opName()
                            + "): an integer intermediate exceeds 64 bits (" + e.getMessage()
                            + "); the plan's scales are too large for these values");
                }
                checkBound(node.name(), node, y);
                vals.put(node.output(), y);
            }
            for (Output o : g.outputs()) {
                if (!vals.containsKey(o.name())) {
                    // A constant output (the importer folded the whole computation).
                    vals.put(o.name(), operand(o.name()));
                }
            }
            return vals;
        }

        private void checkInputs(Map<String, FixedTensor> inputs) {
            List<String> problems = new ArrayList<>();
            for (Input in : g.inputs()) {
                FixedTensor t = inputs.get(in.name());
                if (t == null) {
                    problems.add("missing input '" + in.name() + "' " + in.type());
                } else if (!t.shape().equals(in.type().shape())) {
                    problems.add("input '" + in.name() + "' has shape " + t.shape() + ", the graph expects "
                            + in.type().shape());
                } else if (t.scale() != plan.scale(in.name())) {
                    problems.add("input '" + in.name() + "' has scale " + t.scale() + ", the plan says "
                            + plan.scale(in.name()));
                }
            }
            for (String name : inputs.keySet()) {
                if (g.inputs().stream().noneMatch(i -> i.name().equals(name))) {
                    problems.add("'" + name + "' is not an input of graph '" + g.name() + "'");
                }
            }
            if (!problems.isEmpty()) {
                throw new InputMismatchException(String.join("; ", problems));
            }
        }

        private void checkBound(String name, Node node, FixedTensor t) {
            long min = plan.minActivation();
            long max = plan.maxActivation();
            for (int i = 0; i < t.size(); i++) {
                long v = t.get(i);
                if (v < min || v > max) {
                    throw new RangeViolation(RangeViolation.Kind.ACTIVATION_BOUND, name,
                            node == null ? dev.zkmlc.ir.SourceLocation.UNKNOWN : node.location(),
                            (node == null ? "input" : node.op().opName() + " output") + " element " + i + " ("
                                    + plan.activationBits() + "-bit activation bound)",
                            v, min, max, t.scale());
                }
            }
        }

        /** An operand: a computed value, or an initializer quantized at its plan scale. */
        private FixedTensor operand(String name) {
            FixedTensor v = vals.get(name);
            if (v != null) {
                return v;
            }
            return constants.computeIfAbsent(name, n -> {
                try {
                    return FixedTensor.quantize(g.initializers().get(n), plan.scale(n));
                } catch (FixedPointException e) {
                    throw new FixedPointException("initializer '" + n + "': " + e.getMessage());
                }
            });
        }

        private Tensor constant(Node node, int i, String role) {
            Tensor t = g.initializers().get(node.inputs().get(i));
            if (t == null) {
                throw new FixedPointException(node.location() + ": node '" + node.name() + "' (" + node.op().opName()
                        + "): " + role + " '" + node.inputs().get(i)
                        + "' must be a constant (an initializer) in fixed point");
            }
            return t;
        }

        private Shape shapeOf(String value) {
            return g.typeOf(value).shape();
        }

        private FixedTensor eval(Node node) {
            Op op = node.op();
            Shape out = shapeOf(node.output());
            int so = plan.scale(node.output());
            FixedTensor x = operand(node.inputs().get(0));
            if (op instanceof UnaryOp u) {
                return unary(node, u, x, out, so);
            }
            if (op instanceof BinaryOp b) {
                return binary(node, b, out, so);
            }
            if (IndexMaps.isDataMovement(op)) {
                int[] map = IndexMaps.dataMovement(op, x.shape(), out);
                long fill = op instanceof Pad p ? FixedPointMath.quantize(p.value(), x.scale()) : 0;
                long[] y = new long[map.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = map[i] == IndexMaps.PAD ? fill : x.get(map[i]);
                }
                return aligned(out, y, x.scale(), so);
            }
            if (op instanceof MatMul) {
                FixedTensor w = operand(node.inputs().get(1));
                long[] acc = matmul(x.toArray(), x.shape(), w.toArray(), w.shape(), out);
                return rescaled(out, acc, x.scale() + w.scale(), so);
            }
            if (op instanceof Gemm gm) {
                return gemm(node, gm, out, so);
            }
            if (op instanceof Conv || op instanceof ConvTranspose) {
                return conv(node, x, out, so);
            }
            if (op instanceof Softmax s) {
                return softmax(node, s, x, so);
            }
            if (op instanceof LayerNorm ln) {
                return layerNorm(node, ln, x, so);
            }
            if (op instanceof BatchNorm bn) {
                return batchNorm(node, bn, x, so);
            }
            if (op instanceof MaxPool || op instanceof AvgPool) {
                return pool(node, x, out, so);
            }
            if (op instanceof GlobalAvgPool || op instanceof GlobalMaxPool) {
                int planes = out.size();
                int n = x.size() / Math.max(planes, 1);
                long[] y = new long[planes];
                for (int p = 0; p < planes; p++) {
                    long acc = op instanceof GlobalMaxPool ? Long.MIN_VALUE : 0;
                    for (int i = 0; i < n; i++) {
                        long v = x.get(p * n + i);
                        acc = op instanceof GlobalMaxPool ? Math.max(acc, v) : Math.addExact(acc, v);
                    }
                    y[p] = op instanceof GlobalMaxPool ? acc : FixedPointMath.divRound(acc, n);
                }
                return aligned(out, y, x.scale(), so);
            }
            if (op instanceof Reduce r) {
                return reduce(r, x, out, so);
            }
            if (op instanceof ArgMax a) {
                return argMax(a, x, out, so);
            }
            if (op instanceof Concat c) {
                List<Shape> shapes = new ArrayList<>();
                List<FixedTensor> parts = new ArrayList<>();
                for (String in : node.inputs()) {
                    shapes.add(shapeOf(in));
                    parts.add(operand(in));
                }
                int[][] map = IndexMaps.concat(shapes, out, c.axis());
                long[] y = new long[out.size()];
                for (int i = 0; i < y.length; i++) {
                    FixedTensor part = parts.get(map[0][i]);
                    y[i] = FixedPointMath.align(part.get(map[1][i]), part.scale(), so);
                }
                return FixedTensor.wrap(out, so, y);
            }
            if (op instanceof Where w) {
                FixedTensor b = operand(node.inputs().get(1));
                int[] mc = IndexMaps.broadcast(w.condition().shape(), out);
                int[] ma = IndexMaps.broadcast(x.shape(), out);
                int[] mb = IndexMaps.broadcast(b.shape(), out);
                long[] y = new long[out.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = w.condition().get(mc[i]) != 0 ? FixedPointMath.align(x.get(ma[i]), x.scale(), so)
                            : FixedPointMath.align(b.get(mb[i]), b.scale(), so);
                }
                return FixedTensor.wrap(out, so, y);
            }
            throw new FixedPointException("fixed-point interpreter: no semantics for op " + op.opName());
        }

        private FixedTensor unary(Node node, UnaryOp u, FixedTensor x, Shape out, int so) {
            int sx = x.scale();
            long[] y = x.toArray();
            if (u instanceof Relu) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.max(y[i], 0);
                }
            } else if (u instanceof Neg) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.negateExact(y[i]);
                }
            } else if (u instanceof Abs) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.absExact(y[i]);
                }
            } else if (u instanceof Clip c) {
                Long lo = QuantizedConstants.clipBound(c.min(), sx);
                Long hi = QuantizedConstants.clipBound(c.max(), sx);
                for (int i = 0; i < y.length; i++) {
                    if (lo != null && y[i] < lo) {
                        y[i] = lo;
                    }
                    if (hi != null && y[i] > hi) {
                        y[i] = hi;
                    }
                }
            } else if (u instanceof LeakyRelu lr) {
                int sw = plan.weightScale();
                long alpha = FixedPointMath.quantize(lr.alpha(), sw);
                for (int i = 0; i < y.length; i++) {
                    if (y[i] < 0) {
                        y[i] = FixedPointMath.rescale(Math.multiplyExact(y[i], alpha), sw);
                    }
                }
            } else {
                TableSpec spec = tableFor(node, sx);
                TableReader table = new TableReader(u::apply, spec, plan.activationBits(), y.length);
                for (int i = 0; i < y.length; i++) {
                    if (!spec.contains(y[i])) {
                        throw new RangeViolation(RangeViolation.Kind.TABLE_INPUT, node.name(), node.location(),
                                u.opName() + " table input", y[i], spec.lo(), spec.hi(), sx);
                    }
                    y[i] = table.get(y[i]);
                }
                return aligned(out, y, spec.outScale(), so);
            }
            return aligned(out, y, sx, so);
        }

        /** A computed divisor becomes its reciprocal through the node's table (scale: the table's). */
        private FixedTensor reciprocal(Node node, FixedTensor d) {
            TableSpec spec = tableFor(node, d.scale());
            TableReader table = new TableReader(LookupTable.RECIPROCAL, spec, plan.activationBits(), d.size());
            long[] r = new long[d.size()];
            for (int i = 0; i < r.length; i++) {
                long q = d.get(i);
                if (!spec.contains(q)) {
                    throw new RangeViolation(RangeViolation.Kind.TABLE_INPUT, node.name(), node.location(),
                            "divisor (reciprocal table input)", q, spec.lo(), spec.hi(), d.scale());
                }
                r[i] = table.get(q);
            }
            return FixedTensor.wrap(d.shape(), spec.outScale(), r);
        }

        private TableSpec tableFor(Node node, int inputScale) {
            TableSpec spec = plan.table(node.name());
            if (spec.inScale() != inputScale) {
                throw new FixedPointException("node '" + node.name() + "': the plan's table reads scale " + spec.inScale()
                        + " but the table input has scale " + inputScale);
            }
            return spec;
        }

        private FixedTensor binary(Node node, BinaryOp op, Shape out, int so) {
            FixedTensor a = operand(node.inputs().get(0));
            FixedTensor b;
            if (op instanceof Div && g.initializers().containsKey(node.inputs().get(1))) {
                Tensor c = g.initializers().get(node.inputs().get(1));
                int sc = plan.scale(node.inputs().get(1));
                b = new FixedTensor(c.shape(), sc, QuantizedConstants.reciprocal(c, sc));
            } else if (op instanceof Div) {
                b = reciprocal(node, operand(node.inputs().get(1)));
            } else {
                b = operand(node.inputs().get(1));
            }
            int[] ma = IndexMaps.broadcast(a.shape(), out);
            int[] mb = IndexMaps.broadcast(b.shape(), out);
            long[] y = new long[out.size()];
            if (op instanceof Mul || op instanceof Div) {
                int d = a.scale() + b.scale() - so;
                for (int i = 0; i < y.length; i++) {
                    y[i] = FixedPointMath.rescale(Math.multiplyExact(a.get(ma[i]), b.get(mb[i])), d);
                }
                return FixedTensor.wrap(out, so, y);
            }
            for (int i = 0; i < y.length; i++) {
                long u = FixedPointMath.align(a.get(ma[i]), a.scale(), so);
                long v = FixedPointMath.align(b.get(mb[i]), b.scale(), so);
                if (op instanceof Add) {
                    y[i] = Math.addExact(u, v);
                } else if (op instanceof Sub) {
                    y[i] = Math.subtractExact(u, v);
                } else if (op instanceof Max) {
                    y[i] = Math.max(u, v);
                } else if (op instanceof Min) {
                    y[i] = Math.min(u, v);
                } else {
                    throw new FixedPointException("fixed-point interpreter: no semantics for op " + op.opName());
                }
            }
            return FixedTensor.wrap(out, so, y);
        }

        private long[] matmul(long[] a, Shape as, long[] b, Shape bs, Shape out) {
            Kernels.MatMulGeometry geo = Kernels.MatMulGeometry.of(as, bs);
            long[] y = new long[out.size()];
            int m = geo.m();
            int k = geo.k();
            int n = geo.n();
            for (int bi = 0; bi < geo.batches(); bi++) {
                int aOff = geo.aBatch()[bi] * m * k;
                int bOff = geo.bBatch()[bi] * k * n;
                int yOff = bi * m * n;
                for (int i = 0; i < m; i++) {
                    int row = yOff + i * n;
                    for (int p = 0; p < k; p++) {
                        long av = a[aOff + i * k + p];
                        if (av == 0) {
                            continue;
                        }
                        int bRow = bOff + p * n;
                        for (int j = 0; j < n; j++) {
                            y[row + j] = Math.addExact(y[row + j], Math.multiplyExact(av, b[bRow + j]));
                        }
                    }
                }
            }
            return y;
        }

        private FixedTensor gemm(Node node, Gemm gm, Shape out, int so) {
            String an = node.inputs().get(0);
            String bn = node.inputs().get(1);
            int sa = plan.scale(an);
            int sb = plan.scale(bn);
            long[] a;
            long[] b;
            long alphaFactor = 1;
            int accScale = sa + sb;
            if (gm.alpha() == 1.0) {
                a = operand(an).toArray();
                b = operand(bn).toArray();
            } else if (g.initializers().containsKey(bn)) {
                a = operand(an).toArray();
                b = QuantizedConstants.scaled(g.initializers().get(bn), gm.alpha(), sb);
            } else if (g.initializers().containsKey(an)) {
                a = QuantizedConstants.scaled(g.initializers().get(an), gm.alpha(), sa);
                b = operand(bn).toArray();
            } else {
                a = operand(an).toArray();
                b = operand(bn).toArray();
                alphaFactor = FixedPointMath.quantize(gm.alpha(), plan.weightScale());
                accScale += plan.weightScale();
            }
            Shape as = shapeOf(an);
            Shape bs = shapeOf(bn);
            if (gm.transA()) {
                a = Kernels.transpose2d(a, as);
                as = Shape.of(as.dim(1), as.dim(0));
            }
            if (gm.transB()) {
                b = Kernels.transpose2d(b, bs);
                bs = Shape.of(bs.dim(1), bs.dim(0));
            }
            long[] acc = matmul(a, as, b, bs, out);
            if (alphaFactor != 1) {
                for (int i = 0; i < acc.length; i++) {
                    acc[i] = Math.multiplyExact(acc[i], alphaFactor);
                }
            }
            if (node.inputs().size() == 3) {
                String cn = node.inputs().get(2);
                int sc = plan.scale(cn);
                long[] c;
                if (g.initializers().containsKey(cn)) {
                    c = QuantizedConstants.scaled(g.initializers().get(cn), gm.beta(), sc);
                } else {
                    c = operand(cn).toArray();
                    if (gm.beta() != 1.0) {
                        long beta = FixedPointMath.quantize(gm.beta(), plan.weightScale());
                        for (int i = 0; i < c.length; i++) {
                            c[i] = Math.multiplyExact(c[i], beta);
                        }
                        sc += plan.weightScale();
                    }
                }
                int[] mc = IndexMaps.broadcast(shapeOf(cn), out);
                for (int i = 0; i < acc.length; i++) {
                    acc[i] = Math.addExact(acc[i], FixedPointMath.align(c[mc[i]], sc, accScale));
                }
            }
            return rescaled(out, acc, accScale, so);
        }

        private FixedTensor conv(Node node, FixedTensor x, Shape out, int so) {
            FixedTensor w = operand(node.inputs().get(1));
            long[] acc = new long[out.size()];
            if (node.op() instanceof Conv c) {
                Kernels.conv(new Kernels.ConvGeometry(x.shape(), w.shape(), out, c), x.toArray(), w.toArray(), acc);
            } else {
                Kernels.convTranspose(new Kernels.ConvGeometry(x.shape(), w.shape(), out, (ConvTranspose) node.op()),
                        x.toArray(), w.toArray(), acc);
            }
            int accScale = x.scale() + w.scale();
            if (node.inputs().size() == 3) {
                FixedTensor bias = operand(node.inputs().get(2));
                int channels = out.dim(1);
                int plane = out.size() / Math.max(out.dim(0) * channels, 1);
                for (int i = 0; i < acc.length; i++) {
                    long b = FixedPointMath.align(bias.get((i / plane) % channels), bias.scale(), accScale);
                    acc[i] = Math.addExact(acc[i], b);
                }
            }
            return rescaled(out, acc, accScale, so);
        }

        private FixedTensor softmax(Node node, Softmax s, FixedTensor x, int so) {
            TableSpec spec = tableFor(node, x.scale());
            if (spec.lo() > 0 || spec.hi() < 0) {
                throw new FixedPointException("node '" + node.name() + "': a softmax exp table must cover 0, got ["
                        + spec.lo() + ", " + spec.hi() + "]");
            }
            checkShift(node, so);
            Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(x.shape(), s.axis());
            TableReader exp = new TableReader(LookupTable.EXP, spec, plan.activationBits(), x.size());
            long[] y = new long[x.size()];
            long[] e = new long[geo.n()];
            for (int o = 0; o < geo.outer(); o++) {
                for (int in = 0; in < geo.inner(); in++) {
                    int base = o * geo.n() * geo.inner() + in;
                    long m = Long.MIN_VALUE;
                    for (int t = 0; t < geo.n(); t++) {
                        m = Math.max(m, x.get(base + t * geo.inner()));
                    }
                    long sum = 0;
                    for (int t = 0; t < geo.n(); t++) {
                        long d = Math.subtractExact(x.get(base + t * geo.inner()), m);
                        e[t] = exp.get(Math.max(d, spec.lo()));
                        sum = Math.addExact(sum, e[t]);
                    }
                    if (sum <= 0) {
                        throw new FixedPointException("node '" + node.name() + "': softmax exp table gives e^0 = "
                                + exp.get(0) + " at scale " + spec.outScale() + "; the output scale must be positive");
                    }
                    for (int t = 0; t < geo.n(); t++) {
                        y[base + t * geo.inner()] = FixedPointMath.divRound(Math.multiplyExact(e[t], 1L << so), sum);
                    }
                }
            }
            return FixedTensor.wrap(x.shape(), so, y);
        }

        private FixedTensor layerNorm(Node node, LayerNorm ln, FixedTensor x, int so) {
            int sx = x.scale();
            TableSpec spec = tableFor(node, sx);
            Shape norm = Kernels.normalisedShape(x.shape(), ln.axis());
            int n = norm.size();
            int rows = x.size() / Math.max(n, 1);
            FixedTensor gamma = operand(node.inputs().get(1));
            int[] mg = IndexMaps.broadcast(gamma.shape(), norm);
            FixedTensor beta = node.inputs().size() == 3 ? operand(node.inputs().get(2)) : null;
            int[] mb = beta == null ? null : IndexMaps.broadcast(beta.shape(), norm);
            long eps = FixedPointMath.quantize(ln.epsilon(), sx);
            int sr = spec.outScale();
            TableReader rsqrt = new TableReader(LookupTable.RSQRT, spec, plan.activationBits(), rows);
            long[] y = new long[x.size()];
            long[] d = new long[n];
            for (int r = 0; r < rows; r++) {
                int base = r * n;
                long sum = 0;
                for (int i = 0; i < n; i++) {
                    sum = Math.addExact(sum, x.get(base + i));
                }
                long mu = FixedPointMath.divRound(sum, n);
                long squares = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = Math.subtractExact(x.get(base + i), mu);
                    squares = Math.addExact(squares, Math.multiplyExact(d[i], d[i]));
                }
                long v = Math.addExact(FixedPointMath.rescale(FixedPointMath.divRound(squares, n), sx), eps);
                if (!spec.contains(v)) {
                    throw new RangeViolation(RangeViolation.Kind.TABLE_INPUT, node.name(), node.location(),
                            "layer_norm variance (rsqrt table input)", v, spec.lo(), spec.hi(), sx);
                }
                long inv = rsqrt.get(v);
                for (int i = 0; i < n; i++) {
                    long z = FixedPointMath.rescale(Math.multiplyExact(d[i], inv), sx + sr - so);
                    long out = FixedPointMath.rescale(Math.multiplyExact(z, gamma.get(mg[i])), gamma.scale());
                    if (beta != null) {
                        out = Math.addExact(out, FixedPointMath.align(beta.get(mb[i]), beta.scale(), so));
                    }
                    y[base + i] = out;
                }
            }
            return FixedTensor.wrap(x.shape(), so, y);
        }

        private FixedTensor batchNorm(Node node, BatchNorm bn, FixedTensor x, int so) {
            int sw = plan.weightScale();
            QuantizedConstants.Affine affine = QuantizedConstants.batchNorm(bn.epsilon(), constant(node, 1, "scale"),
                    constant(node, 2, "bias"), constant(node, 3, "mean"), constant(node, 4, "variance"), sw, so);
            int channels = x.shape().dim(1);
            int plane = x.size() / Math.max(x.shape().dim(0) * channels, 1);
            int d = x.scale() + sw - so;
            long[] y = new long[x.size()];
            for (int i = 0; i < y.length; i++) {
                int c = (i / plane) % channels;
                y[i] = Math.addExact(FixedPointMath.rescale(Math.multiplyExact(x.get(i), affine.a()[c]), d),
                        affine.b()[c]);
            }
            return FixedTensor.wrap(x.shape(), so, y);
        }

        private FixedTensor pool(Node node, FixedTensor x, Shape out, int so) {
            Kernels.PoolGeometry geo = Kernels.PoolGeometry.of(node.op(), x.shape(), out);
            boolean max = node.op() instanceof MaxPool;
            boolean includePad = node.op() instanceof AvgPool ap && ap.countIncludePad();
            int[] table = geo.table();
            int outS = geo.outSize();
            long[] y = new long[out.size()];
            for (int p = 0; p < geo.planes(); p++) {
                int xBase = p * geo.inSize();
                for (int o = 0; o < outS; o++) {
                    long acc = max ? Long.MIN_VALUE : 0;
                    int real = 0;
                    int count = 0;
                    for (int kp = 0; kp < geo.kernelSize(); kp++) {
                        int idx = table[kp * outS + o];
                        if (idx >= 0) {
                            long v = x.get(xBase + idx);
                            acc = max ? Math.max(acc, v) : Math.addExact(acc, v);
                            real++;
                            count++;
                        } else if (idx == IndexMaps.PAD && includePad) {
                            count++;
                        }
                    }
                    if (real == 0) {
                        throw new FixedPointException(node.location() + ": node '" + node.name()
                                + "': a pooling window covers only padding");
                    }
                    y[p * outS + o] = max ? acc : FixedPointMath.divRound(acc, count);
                }
            }
            return aligned(out, y, x.scale(), so);
        }

        private FixedTensor reduce(Reduce r, FixedTensor x, Shape out, int so) {
            int[] map = IndexMaps.reduction(x.shape(), r.reducedAxes(x.shape().rank()));
            long[] y = new long[out.size()];
            long init = switch (r.kind()) {
                case MAX -> Long.MIN_VALUE;
                case MIN -> Long.MAX_VALUE;
                default -> 0;
            };
            java.util.Arrays.fill(y, init);
            for (int i = 0; i < x.size(); i++) {
                int o = map[i];
                long v = x.get(i);
                switch (r.kind()) {
                    case MAX -> y[o] = Math.max(y[o], v);
                    case MIN -> y[o] = Math.min(y[o], v);
                    default -> y[o] = Math.addExact(y[o], v);
                }
            }
            if (r.kind() == Reduce.Kind.MEAN && y.length > 0) {
                int count = x.size() / y.length;
                for (int o = 0; o < y.length; o++) {
                    y[o] = FixedPointMath.divRound(y[o], count);
                }
            }
            return aligned(out, y, x.scale(), so);
        }

        private FixedTensor argMax(ArgMax a, FixedTensor x, Shape out, int so) {
            Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(x.shape(), a.axis());
            long[] y = new long[geo.outer() * geo.inner()];
            for (int o = 0; o < geo.outer(); o++) {
                for (int in = 0; in < geo.inner(); in++) {
                    int base = o * geo.n() * geo.inner() + in;
                    int best = 0;
                    for (int t = 1; t < geo.n(); t++) {
                        long v = x.get(base + t * geo.inner());
                        long b = x.get(base + best * geo.inner());
                        if (v > b || (a.selectLastIndex() && v == b)) {
                            best = t;
                        }
                    }
                    y[o * geo.inner() + in] = best;
                }
            }
            return aligned(out, y, 0, so);
        }

        private void checkShift(Node node, int s) {
            if (s < 0 || s > FixedPointMath.MAX_SHIFT) {
                throw new FixedPointException("node '" + node.name() + "': scale " + s + " is outside 0.."
                        + FixedPointMath.MAX_SHIFT);
            }
        }
    }

    /** y = rescale(acc, accScale - so): the one rounding of every accumulating op. */
    private static FixedTensor rescaled(Shape out, long[] acc, int accScale, int so) {
        int d = accScale - so;
        for (int i = 0; i < acc.length; i++) {
            acc[i] = FixedPointMath.rescale(acc[i], d);
        }
        return FixedTensor.wrap(out, so, acc);
    }

    /** Values computed at scale {@code from}, brought to the plan's scale {@code to}. */
    private static FixedTensor aligned(Shape out, long[] y, int from, int to) {
        if (from != to) {
            for (int i = 0; i < y.length; i++) {
                y[i] = FixedPointMath.align(y[i], from, to);
            }
        }
        return FixedTensor.wrap(out, to, y);
    }

    /** Table rows for one node: the whole table when the elements outnumber its rows, else row by row. */
    private static final class TableReader {
        private final java.util.function.DoubleUnaryOperator f;
        private final TableSpec spec;
        private final int bits;
        private final LookupTable table;

        TableReader(java.util.function.DoubleUnaryOperator f, TableSpec spec, int bits, int elements) {
            this.f = f;
            this.spec = spec;
            this.bits = bits;
            this.table = spec.size() <= (long) TABLE_ROWS_PER_ELEMENT * elements
                    ? LookupTable.build(f, spec.lo(), spec.hi(), spec.inScale(), spec.outScale(), bits) : null;
        }

        long get(long q) {
            return table != null ? table.lookup(q)
                    : LookupTable.entry(f, q, spec.inScale(), spec.outScale(), bits);
        }
    }
}
