package dev.zkmlc.optimizer.quant;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.fixed.FixedPointException;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointMath;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.LookupTable;
import dev.zkmlc.ir.fixed.OverflowException;
import dev.zkmlc.ir.fixed.RangeViolation;
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.op.Abs;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.BinaryOp;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Div;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.LeakyRelu;
import dev.zkmlc.ir.op.Log;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Max;
import dev.zkmlc.ir.op.Min;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Reciprocal;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Sqrt;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a float graph into a {@link FixedPointPlan}. Scales: inputs at the input scale; every op
 * that rescales (matmul, gemm, conv, mul, div, batch/layer norm, softmax, table lookups) produces
 * the activation scale; ops that only compare, move or sum keep their input's scale (the largest
 * operand scale for add, sub, max, min, concat, where); argmax gives scale 0. Weights take the
 * weight scale; a conv/gemm bias the accumulator scale (input + weight), so adding it is exact;
 * a constant added to an activation takes that activation's scale; a layer-norm beta the output's.
 *
 * <p>Without calibration, table domains are [-R, R] (R the assumed activation range; [0, R] for
 * log, sqrt and reciprocal; [0, R^2] for layer norm's variance) and the bit bound allows 2^8 times
 * R at the finest scale in use. With calibration, each range is the observed one widened by the
 * margin, the bit bound fits the largest observed magnitude (plus margin), and the plan is then
 * checked by running the exact interpreter on every sample: a range a sample still leaves is
 * widened to include it, and an accumulator beyond 64 bits lowers all scales by one; both repeat
 * until every sample runs.
 */
public final class Quantizer {
    private static final int MAX_ATTEMPTS = 64;

    private Quantizer() {}

    public static FixedPointPlan quantize(Graph g, QuantizeOptions options) {
        Calibration cal = options.calibration().isEmpty() ? null : Calibration.measure(g, options.calibration());
        QuantizeOptions o = options;
        int extraBits = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            FixedPointPlan plan = build(g, o, cal, extraBits);
            if (cal == null) {
                return plan;
            }
            try {
                for (Map<String, Tensor> sample : o.calibration()) {
                    FixedPointInterpreter.runAll(g, plan, sample);
                }
                return plan;
            } catch (RangeViolation rv) {
                if (rv.kind() == RangeViolation.Kind.ACTIVATION_BOUND) {
                    extraBits++;
                } else {
                    TableSpec t = plan.table(rv.node());
                    String key = g.nodes().stream().filter(n -> n.name().equals(rv.node())).findFirst()
                            .map(n -> n.op() instanceof LayerNorm ? Calibration.varianceKey(n.name())
                                    : n.op() instanceof Div ? n.inputs().get(1) : n.inputs().get(0))
                            .orElseThrow();
                    cal.include(key, FixedPointMath.dequantize(rv.value(), t.inScale()));
                }
            } catch (OverflowException overflow) {
                if (o.inputScale() == 0 && o.activationScale() == 0 && o.weightScale() == 0) {
                    throw overflow;
                }
                o = o.withScales(Math.max(0, o.inputScale() - 1), Math.max(0, o.activationScale() - 1),
                        Math.max(0, o.weightScale() - 1));
            }
        }
        throw new FixedPointException("quantizer: no plan runs every calibration sample after " + MAX_ATTEMPTS
                + " attempts");
    }

    private static FixedPointPlan build(Graph g, QuantizeOptions o, Calibration cal, int extraBits) {
        Map<String, Integer> scales = new LinkedHashMap<>();
        Map<String, TableSpec> tables = new LinkedHashMap<>();
        int sa = o.activationScale();
        int sw = o.weightScale();
        for (Input in : g.inputs()) {
            scales.put(in.name(), o.inputScale());
        }
        for (Node n : g.nodes()) {
            assignConstantScales(g, n, scales, sa, sw);
            int sx = scales.get(n.inputs().get(0));
            int so = outputScale(n, scales, sa);
            scales.put(n.output(), so);
            Op op = n.op();
            if (op instanceof UnaryOp u && !isPiecewiseExact(u)) {
                tables.put(n.name(), unaryTable(u, n, sx, so, o, cal));
            } else if (op instanceof Div && !g.initializers().containsKey(n.inputs().get(1))) {
                tables.put(n.name(), rangeTable(n.inputs().get(1), true, scales.get(n.inputs().get(1)), sa, o, cal));
            } else if (op instanceof Softmax) {
                long lo = softmaxLow(sx, so);
                tables.put(n.name(), new TableSpec(lo, 0, sx, so));
            } else if (op instanceof LayerNorm) {
                tables.put(n.name(), varianceTable(n, sx, so, o, cal));
            }
        }
        for (String init : g.initializers().keySet()) {
            scales.putIfAbsent(init, sw);
        }
        int bits = Math.min(63, bitBound(g, scales, tables, o, cal, sa) + extraBits);
        return new FixedPointPlan(scales, sw, bits, tables);
    }

    /** Relu, neg, abs, clip and leaky relu compute by comparison and exact arithmetic, not by table. */
    private static boolean isPiecewiseExact(UnaryOp u) {
        return u instanceof Relu || u instanceof Neg || u instanceof Abs || u instanceof Clip || u instanceof LeakyRelu;
    }

    private static void assignConstantScales(Graph g, Node n, Map<String, Integer> scales, int sa, int sw) {
        Op op = n.op();
        List<String> ins = n.inputs();
        int computedMax = -1;
        for (String in : ins) {
            if (!g.initializers().containsKey(in) && scales.containsKey(in)) {
                computedMax = Math.max(computedMax, scales.get(in));
            }
        }
        for (int i = 0; i < ins.size(); i++) {
            String in = ins.get(i);
            if (!g.initializers().containsKey(in) || scales.containsKey(in)) {
                continue;
            }
            int s;
            boolean accumulating = op instanceof Conv || op instanceof ConvTranspose || op instanceof Gemm;
            if (accumulating && i == 2) {
                s = scales.get(ins.get(0)) + scales.get(ins.get(1));
            } else if (op instanceof Add || op instanceof Sub || op instanceof Max || op instanceof Min
                    || op instanceof Concat || op instanceof Where) {
                s = computedMax >= 0 ? computedMax : sa;
            } else if (op instanceof LayerNorm && i == 2) {
                s = sa;
            } else {
                s = sw;
            }
            scales.put(in, s);
        }
    }

    private static int outputScale(Node n, Map<String, Integer> scales, int sa) {
        Op op = n.op();
        if (op instanceof ArgMax) {
            return 0;
        }
        if (op instanceof UnaryOp u) {
            return isPiecewiseExact(u) ? scales.get(n.inputs().get(0)) : sa;
        }
        if (op instanceof Mul || op instanceof Div || op instanceof MatMul || op instanceof Gemm || op instanceof Conv
                || op instanceof ConvTranspose || op instanceof Softmax || op instanceof LayerNorm
                || op instanceof BatchNorm) {
            return sa;
        }
        if (op instanceof BinaryOp || op instanceof Concat || op instanceof Where) {
            int s = 0;
            for (String in : n.inputs()) {
                s = Math.max(s, scales.get(in));
            }
            return s;
        }
        return scales.get(n.inputs().get(0));
    }

    private static TableSpec unaryTable(UnaryOp u, Node n, int sx, int so, QuantizeOptions o, Calibration cal) {
        boolean positive = u instanceof Log || u instanceof Sqrt || u instanceof Reciprocal;
        return rangeTable(n.inputs().get(0), positive, sx, so, o, cal);
    }

    /** A table over the calibrated range of {@code value}, or the default domain. */
    private static TableSpec rangeTable(String value, boolean positive, int sx, int so, QuantizeOptions o,
            Calibration cal) {
        double[] r = cal == null ? null : cal.range(value);
        double lo;
        double hi;
        if (r == null) {
            lo = positive ? 0 : -o.activationRange();
            hi = o.activationRange();
        } else {
            double slack = o.margin() * Math.max(r[1] - r[0], Math.max(Math.abs(r[0]), Math.abs(r[1])));
            lo = r[0] - slack;
            hi = r[1] + slack;
            // An observed range of one sign keeps its sign (widened at most to half its near end):
            // a table of 1/x or log x must not reach across 0.
            if (r[0] > 0) {
                lo = Math.max(lo, r[0] / 2);
            }
            if (r[1] < 0) {
                hi = Math.min(hi, r[1] / 2);
            }
        }
        // Two steps of slack at the table's resolution absorb the rounding of the fixed-point input,
        // except across 0 for a one-signed range.
        long qlo = (long) Math.floor(StrictMath.scalb(lo, sx)) - 2;
        long qhi = (long) Math.ceil(StrictMath.scalb(hi, sx)) + 2;
        if (lo > 0) {
            qlo = Math.max(qlo, 1);
        }
        if (hi < 0) {
            qhi = Math.min(qhi, -1);
        }
        return new TableSpec(qlo, qhi, sx, so);
    }

    private static TableSpec varianceTable(Node n, int sx, int so, QuantizeOptions o, Calibration cal) {
        double[] r = cal == null ? null : cal.range(Calibration.varianceKey(n.name()));
        double lo = r == null ? 0 : r[0] * (1 - o.margin());
        double hi = r == null ? o.activationRange() * o.activationRange() : r[1] * (1 + o.margin());
        long qlo = Math.max(0, (long) Math.floor(StrictMath.scalb(lo, sx)) - 2);
        return new TableSpec(qlo, (long) Math.ceil(StrictMath.scalb(hi, sx)) + 2, sx, so);
    }

    /**
     * The exp table's low end for softmax: the largest lo <= 0 whose row (and every row below) is 0,
     * so clamping differences below lo to lo changes nothing.
     */
    static long softmaxLow(int sx, int se) {
        long lo = (long) Math.floor(StrictMath.scalb(StrictMath.log(0.5) * (se + 1), sx));
        while (LookupTable.entry(LookupTable.EXP, lo, sx, se, 63) != 0) {
            lo--;
        }
        while (lo < 0 && LookupTable.entry(LookupTable.EXP, lo + 1, sx, se, 63) == 0) {
            lo++;
        }
        return lo;
    }

    private static int bitBound(Graph g, Map<String, Integer> scales, Map<String, TableSpec> tables,
            QuantizeOptions o, Calibration cal, int sa) {
        long need = 1L << (sa + 1); // softmax's e^0 row at the activation scale
        for (Node n : g.nodes()) {
            TableSpec t = tables.get(n.name());
            if (t != null) {
                need = Math.max(need, Math.max(Math.abs(t.lo()), Math.abs(t.hi())));
            }
            if (n.op() instanceof Reciprocal || (n.op() instanceof Div && t != null)) {
                // 1/x peaks at the smallest non-zero |x| the table covers: that row must fit too.
                long smallest = t.lo() > 0 ? t.lo() : t.hi() < 0 ? t.hi() : 1;
                need = Math.max(need, Math.abs(LookupTable.entry(LookupTable.RECIPROCAL, smallest, t.inScale(),
                        t.outScale(), 63)));
            }
            if (n.op() instanceof LayerNorm) {
                // The largest 1/sqrt row (at the smallest non-zero variance) is an intermediate to bound too.
                need = Math.max(need, LookupTable.entry(LookupTable.RSQRT, Math.max(1, t.lo()), t.inScale(),
                        t.outScale(), 63));
            }
        }
        List<String> computed = new ArrayList<>();
        for (Input in : g.inputs()) {
            computed.add(in.name());
        }
        for (Node n : g.nodes()) {
            computed.add(n.output());
        }
        for (String v : computed) {
            int s = scales.get(v);
            double magnitude;
            double[] r = cal == null ? null : cal.range(v);
            if (r == null) {
                magnitude = o.activationRange() * 256;
            } else {
                magnitude = Math.max(Math.abs(r[0]), Math.abs(r[1])) * (1 + o.margin()) + 1;
            }
            need = Math.max(need, (long) Math.min(0x1p62, Math.ceil(StrictMath.scalb(magnitude, s))));
        }
        return 64 - Long.numberOfLeadingZeros(need) + 1;
    }
}
