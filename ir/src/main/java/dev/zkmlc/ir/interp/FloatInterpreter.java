package dev.zkmlc.ir.interp;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.BinaryOp;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.GlobalAvgPool;
import dev.zkmlc.ir.op.GlobalMaxPool;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float reference: evaluates a graph in 64-bit doubles with ONNX semantics. It measures the
 * quantization error of the fixed-point graph and supplies calibration ranges to the quantizer.
 */
public final class FloatInterpreter {
    private FloatInterpreter() {}

    /** The value of every graph output, by output name. */
    public static Map<String, Tensor> run(Graph g, Map<String, Tensor> inputs) {
        Map<String, Tensor> all = runAll(g, inputs);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Output o : g.outputs()) {
            out.put(o.name(), all.get(o.name()));
        }
        return out;
    }

    /**
     * The value of every value of the graph: inputs, initializers and each node's output, in that
     * order (calibration reads the intermediate ones).
     */
    public static Map<String, Tensor> runAll(Graph g, Map<String, Tensor> inputs) {
        checkInputs(g, inputs);
        Map<String, double[]> vals = new LinkedHashMap<>();
        for (Input in : g.inputs()) {
            vals.put(in.name(), inputs.get(in.name()).toArray());
        }
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            vals.put(e.getKey(), e.getValue().toArray());
        }
        for (Node node : g.nodes()) {
            List<double[]> args = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            for (String operand : node.inputs()) {
                args.add(vals.get(operand));
                shapes.add(g.typeOf(operand).shape());
            }
            vals.put(node.output(), eval(node.op(), args, shapes, g.typeOf(node.output()).shape()));
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : vals.entrySet()) {
            result.put(e.getKey(), new Tensor(g.typeOf(e.getKey()).shape(), e.getValue()));
        }
        return result;
    }

    /** Refuses missing, unknown or mis-shaped inputs with one message naming each. */
    static void checkInputs(Graph g, Map<String, ? extends Object> inputs) {
        List<String> problems = new ArrayList<>();
        for (Input in : g.inputs()) {
            Object v = inputs.get(in.name());
            if (v == null) {
                problems.add("missing input '" + in.name() + "' " + in.type());
            } else if (v instanceof Tensor t && !t.shape().equals(in.type().shape())) {
                problems.add("input '" + in.name() + "' has shape " + t.shape() + ", the graph expects "
                        + in.type().shape());
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

    /**
     * One op on row-major double operands of the given shapes; {@code out} is the result shape the
     * op infers. The graph-level entry points call this for every node.
     */
    public static double[] eval(Op op, List<double[]> args, List<Shape> shapes, Shape out) {
        double[] x = args.get(0);
        if (op instanceof UnaryOp u) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = u.apply(x[i]);
            }
            return y;
        }
        if (op instanceof BinaryOp b) {
            int[] ma = IndexMaps.broadcast(shapes.get(0), out);
            int[] mb = IndexMaps.broadcast(shapes.get(1), out);
            double[] y = new double[out.size()];
            double[] bv = args.get(1);
            for (int i = 0; i < y.length; i++) {
                y[i] = b.apply(x[ma[i]], bv[mb[i]]);
            }
            return y;
        }
        if (IndexMaps.isDataMovement(op)) {
            int[] map = IndexMaps.dataMovement(op, shapes.get(0), out);
            double fill = op instanceof Pad p ? p.value() : 0.0;
            double[] y = new double[map.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = map[i] == IndexMaps.PAD ? fill : x[map[i]];
            }
            return y;
        }
        if (op instanceof MatMul) {
            return matmul(x, shapes.get(0), args.get(1), shapes.get(1), out);
        }
        if (op instanceof Gemm gm) {
            return gemm(gm, args, shapes, out);
        }
        if (op instanceof Conv c) {
            double[] y = new double[out.size()];
            Kernels.conv(new Kernels.ConvGeometry(shapes.get(0), shapes.get(1), out, c), x, args.get(1), y);
            if (args.size() == 3) {
                addChannelBias(y, args.get(2), out);
            }
            return y;
        }
        if (op instanceof ConvTranspose c) {
            double[] y = new double[out.size()];
            Kernels.convTranspose(new Kernels.ConvGeometry(shapes.get(0), shapes.get(1), out, c), x, args.get(1), y);
            if (args.size() == 3) {
                addChannelBias(y, args.get(2), out);
            }
            return y;
        }
        if (op instanceof Softmax s) {
            return softmax(x, shapes.get(0), s.axis());
        }
        if (op instanceof LayerNorm ln) {
            return layerNorm(ln, args, shapes);
        }
        if (op instanceof BatchNorm bn) {
            return batchNorm(bn, args, shapes.get(0));
        }
        if (op instanceof MaxPool || op instanceof AvgPool) {
            return pool(op, x, shapes.get(0), out);
        }
        if (op instanceof GlobalAvgPool || op instanceof GlobalMaxPool) {
            int planes = out.size();
            int n = x.length / Math.max(planes, 1);
            double[] y = new double[planes];
            for (int p = 0; p < planes; p++) {
                double acc = op instanceof GlobalMaxPool ? Double.NEGATIVE_INFINITY : 0.0;
                for (int i = 0; i < n; i++) {
                    double v = x[p * n + i];
                    acc = op instanceof GlobalMaxPool ? Math.max(acc, v) : acc + v;
                }
                y[p] = op instanceof GlobalMaxPool ? acc : acc / n;
            }
            return y;
        }
        if (op instanceof Reduce r) {
            return reduce(r, x, shapes.get(0), out);
        }
        if (op instanceof ArgMax a) {
            return argMax(a, x, shapes.get(0));
        }
        if (op instanceof Concat c) {
            int[][] map = IndexMaps.concat(shapes, out, c.axis());
            double[] y = new double[out.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = args.get(map[0][i])[map[1][i]];
            }
            return y;
        }
        if (op instanceof Where w) {
            int[] mc = IndexMaps.broadcast(w.condition().shape(), out);
            int[] ma = IndexMaps.broadcast(shapes.get(0), out);
            int[] mb = IndexMaps.broadcast(shapes.get(1), out);
            double[] y = new double[out.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = w.condition().get(mc[i]) != 0 ? x[ma[i]] : args.get(1)[mb[i]];
            }
            return y;
        }
        throw new IrException("float interpreter: no semantics for op " + op.opName());
    }

    private static double[] matmul(double[] a, Shape as, double[] b, Shape bs, Shape out) {
        Kernels.MatMulGeometry geo = Kernels.MatMulGeometry.of(as, bs);
        double[] y = new double[out.size()];
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
                    double av = a[aOff + i * k + p];
                    int bRow = bOff + p * n;
                    for (int j = 0; j < n; j++) {
                        y[row + j] += av * b[bRow + j];
                    }
                }
            }
        }
        return y;
    }

    private static double[] gemm(Gemm gm, List<double[]> args, List<Shape> shapes, Shape out) {
        double[] a = gm.transA() ? Kernels.transpose2d(args.get(0), shapes.get(0)) : args.get(0);
        double[] b = gm.transB() ? Kernels.transpose2d(args.get(1), shapes.get(1)) : args.get(1);
        int m = out.dim(0);
        int n = out.dim(1);
        int k = a.length / Math.max(m, 1);
        double[] y = matmul(a, Shape.of(m, k), b, Shape.of(k, n), out);
        for (int i = 0; i < y.length; i++) {
            y[i] *= gm.alpha();
        }
        if (args.size() == 3) {
            int[] mc = IndexMaps.broadcast(shapes.get(2), out);
            double[] c = args.get(2);
            for (int i = 0; i < y.length; i++) {
                y[i] += gm.beta() * c[mc[i]];
            }
        }
        return y;
    }

    private static void addChannelBias(double[] y, double[] bias, Shape out) {
        int channels = out.dim(1);
        int plane = out.size() / Math.max(out.dim(0) * channels, 1);
        for (int i = 0; i < y.length; i++) {
            y[i] += bias[(i / plane) % channels];
        }
    }

    private static double[] softmax(double[] x, Shape s, int axis) {
        Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(s, axis);
        double[] y = new double[x.length];
        for (int o = 0; o < geo.outer(); o++) {
            for (int in = 0; in < geo.inner(); in++) {
                int base = o * geo.n() * geo.inner() + in;
                double m = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < geo.n(); t++) {
                    m = Math.max(m, x[base + t * geo.inner()]);
                }
                double sum = 0;
                for (int t = 0; t < geo.n(); t++) {
                    double e = StrictMath.exp(x[base + t * geo.inner()] - m);
                    y[base + t * geo.inner()] = e;
                    sum += e;
                }
                for (int t = 0; t < geo.n(); t++) {
                    y[base + t * geo.inner()] /= sum;
                }
            }
        }
        return y;
    }

    private static double[] layerNorm(LayerNorm ln, List<double[]> args, List<Shape> shapes) {
        double[] x = args.get(0);
        Shape xs = shapes.get(0);
        Shape norm = Kernels.normalisedShape(xs, ln.axis());
        int n = norm.size();
        int rows = x.length / Math.max(n, 1);
        int[] mg = IndexMaps.broadcast(shapes.get(1), norm);
        int[] mb = args.size() == 3 ? IndexMaps.broadcast(shapes.get(2), norm) : null;
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[base + i];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double d = x[base + i] - mean;
                var += d * d;
            }
            var /= n;
            double inv = 1.0 / StrictMath.sqrt(var + ln.epsilon());
            for (int i = 0; i < n; i++) {
                double v = (x[base + i] - mean) * inv * args.get(1)[mg[i]];
                y[base + i] = mb == null ? v : v + args.get(2)[mb[i]];
            }
        }
        return y;
    }

    private static double[] batchNorm(BatchNorm bn, List<double[]> args, Shape xs) {
        double[] x = args.get(0);
        int channels = xs.dim(1);
        int plane = x.length / Math.max(xs.dim(0) * channels, 1);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = (i / plane) % channels;
            y[i] = (x[i] - args.get(3)[c]) / StrictMath.sqrt(args.get(4)[c] + bn.epsilon()) * args.get(1)[c]
                    + args.get(2)[c];
        }
        return y;
    }

    private static double[] pool(Op op, double[] x, Shape xs, Shape out) {
        Kernels.PoolGeometry geo = Kernels.PoolGeometry.of(op, xs, out);
        boolean max = op instanceof MaxPool;
        boolean includePad = op instanceof AvgPool ap && ap.countIncludePad();
        int[] table = geo.table();
        int outS = geo.outSize();
        double[] y = new double[out.size()];
        for (int p = 0; p < geo.planes(); p++) {
            int xBase = p * geo.inSize();
            for (int o = 0; o < outS; o++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0.0;
                int count = 0;
                for (int kp = 0; kp < geo.kernelSize(); kp++) {
                    int idx = table[kp * outS + o];
                    if (idx >= 0) {
                        double v = x[xBase + idx];
                        acc = max ? Math.max(acc, v) : acc + v;
                        count++;
                    } else if (idx == IndexMaps.PAD && includePad) {
                        count++;
                    }
                }
                y[p * outS + o] = max ? acc : acc / count;
            }
        }
        return y;
    }

    private static double[] reduce(Reduce r, double[] x, Shape xs, Shape out) {
        int[] map = IndexMaps.reduction(xs, r.reducedAxes(xs.rank()));
        double[] y = new double[out.size()];
        double init = switch (r.kind()) {
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
            default -> 0.0;
        };
        java.util.Arrays.fill(y, init);
        for (int i = 0; i < x.length; i++) {
            int o = map[i];
            switch (r.kind()) {
                case MAX -> y[o] = Math.max(y[o], x[i]);
                case MIN -> y[o] = Math.min(y[o], x[i]);
                default -> y[o] += x[i];
            }
        }
        if (r.kind() == Reduce.Kind.MEAN && y.length > 0) {
            int count = x.length / y.length;
            for (int o = 0; o < y.length; o++) {
                y[o] /= count;
            }
        }
        return y;
    }

    private static double[] argMax(ArgMax a, double[] x, Shape xs) {
        Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(xs, a.axis());
        double[] y = new double[geo.outer() * geo.inner()];
        for (int o = 0; o < geo.outer(); o++) {
            for (int in = 0; in < geo.inner(); in++) {
                int base = o * geo.n() * geo.inner() + in;
                int best = 0;
                for (int t = 1; t < geo.n(); t++) {
                    double v = x[base + t * geo.inner()];
                    double b = x[base + best * geo.inner()];
                    if (v > b || (a.selectLastIndex() && v == b)) {
                        best = t;
                    }
                }
                y[o * geo.inner() + in] = best;
            }
        }
        return y;
    }
}
