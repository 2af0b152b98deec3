package dev.zkmlc.ir.fixed;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.ir.interp.IndexMaps;
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
import dev.zkmlc.ir.op.Erf;
import dev.zkmlc.ir.op.Exp;
import dev.zkmlc.ir.op.Gelu;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.GlobalAvgPool;
import dev.zkmlc.ir.op.GlobalMaxPool;
import dev.zkmlc.ir.op.HardSigmoid;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.LeakyRelu;
import dev.zkmlc.ir.op.Log;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Max;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Min;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Pow;
import dev.zkmlc.ir.op.Reciprocal;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Softplus;
import dev.zkmlc.ir.op.Sqrt;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.Tanh;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stated error bound of {@code docs/semantics.md}, computed for one input: for every value, an
 * elementwise E with |float value - dequantized fixed value| <= E (in exact real arithmetic; the
 * float interpreter's own double rounding comes on top and is far smaller). Each node adds its
 * local error (the rounding its fixed-point rule makes, and the quantization of its constants)
 * to its operands' errors carried through the op's Lipschitz behaviour on the interval the two
 * runs span. Where no bound can be stated (a saturated table, a discontinuity such as argmax with a
 * small margin, a domain edge) the bound is +infinity.
 */
public final class ErrorBound {
    private static final double INF = Double.POSITIVE_INFINITY;
    /** Allowance for the double evaluation of a table's function (StrictMath is within an ulp). */
    private static final double FUNCTION_SLACK = 1e-12;

    private ErrorBound() {}

    /** The bound for every input and node output, as tensors shaped like the values. */
    public static Map<String, Tensor> propagate(Graph g, FixedPointPlan plan, Map<String, Tensor> inputs) {
        Map<String, FixedTensor> fixed = FixedPointInterpreter.runAll(g, plan, inputs);
        Run run = new Run(g, plan, fixed);
        for (Input in : g.inputs()) {
            double[] x = inputs.get(in.name()).toArray();
            double[] xh = run.hat(in.name());
            double[] e = new double[x.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = Math.abs(x[i] - xh[i]);
            }
            run.errors.put(in.name(), e);
        }
        for (Node n : g.nodes()) {
            double[] e = run.bound(n);
            for (int i = 0; i < e.length; i++) {
                // An infinite operand bound times a zero weight is NaN: no bound, not a small one.
                if (Double.isNaN(e[i])) {
                    e[i] = INF;
                }
            }
            run.errors.put(n.output(), e);
        }
        for (dev.zkmlc.ir.Output o : g.outputs()) {
            run.err(o.name());
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : run.errors.entrySet()) {
            out.put(e.getKey(), new Tensor(g.typeOf(e.getKey()).shape(), e.getValue()));
        }
        return out;
    }

    /** Half a unit in the last place at scale s: the largest error of one round-half-up to scale s. */
    static double half(int s) {
        return StrictMath.scalb(1.0, -s - 1);
    }

    /** The rounding error of rescale(v, d) to output scale so: none when d <= 0 (exact). */
    static double rescaleTerm(int d, int so) {
        return d > 0 ? half(so) : 0;
    }

    /**
     * An upper bound of |f'| on [x - e, x + e] (infinite where f has a pole or domain edge there).
     */
    static double lipschitz(UnaryOp u, double x, double e) {
        double lo = x - e;
        double hi = x + e;
        if (u instanceof Sigmoid) {
            return 0.25;
        }
        if (u instanceof Tanh || u instanceof Softplus) {
            return 1.0;
        }
        if (u instanceof Erf) {
            return 1.1283791670955126; // 2 / sqrt(pi), at 0
        }
        if (u instanceof Gelu) {
            return 1.13; // max of Phi(x) + x phi(x) is 1.12890 (at sqrt 2); the tanh form peaks at 1.12899
        }
        if (u instanceof HardSigmoid h) {
            return Math.abs(h.alpha());
        }
        if (u instanceof Exp) {
            return StrictMath.exp(hi);
        }
        if (u instanceof Log) {
            return lo > 0 ? 1 / lo : INF;
        }
        if (u instanceof Sqrt) {
            return lo > 0 ? 0.5 / StrictMath.sqrt(lo) : INF;
        }
        if (u instanceof Reciprocal) {
            return lo > 0 ? 1 / (lo * lo) : hi < 0 ? 1 / (hi * hi) : INF;
        }
        if (u instanceof Pow p) {
            double k = p.exponent();
            if (k == 0) {
                return 0;
            }
            if (k >= 1 && k == Math.rint(k)) {
                return Math.abs(k) * StrictMath.pow(Math.max(Math.abs(lo), Math.abs(hi)), k - 1);
            }
            return lo > 0 ? Math.abs(k) * Math.max(StrictMath.pow(lo, k - 1), StrictMath.pow(hi, k - 1)) : INF;
        }
        return INF;
    }

    private static final class Run {
        private final Graph g;
        private final FixedPointPlan plan;
        private final Map<String, FixedTensor> fixed;
        private final Map<String, double[]> errors = new LinkedHashMap<>();
        private final Map<String, double[]> hats = new HashMap<>();

        Run(Graph g, FixedPointPlan plan, Map<String, FixedTensor> fixed) {
            this.g = g;
            this.plan = plan;
            this.fixed = fixed;
        }

        /** The dequantized fixed-point value (an initializer: quantized at its plan scale). */
        double[] hat(String name) {
            return hats.computeIfAbsent(name, n -> {
                FixedTensor t = fixed.get(n);
                if (t == null) {
                    t = FixedTensor.quantize(g.initializers().get(n), plan.scale(n));
                }
                return t.dequantize().toArray();
            });
        }

        /** The bound of a value (an initializer: its quantization error). */
        double[] err(String name) {
            double[] e = errors.get(name);
            if (e != null) {
                return e;
            }
            double[] c = g.initializers().get(name).toArray();
            double[] ch = hat(name);
            double[] q = new double[c.length];
            for (int i = 0; i < q.length; i++) {
                q[i] = Math.abs(c[i] - ch[i]);
            }
            errors.put(name, q);
            return q;
        }

        int scale(String name) {
            return plan.scale(name);
        }

        Shape shape(String name) {
            return g.typeOf(name).shape();
        }

        double[] eval(Op op, Shape out, List<double[]> args, List<String> shapesOf) {
            List<Shape> shapes = new ArrayList<>();
            for (String s : shapesOf) {
                shapes.add(shape(s));
            }
            return FloatInterpreter.eval(op, args, shapes, out);
        }

        double[] bound(Node n) {
            Op op = n.op();
            Shape out = shape(n.output());
            int so = scale(n.output());
            String x = n.inputs().get(0);
            int sx = scale(x);
            if (op instanceof UnaryOp u) {
                return unary(n, u, x, sx, so);
            }
            if (op instanceof BinaryOp b) {
                return binary(n, b, out, so);
            }
            if (IndexMaps.isDataMovement(op)) {
                Op moved = op;
                if (op instanceof Pad p) {
                    double padHat = FixedPointMath.dequantize(FixedPointMath.quantize(p.value(), sx), sx);
                    moved = new Pad(p.pads(), p.mode(), Math.abs(p.value() - padHat));
                }
                return plus(eval(moved, out, List.of(err(x)), List.of(x)), align(sx, so));
            }
            if (op instanceof MatMul) {
                String w = n.inputs().get(1);
                double[] e = product(op, out, x, abs(hat(x)), err(x), w, abs(hat(w)), err(w));
                return plus(e, rescaleTerm(sx + scale(w) - so, so));
            }
            if (op instanceof Gemm gm) {
                return gemm(n, gm, out, so);
            }
            if (op instanceof Conv || op instanceof ConvTranspose) {
                return conv(n, out, so);
            }
            if (op instanceof BatchNorm bn) {
                return batchNorm(n, bn, so);
            }
            if (op instanceof Softmax s) {
                return softmax(n, s, so);
            }
            if (op instanceof LayerNorm ln) {
                return layerNorm(n, ln, so);
            }
            if (op instanceof MaxPool || op instanceof GlobalMaxPool) {
                return plus(eval(op, out, List.of(err(x)), List.of(x)), align(sx, so));
            }
            if (op instanceof AvgPool || op instanceof GlobalAvgPool) {
                return plus(eval(op, out, List.of(err(x)), List.of(x)), half(sx) + align(sx, so));
            }
            if (op instanceof Reduce r) {
                Reduce onErrors = r.kind() == Reduce.Kind.MIN ? new Reduce(Reduce.Kind.MAX, r.axes(), r.keepDims()) : r;
                double local = r.kind() == Reduce.Kind.MEAN ? half(sx) : 0;
                return plus(eval(onErrors, out, List.of(err(x)), List.of(x)), local + align(sx, so));
            }
            if (op instanceof ArgMax a) {
                return argMax(n, a, x, out);
            }
            if (op instanceof Concat) {
                List<double[]> parts = new ArrayList<>();
                for (String in : n.inputs()) {
                    parts.add(plus(err(in), align(scale(in), so)));
                }
                return eval(op, out, parts, n.inputs());
            }
            if (op instanceof Where) {
                String b = n.inputs().get(1);
                return eval(op, out, List.of(plus(err(x), align(sx, so)), plus(err(b), align(scale(b), so))),
                        n.inputs());
            }
            throw new FixedPointException("error bound: no rule for op " + op.opName());
        }

        private static double align(int from, int to) {
            return from > to ? half(to) : 0;
        }

        private double[] unary(Node n, UnaryOp u, String x, int sx, int so) {
            double[] xh = hat(x);
            double[] ex = err(x);
            double[] e = new double[ex.length];
            if (u instanceof Relu || u instanceof Neg || u instanceof Abs) {
                System.arraycopy(ex, 0, e, 0, e.length);
            } else if (u instanceof Clip) {
                for (int i = 0; i < e.length; i++) {
                    e[i] = ex[i] + half(sx);
                }
            } else if (u instanceof LeakyRelu lr) {
                double alphaHat = FixedPointMath.dequantize(FixedPointMath.quantize(lr.alpha(), plan.weightScale()),
                        plan.weightScale());
                double slope = Math.max(1, Math.abs(lr.alpha()));
                for (int i = 0; i < e.length; i++) {
                    e[i] = slope * ex[i] + half(sx) + Math.abs(xh[i]) * Math.abs(alphaHat - lr.alpha());
                }
            } else {
                TableSpec spec = plan.table(n.name());
                FixedTensor y = fixed.get(n.output());
                for (int i = 0; i < e.length; i++) {
                    long q = FixedPointMath.align(y.get(i), so, spec.outScale());
                    double f = u.apply(xh[i]);
                    if (q <= plan.minActivation() || q >= plan.maxActivation() || !Double.isFinite(f)) {
                        e[i] = INF;
                        continue;
                    }
                    double carried = ex[i] == 0 ? 0 : lipschitz(u, xh[i], ex[i]) * ex[i];
                    e[i] = half(spec.outScale()) + FUNCTION_SLACK * Math.max(1, Math.abs(f)) + carried;
                }
                return plus(e, align(spec.outScale(), so));
            }
            return plus(e, align(sx, so));
        }

        private double[] binary(Node n, BinaryOp op, Shape out, int so) {
            String a = n.inputs().get(0);
            String b = n.inputs().get(1);
            int[] ma = IndexMaps.broadcast(shape(a), out);
            int[] mb = IndexMaps.broadcast(shape(b), out);
            double[] ea = err(a);
            double[] ah = hat(a);
            int sa = scale(a);
            double[] e = new double[out.size()];
            if (op instanceof Div && !g.initializers().containsKey(b)) {
                return divideByComputed(n, a, b, ma, mb, out, so);
            }
            if (op instanceof Div) {
                double[] c = g.initializers().get(b).toArray();
                int sc = scale(b);
                long[] inv = QuantizedConstants.reciprocal(g.initializers().get(b), sc);
                for (int i = 0; i < e.length; i++) {
                    double ci = c[mb[i]];
                    double invHat = FixedPointMath.dequantize(inv[mb[i]], sc);
                    e[i] = ea[ma[i]] / Math.abs(ci) + Math.abs(ah[ma[i]]) * Math.abs(invHat - 1 / ci)
                            + rescaleTerm(sa + sc - so, so);
                }
                return e;
            }
            double[] eb = err(b);
            double[] bh = hat(b);
            int sb = scale(b);
            for (int i = 0; i < e.length; i++) {
                double u = ea[ma[i]];
                double v = eb[mb[i]];
                if (op instanceof Mul) {
                    e[i] = Math.abs(ah[ma[i]]) * v + Math.abs(bh[mb[i]]) * u + u * v + rescaleTerm(sa + sb - so, so);
                } else if (op instanceof Add || op instanceof Sub) {
                    e[i] = u + align(sa, so) + v + align(sb, so);
                } else if (op instanceof Max || op instanceof Min) {
                    e[i] = Math.max(u + align(sa, so), v + align(sb, so));
                } else {
                    throw new FixedPointException("error bound: no rule for op " + op.opName());
                }
            }
            return e;
        }

        /**
         * a / b through the reciprocal table: |Q(y) - a/b| <= rescale + |Q(a)| (h_sr + slack)
         * + E_a / (|Q(b)| - E_b) + |Q(a)| E_b / (|Q(b)| (|Q(b)| - E_b)); infinite where the table
         * saturates or |Q(b)| <= E_b (b may be 0).
         */
        private double[] divideByComputed(Node n, String a, String b, int[] ma, int[] mb, Shape out, int so) {
            TableSpec spec = plan.table(n.name());
            int sr = spec.outScale();
            double[] ah = hat(a);
            double[] ea = err(a);
            double[] bh = hat(b);
            double[] eb = err(b);
            long[] bq = fixed.get(b) != null ? fixed.get(b).toArray()
                    : FixedTensor.quantize(g.initializers().get(b), scale(b)).toArray();
            double[] e = new double[out.size()];
            for (int i = 0; i < e.length; i++) {
                double x = ah[ma[i]];
                double d = bh[mb[i]];
                double ed = eb[mb[i]];
                long row = LookupTable.entry(LookupTable.RECIPROCAL, bq[mb[i]], spec.inScale(), sr, plan.activationBits());
                double margin = Math.abs(d) - ed;
                if (row <= plan.minActivation() || row >= plan.maxActivation() || !(margin > 0)) {
                    e[i] = INF;
                    continue;
                }
                double local = Math.abs(x) * (half(sr) + FUNCTION_SLACK * Math.max(1, Math.abs(1 / d)))
                        + rescaleTerm(scale(a) + sr - so, so);
                e[i] = local + ea[ma[i]] / margin + Math.abs(x) * ed / (Math.abs(d) * margin);
            }
            return e;
        }

        /** |A^ B^ - A B| <= |A^| E_B + E_A |B^| + E_A E_B, through any bilinear op (matmul, conv). */
        private double[] product(Op op, Shape out, String a, double[] absA, double[] ea, String b, double[] absB,
                double[] eb) {
            List<String> shapes = List.of(a, b);
            double[] e = eval(op, out, List.of(absA, eb), shapes);
            double[] e2 = eval(op, out, List.of(ea, absB), shapes);
            double[] e3 = eval(op, out, List.of(ea, eb), shapes);
            for (int i = 0; i < e.length; i++) {
                e[i] += e2[i] + e3[i];
            }
            return e;
        }

        private double[] gemm(Node n, Gemm gm, Shape out, int so) {
            String an = n.inputs().get(0);
            String bn = n.inputs().get(1);
            int sa = scale(an);
            int sb = scale(bn);
            double[] ah = hat(an);
            double[] ea = err(an);
            double[] bh = hat(bn);
            double[] eb = err(bn);
            double alphaError = 0;
            int accScale = sa + sb;
            double alpha = gm.alpha();
            if (alpha != 1.0 && g.initializers().containsKey(bn)) {
                bh = folded(g.initializers().get(bn), alpha, sb);
                eb = difference(scaledCopy(g.initializers().get(bn).toArray(), alpha), bh);
                alpha = 1.0;
            } else if (alpha != 1.0 && g.initializers().containsKey(an)) {
                ah = folded(g.initializers().get(an), alpha, sa);
                ea = difference(scaledCopy(g.initializers().get(an).toArray(), alpha), ah);
                alpha = 1.0;
            } else if (alpha != 1.0) {
                double alphaHat = FixedPointMath.dequantize(FixedPointMath.quantize(alpha, plan.weightScale()),
                        plan.weightScale());
                alphaError = Math.abs(alphaHat - alpha);
                accScale += plan.weightScale();
            }
            Gemm core = new Gemm(1.0, 1.0, gm.transA(), gm.transB());
            double[] e = product(core, out, an, abs(ah), ea, bn, abs(bh), eb);
            double[] magnitude = alphaError == 0 ? null
                    : eval(core, out, List.of(abs(ah), abs(bh)), List.of(an, bn));
            for (int i = 0; i < e.length; i++) {
                e[i] = Math.abs(alpha) * e[i] + (magnitude == null ? 0 : alphaError * magnitude[i]);
            }
            if (n.inputs().size() == 3) {
                String cn = n.inputs().get(2);
                int sc = scale(cn);
                double[] ec;
                if (g.initializers().containsKey(cn)) {
                    double[] c = scaledCopy(g.initializers().get(cn).toArray(), gm.beta());
                    ec = difference(c, folded(g.initializers().get(cn), gm.beta(), sc));
                } else if (gm.beta() != 1.0) {
                    double betaHat = FixedPointMath.dequantize(FixedPointMath.quantize(gm.beta(), plan.weightScale()),
                            plan.weightScale());
                    double[] ch = hat(cn);
                    double[] e0 = err(cn);
                    ec = new double[ch.length];
                    for (int i = 0; i < ec.length; i++) {
                        ec[i] = Math.abs(gm.beta()) * e0[i] + Math.abs(betaHat - gm.beta()) * Math.abs(ch[i]);
                    }
                    sc += plan.weightScale();
                } else {
                    ec = err(cn);
                }
                int[] mc = IndexMaps.broadcast(shape(cn), out);
                double alignC = sc > accScale ? half(accScale) : 0;
                for (int i = 0; i < e.length; i++) {
                    e[i] += ec[mc[i]] + alignC;
                }
            }
            return plus(e, rescaleTerm(accScale - so, so));
        }

        private double[] conv(Node n, Shape out, int so) {
            String x = n.inputs().get(0);
            String w = n.inputs().get(1);
            int accScale = scale(x) + scale(w);
            double[] e = product(n.op(), out, x, abs(hat(x)), err(x), w, abs(hat(w)), err(w));
            if (n.inputs().size() == 3) {
                String b = n.inputs().get(2);
                double[] eb = err(b);
                double alignB = scale(b) > accScale ? half(accScale) : 0;
                int channels = out.dim(1);
                int plane = out.size() / Math.max(out.dim(0) * channels, 1);
                for (int i = 0; i < e.length; i++) {
                    e[i] += eb[(i / plane) % channels] + alignB;
                }
            }
            return plus(e, rescaleTerm(accScale - so, so));
        }

        private double[] batchNorm(Node n, BatchNorm bn, int so) {
            String x = n.inputs().get(0);
            int sx = scale(x);
            int sw = plan.weightScale();
            Tensor[] p = new Tensor[5];
            for (int i = 1; i < 5; i++) {
                p[i] = g.initializers().get(n.inputs().get(i));
            }
            QuantizedConstants.Affine affine = QuantizedConstants.batchNorm(bn.epsilon(), p[1], p[2], p[3], p[4], sw, so);
            double[] xh = hat(x);
            double[] ex = err(x);
            Shape xs = shape(x);
            int channels = xs.dim(1);
            int plane = xh.length / Math.max(xs.dim(0) * channels, 1);
            double[] e = new double[xh.length];
            for (int i = 0; i < e.length; i++) {
                int c = (i / plane) % channels;
                double a = p[1].get(c) / StrictMath.sqrt(p[4].get(c) + bn.epsilon());
                double b = p[2].get(c) - p[3].get(c) * a;
                e[i] = Math.abs(a) * ex[i] + Math.abs(xh[i]) * Math.abs(FixedPointMath.dequantize(affine.a()[c], sw) - a)
                        + Math.abs(FixedPointMath.dequantize(affine.b()[c], so) - b) + rescaleTerm(sx + sw - so, so);
            }
            return e;
        }

        private double[] softmax(Node n, Softmax s, int so) {
            String x = n.inputs().get(0);
            TableSpec spec = plan.table(n.name());
            int se = spec.outScale();
            double[] ex = err(x);
            double[] yh = hat(n.output());
            Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(shape(x), s.axis());
            int rows = geo.n();
            double denominator = StrictMath.scalb(1.0, se + 1) - rows;
            boolean sound = LookupTable.entry(LookupTable.EXP, spec.lo(), spec.inScale(), se, plan.activationBits()) == 0
                    && (1L << se) <= plan.maxActivation() && denominator > 0;
            double local = sound ? half(so) + (1.0 + rows) / denominator : INF;
            double[] e = new double[ex.length];
            for (int o = 0; o < geo.outer(); o++) {
                for (int in = 0; in < geo.inner(); in++) {
                    int base = o * geo.n() * geo.inner() + in;
                    double maxErr = 0;
                    for (int t = 0; t < geo.n(); t++) {
                        maxErr = Math.max(maxErr, ex[base + t * geo.inner()]);
                    }
                    double growth = maxErr == 0 ? 0 : StrictMath.expm1(2 * maxErr);
                    for (int t = 0; t < geo.n(); t++) {
                        int i = base + t * geo.inner();
                        e[i] = local + Math.min(1, yh[i] + local) * growth;
                    }
                }
            }
            return e;
        }

        private double[] layerNorm(Node n, LayerNorm ln, int so) {
            String x = n.inputs().get(0);
            int sx = scale(x);
            TableSpec spec = plan.table(n.name());
            int sr = spec.outScale();
            double u = StrictMath.scalb(1.0, -sx);
            double[] xh = hat(x);
            double[] ex = err(x);
            Shape norm = Kernels.normalisedShape(shape(x), ln.axis());
            int count = norm.size();
            int rows = xh.length / Math.max(count, 1);
            String gn = n.inputs().get(1);
            int[] mg = IndexMaps.broadcast(shape(gn), norm);
            double[] gh = hat(gn);
            double[] eg = err(gn);
            String bn = n.inputs().size() == 3 ? n.inputs().get(2) : null;
            int[] mb = bn == null ? null : IndexMaps.broadcast(shape(bn), norm);
            double betaTerm = bn == null ? 0 : align(scale(bn), so);
            double gammaRound = scale(gn) > 0 ? half(so) : 0;
            double zRound = rescaleTerm(sx + sr - so, so);
            // |V^ - V| <= e1^2 + u^2/2 + u/2 + u/2 with |e1| <= u/2 (mean, variance, rescale, epsilon).
            double varianceError = u + 0.75 * u * u;
            double[] e = new double[xh.length];
            for (int r = 0; r < rows; r++) {
                int base = r * count;
                double mean = 0;
                double maxErr = 0;
                for (int i = 0; i < count; i++) {
                    mean += xh[base + i];
                    maxErr = Math.max(maxErr, ex[base + i]);
                }
                mean /= count;
                double var = 0;
                for (int i = 0; i < count; i++) {
                    double d = xh[base + i] - mean;
                    var += d * d;
                }
                double v = var / count + ln.epsilon();
                double m = v - varianceError;
                double rho = 1 / StrictMath.sqrt(v);
                double sd = StrictMath.sqrt(v);
                boolean sound = m > 0 && StrictMath.scalb(1 / StrictMath.sqrt(m), sr) < plan.maxActivation();
                double dRho = varianceError / (2 * m * StrictMath.sqrt(m)) + half(sr);
                for (int i = 0; i < count; i++) {
                    int k = base + i;
                    if (!sound || (maxErr > 0 && sd <= 2 * maxErr)) {
                        e[k] = INF;
                        continue;
                    }
                    double d = Math.abs(xh[k] - mean);
                    double ez = d * dRho + 0.5 * u * (rho + dRho) + zRound;
                    double gAbs = Math.abs(gh[mg[i]]);
                    double local = gAbs * ez + d * rho * eg[mg[i]] + gammaRound
                            + (bn == null ? 0 : err(bn)[mb[i]] + betaTerm);
                    double carried = maxErr == 0 ? 0
                            : (gAbs + eg[mg[i]]) * 2 * maxErr * (1 + d / sd) / (sd - 2 * maxErr);
                    e[k] = local + carried;
                }
            }
            return e;
        }

        private double[] argMax(Node n, ArgMax a, String x, Shape out) {
            double[] xh = hat(x);
            double[] ex = err(x);
            Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(shape(x), a.axis());
            FixedTensor chosen = fixed.get(n.output());
            double[] e = new double[out.size()];
            for (int o = 0; o < geo.outer(); o++) {
                for (int in = 0; in < geo.inner(); in++) {
                    int base = o * geo.n() * geo.inner() + in;
                    int best = (int) chosen.get(o * geo.inner() + in);
                    boolean certain = true;
                    for (int t = 0; t < geo.n() && certain; t++) {
                        if (t == best) {
                            continue;
                        }
                        int bi = base + best * geo.inner();
                        int ti = base + t * geo.inner();
                        double margin = xh[bi] - xh[ti];
                        double slack = ex[bi] + ex[ti];
                        // Float must pick the same index: a strict win beyond the errors, or exact
                        // values where the tie rule decides identically.
                        certain = slack == 0 || margin > slack;
                    }
                    e[o * geo.inner() + in] = certain ? 0 : INF;
                }
            }
            return e;
        }
    }

    private static double[] folded(Tensor t, double factor, int s) {
        long[] q = QuantizedConstants.scaled(t, factor, s);
        double[] d = new double[q.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = FixedPointMath.dequantize(q[i], s);
        }
        return d;
    }

    private static double[] scaledCopy(double[] v, double factor) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = factor * v[i];
        }
        return out;
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.abs(a[i] - b[i]);
        }
        return d;
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private static double[] plus(double[] v, double c) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] + c;
        }
        return out;
    }
}
