package dev.zkmlc.frontend.onnx;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.Abs;
import dev.zkmlc.ir.op.Acos;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.Asin;
import dev.zkmlc.ir.op.Atan;
import dev.zkmlc.ir.op.BinaryOp;
import dev.zkmlc.ir.op.Ceil;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Cos;
import dev.zkmlc.ir.op.Div;
import dev.zkmlc.ir.op.Erf;
import dev.zkmlc.ir.op.Exp;
import dev.zkmlc.ir.op.Expand;
import dev.zkmlc.ir.op.Flatten;
import dev.zkmlc.ir.op.Floor;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.Gelu;
import dev.zkmlc.ir.op.HardSigmoid;
import dev.zkmlc.ir.op.LeakyRelu;
import dev.zkmlc.ir.op.Log;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Max;
import dev.zkmlc.ir.op.Min;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Pow;
import dev.zkmlc.ir.op.Reciprocal;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Round;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Sign;
import dev.zkmlc.ir.op.Sin;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Softplus;
import dev.zkmlc.ir.op.Sqrt;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.Tan;
import dev.zkmlc.ir.op.Tanh;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Unsqueeze;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Maps the ONNX operators (default domain, opsets 7 to 21) onto the graph IR: elementwise math,
 * comparisons and logic, and the data-movement and shape operators. The neural-network layers
 * (convolution, pooling, normalisation, resizing, recurrences) are in {@link LayerOperators}.
 */
final class Operators {
    private Operators() {}

    /** Every operator type the importer knows. */
    static final Set<String> SUPPORTED = Set.of("Identity", "Dropout", "Constant", "Cast", "CastLike", "Add", "Sub",
            "Mul", "Div", "Pow", "Sum", "Mean", "Max", "Min", "Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt",
            "Reciprocal", "Neg", "Abs", "Erf", "Softplus", "Sign", "Floor", "Ceil", "Round", "Sin", "Cos", "Tan",
            "Asin", "Acos", "Atan", "LeakyRelu", "HardSigmoid", "Elu", "Celu", "Selu", "HardSwish", "Softsign",
            "Mish", "PRelu", "ThresholdedRelu", "Gelu", "Clip", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "Equal", "Not", "And", "Or", "Xor", "Where", "MatMul", "Gemm", "Softmax", "LogSoftmax", "ReduceSum",
            "ReduceMean", "ReduceMax", "ReduceMin", "ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum",
            "ReduceLogSumExp", "ArgMax", "ArgMin", "Shape", "Size", "Reshape", "Flatten", "Transpose", "Squeeze",
            "Unsqueeze", "Concat", "Split", "Slice", "Gather", "GatherElements", "GatherND", "ScatterND", "ScatterElements", "TopK", "Expand", "Tile",
            "ConstantOfShape", "Range",
            "EyeLike", "Trilu", "OneHot", "NonZero", "Conv", "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool",
            "GlobalMaxPool", "BatchNormalization", "InstanceNormalization", "LayerNormalization", "Pad", "Resize",
            "Upsample", "LSTM", "GRU", "RNN");

    static List<Value> convert(NodeContext n) {
        switch (n.opType) {
            case "Identity":
                return List.of(n.req(0));
            case "Dropout":
                n.onlyFirstOutput();
                return List.of(n.req(0));
            case "Constant":
                return List.of(constant(n));
            case "Cast":
                return List.of(cast(n, n.req(0), castTarget(n)));
            case "CastLike":
                return List.of(cast(n, n.req(0), n.req(1).kind()));
            case "Add":
                return one(binary(n, new Add(), n.req(0), n.req(1)));
            case "Sub":
                return one(binary(n, new Sub(), n.req(0), n.req(1)));
            case "Mul":
                return one(binary(n, new Mul(), n.req(0), n.req(1)));
            case "Div":
                return one(binary(n, new Div(), n.req(0), n.req(1)));
            case "Pow":
                return one(pow(n));
            case "Sum":
            case "Mean":
            case "Max":
            case "Min":
                return one(variadic(n));
            case "Relu":
                return one(n.apply(new Relu(), n.req(0)));
            case "Sigmoid":
                return one(n.apply(new Sigmoid(), n.req(0)));
            case "Tanh":
                return one(n.apply(new Tanh(), n.req(0)));
            case "Exp":
                return one(n.apply(new Exp(), n.req(0)));
            case "Log":
                return one(n.apply(new Log(), n.req(0)));
            case "Sqrt":
                return one(n.apply(new Sqrt(), n.req(0)));
            case "Reciprocal":
                return one(n.apply(new Reciprocal(), n.req(0)));
            case "Neg":
                return one(n.apply(new Neg(), n.req(0)));
            case "Abs":
                return one(n.apply(new Abs(), n.req(0)));
            case "Erf":
                return one(n.apply(new Erf(), n.req(0)));
            case "Softplus":
                return one(n.apply(new Softplus(), n.req(0)));
            case "Sign":
                return one(n.apply(new Sign(), n.req(0)));
            case "Floor":
                return one(rounding(n, new Floor()));
            case "Ceil":
                return one(rounding(n, new Ceil()));
            case "Round":
                return one(rounding(n, new Round()));
            case "Sin":
                return one(n.apply(new Sin(), n.req(0)));
            case "Cos":
                return one(n.apply(new Cos(), n.req(0)));
            case "Tan":
                return one(n.apply(new Tan(), n.req(0)));
            case "Asin":
                return one(n.apply(new Asin(), n.req(0)));
            case "Acos":
                return one(n.apply(new Acos(), n.req(0)));
            case "Atan":
                return one(n.apply(new Atan(), n.req(0)));
            case "LeakyRelu":
                return one(n.apply(new LeakyRelu(n.attrs.getFloat("alpha", 0.01f)), n.req(0)));
            case "HardSigmoid":
                return one(n.apply(new HardSigmoid(n.attrs.getFloat("alpha", 0.2f), n.attrs.getFloat("beta", 0.5f)),
                        n.req(0)));
            case "Elu":
                return one(elu(n, n.req(0), n.attrs.getFloat("alpha", 1.0), 1.0, 1.0));
            case "Celu": {
                double alpha = n.attrs.getFloat("alpha", 1.0);
                return one(elu(n, n.req(0), alpha, 1.0 / alpha, 1.0));
            }
            case "Selu":
                return one(elu(n, n.req(0), n.attrs.getFloat("alpha", 1.67326319217681884765625),
                        1.0, n.attrs.getFloat("gamma", 1.05070102214813232421875)));
            case "HardSwish": {
                Value x = n.req(0);
                return one(n.apply(new Mul(), x, n.apply(new HardSigmoid(1.0 / 6.0, 0.5), x)));
            }
            case "Softsign": {
                Value x = n.req(0);
                return one(n.apply(new Div(), x, n.apply(new Add(), n.apply(new Abs(), x), NodeContext.scalar(1))));
            }
            case "Mish": {
                Value x = n.req(0);
                return one(n.apply(new Mul(), x, n.apply(new Tanh(), n.apply(new Softplus(), x))));
            }
            case "PRelu": {
                Value x = n.req(0);
                Value negative = n.apply(new Min(), x, NodeContext.scalar(0));
                return one(n.apply(new Add(), n.apply(new Relu(), x), n.apply(new Mul(), n.req(1), negative)));
            }
            case "ThresholdedRelu": {
                Value x = n.req(0);
                Value above = greater(n, x, NodeContext.scalar(n.attrs.getFloat("alpha", 1.0)));
                return one(n.apply(new Mul(), x, above));
            }
            case "Gelu": {
                String approx = n.attrs.getString("approximate", "none");
                if (!approx.equals("none") && !approx.equals("tanh")) {
                    throw new Unsupported("attribute approximate=" + approx + " is not supported");
                }
                return one(n.apply(new Gelu(approx.equals("tanh")), n.req(0)));
            }
            case "Clip":
                return one(clip(n));
            case "Less":
                return one(greater(n, n.req(1), n.req(0)));
            case "Greater":
                return one(greater(n, n.req(0), n.req(1)));
            case "LessOrEqual":
                return one(not(n, greater(n, n.req(0), n.req(1))));
            case "GreaterOrEqual":
                return one(not(n, greater(n, n.req(1), n.req(0))));
            case "Equal": {
                Value diff = n.apply(new Abs(), n.apply(new Sign(), n.apply(new Sub(), n.req(0), n.req(1))));
                return one(not(n, diff));
            }
            case "Not":
                return one(not(n, n.req(0)));
            case "And":
                return one(n.apply(new Mul(), ElemKind.BOOL, n.req(0), n.req(1)));
            case "Or": {
                Value a = n.req(0);
                Value b = n.req(1);
                return one(n.apply(new Sub(), ElemKind.BOOL, n.apply(new Add(), a, b), n.apply(new Mul(), a, b)));
            }
            case "Xor":
                return one(n.apply(new Abs(), ElemKind.BOOL, n.apply(new Sub(), n.req(0), n.req(1))));
            case "Where":
                return one(where(n));
            case "MatMul":
                return one(n.apply(new MatMul(), ElemKind.FLOAT, n.req(0), n.req(1)));
            case "Gemm":
                return one(LayerOperators.gemm(n));
            case "Softmax":
            case "LogSoftmax":
                return one(softmax(n));
            case "ReduceSum":
            case "ReduceMean":
            case "ReduceMax":
            case "ReduceMin":
            case "ReduceL1":
            case "ReduceL2":
            case "ReduceSumSquare":
            case "ReduceLogSum":
            case "ReduceLogSumExp":
                return one(reduce(n));
            case "ArgMax":
            case "ArgMin":
                return one(argMax(n));
            case "Shape":
                return one(shape(n));
            case "Size":
                return one(new Value.Const(Tensor.scalar(n.req(0).shape().size()), ElemKind.INT));
            case "Reshape":
                return one(reshape(n));
            case "Flatten":
                return one(n.apply(new Flatten((int) n.attrs.getInt("axis", 1)), n.req(0)));
            case "Transpose":
                return one(transpose(n));
            case "Squeeze":
                return one(squeeze(n));
            case "Unsqueeze":
                return one(unsqueeze(n));
            case "Concat":
                return one(concat(n));
            case "Split":
                return split(n);
            case "Slice":
                return one(slice(n));
            case "Gather":
                return one(gather(n));
            case "GatherElements":
                return one(gatherElements(n));
            case "GatherND":
                return one(gatherNd(n));
            case "ScatterND":
                return one(scatterNd(n));
            case "ScatterElements":
                return one(scatterElements(n));
            case "TopK":
                return topK(n);
            case "Expand": {
                Value x = n.req(0);
                return one(n.apply(new Expand(NodeContext.ints(n.constant(1, "the shape"), "the shape")), x));
            }
            case "Tile":
                return one(tile(n));
            case "ConstantOfShape":
                return one(constantOfShape(n));
            case "Range":
                return one(range(n));
            case "EyeLike":
                return one(eyeLike(n));
            case "Trilu":
                return one(trilu(n));
            case "OneHot":
                return one(oneHot(n));
            case "NonZero":
                return one(nonZero(n));
            default:
                return LayerOperators.convert(n);
        }
    }

    private static List<Value> one(Value v) {
        return List.of(v);
    }

    // ---- elementwise ----

    private static Value binary(NodeContext n, BinaryOp op, Value a, Value b) {
        ElemKind kind = a.kind() == ElemKind.FLOAT || b.kind() == ElemKind.FLOAT ? ElemKind.FLOAT : ElemKind.INT;
        if (op instanceof Div && kind == ElemKind.FLOAT && !(b instanceof Value.Const)) {
            // A run-time divisor becomes a product with its reciprocal: the fixed-point circuit
            // divides by constants only, and computes 1/x with a lookup table.
            return n.apply(new Mul(), kind, a, n.apply(new Reciprocal(), b));
        }
        Value r = n.apply(op, kind, a, b);
        if (op instanceof Div && kind == ElemKind.INT) {
            r = truncate(n, r);
        }
        return r;
    }

    /** Rounds toward zero, as ONNX's integer division and float-to-int casts do. */
    static Value truncate(NodeContext n, Value x) {
        Value whole = n.apply(new Floor(), ElemKind.INT, n.apply(new Abs(), x));
        return n.apply(new Mul(), ElemKind.INT, n.apply(new Sign(), x), whole);
    }

    private static Value rounding(NodeContext n, UnaryOp op) {
        Value x = n.req(0);
        return x.kind() == ElemKind.FLOAT ? n.apply(op, x) : x;
    }

    /** 1 where a > b, else 0: the sign of a - b, with -1 cut to 0. */
    static Value greater(NodeContext n, Value a, Value b) {
        return n.apply(new Relu(), ElemKind.BOOL, n.apply(new Sign(), ElemKind.FLOAT, n.apply(new Sub(), a, b)));
    }

    private static Value not(NodeContext n, Value x) {
        return n.apply(new Sub(), ElemKind.BOOL, NodeContext.scalar(1), x);
    }

    /** Relu(x) + gamma-scaled alpha * (exp(min(x, 0) * inner) - 1): Elu, Celu and Selu. */
    private static Value elu(NodeContext n, Value x, double alpha, double inner, double gamma) {
        Value negative = n.apply(new Min(), x, NodeContext.scalar(0));
        if (inner != 1.0) {
            negative = n.apply(new Mul(), negative, NodeContext.scalar(inner));
        }
        Value tail = n.apply(new Sub(), n.apply(new Exp(), negative), NodeContext.scalar(1));
        tail = n.apply(new Mul(), tail, NodeContext.scalar(alpha));
        Value r = n.apply(new Add(), n.apply(new Relu(), x), tail);
        return gamma == 1.0 ? r : n.apply(new Mul(), r, NodeContext.scalar(gamma));
    }

    private static Value pow(NodeContext n) {
        Value base = n.req(0);
        Value exponent = n.req(1);
        if (base instanceof Value.Const b && exponent instanceof Value.Const e) {
            Shape out = dev.zkmlc.ir.op.ShapeRules.broadcast(b.shape(), e.shape());
            double[] x = ConstantFolder.broadcast(b.tensor(), out);
            double[] y = ConstantFolder.broadcast(e.tensor(), out);
            for (int i = 0; i < x.length; i++) {
                x[i] = StrictMath.pow(x[i], y[i]);
            }
            return new Value.Const(new Tensor(out, x), b.kind());
        }
        if (exponent instanceof Value.Const e) {
            Double uniform = uniform(e.tensor());
            if (uniform == null) {
                throw new Unsupported("the exponent must be one constant for all elements");
            }
            Shape out = dev.zkmlc.ir.op.ShapeRules.broadcast(base.shape(), e.shape());
            Value r = uniform == 1.0 ? base : n.apply(new Pow(uniform), base);
            return r.shape().equals(out) ? r : n.apply(new Expand(NodeContext.dims(out)), r);
        }
        if (base instanceof Value.Const b) {
            Double uniform = uniform(b.tensor());
            if (uniform == null || uniform <= 0) {
                throw new Unsupported("a run-time exponent needs one positive constant base");
            }
            Value scaled = n.apply(new Mul(), ElemKind.FLOAT, exponent, NodeContext.scalar(StrictMath.log(uniform)));
            Value r = n.apply(new Exp(), scaled);
            Shape out = dev.zkmlc.ir.op.ShapeRules.broadcast(b.shape(), exponent.shape());
            return r.shape().equals(out) ? r : n.apply(new Expand(NodeContext.dims(out)), r);
        }
        throw new Unsupported("base and exponent both computed at run time are not supported");
    }

    private static Double uniform(Tensor t) {
        if (t.size() == 0) {
            return null;
        }
        double first = t.get(0);
        for (int i = 1; i < t.size(); i++) {
            if (t.get(i) != first) {
                return null;
            }
        }
        return first;
    }

    private static Value variadic(NodeContext n) {
        BinaryOp op = n.opType.equals("Max") ? new Max() : n.opType.equals("Min") ? new Min() : new Add();
        Value acc = n.req(0);
        for (int i = 1; i < n.inputCount(); i++) {
            acc = binary(n, op, acc, n.req(i));
        }
        if (n.opType.equals("Mean") && n.inputCount() > 1) {
            acc = n.apply(new Div(), acc, NodeContext.scalar(n.inputCount()));
        }
        return acc;
    }

    private static Value clip(NodeContext n) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (n.opset < 11) {
            lo = n.attrs.getFloat("min", lo);
            hi = n.attrs.getFloat("max", hi);
        } else {
            if (n.in(1) != null) {
                lo = scalarOf(n.constant(1, "the minimum"), "the minimum");
            }
            if (n.in(2) != null) {
                hi = scalarOf(n.constant(2, "the maximum"), "the maximum");
            }
        }
        return n.apply(new Clip(lo, hi), n.req(0));
    }

    private static double scalarOf(Value.Const c, String what) {
        if (c.tensor().size() != 1) {
            throw new Unsupported(what + " must be a single value, got shape " + c.shape());
        }
        return c.tensor().get(0);
    }

    private static Value where(NodeContext n) {
        Value c = n.req(0);
        Value x = n.req(1);
        Value y = n.req(2);
        ElemKind kind = x.kind();
        if (c instanceof Value.Const cc) {
            return n.apply(new Where(cc.tensor()), kind, x, y);
        }
        // A run-time condition selects arithmetically: c * x + (1 - c) * y, exact for 0/1 conditions.
        Value picked = n.apply(new Mul(), kind, c, x);
        Value other = n.apply(new Mul(), kind, n.apply(new Sub(), ElemKind.FLOAT, NodeContext.scalar(1), c), y);
        return n.apply(new Add(), kind, picked, other);
    }

    private static ElemKind castTarget(NodeContext n) {
        long to = n.attrs.getInt("to", 0);
        ElemKind k = ElemKind.of((int) to);
        if (k == null) {
            throw new Unsupported("cast to " + TensorDecoder.typeName((int) to) + " is not supported");
        }
        return k;
    }

    /** Casts between float, integer and bool kinds: toward zero for ints, a non-zero test for bools. */
    private static Value cast(NodeContext n, Value x, ElemKind to) {
        if (x.kind() == to) {
            return x;
        }
        if (to == ElemKind.FLOAT || x.kind() == ElemKind.BOOL) {
            return relabel(x, to);
        }
        if (to == ElemKind.INT) {
            return truncate(n, x);
        }
        return n.apply(new Abs(), ElemKind.BOOL, n.apply(new Sign(), x));
    }

    private static Value relabel(Value x, ElemKind to) {
        if (x instanceof Value.Const c) {
            return new Value.Const(c.tensor(), to);
        }
        Value.Dyn d = (Value.Dyn) x;
        return new Value.Dyn(d.name(), d.shape(), to);
    }

    private static Value constant(NodeContext n) {
        Attributes a = n.attrs;
        if (a.has("value")) {
            try {
                return TensorDecoder.decode(a.get("value").getT());
            } catch (IllegalArgumentException e) {
                throw new Unsupported(e.getMessage());
            }
        }
        if (a.has("value_float")) {
            return new Value.Const(Tensor.scalar(a.getFloat("value_float", 0)), ElemKind.FLOAT);
        }
        if (a.has("value_int")) {
            return new Value.Const(Tensor.scalar(a.getInt("value_int", 0)), ElemKind.INT);
        }
        if (a.has("value_floats")) {
            List<Float> f = a.getFloats("value_floats");
            double[] d = new double[f.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = f.get(i);
            }
            return new Value.Const(new Tensor(Shape.of(d.length), d), ElemKind.FLOAT);
        }
        if (a.has("value_ints")) {
            List<Long> l = a.get("value_ints").getIntsList();
            double[] d = l.stream().mapToDouble(Long::doubleValue).toArray();
            return new Value.Const(new Tensor(Shape.of(d.length), d), ElemKind.INT);
        }
        throw new Unsupported("only tensor, float and int constants are supported");
    }

    // ---- softmax and reductions ----

    private static Value softmax(NodeContext n) {
        Value x = n.req(0);
        int rank = x.shape().rank();
        Value r;
        if (n.opset >= 13) {
            r = n.apply(new Softmax(NodeContext.normaliseAxis((int) n.attrs.getInt("axis", -1), rank)), x);
        } else {
            // Before opset 13 the input is seen as 2-d, split at axis, and normalised over the second part.
            int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 1), Math.max(rank, 1));
            if (axis == rank - 1) {
                r = n.apply(new Softmax(axis), x);
            } else {
                int outer = 1;
                for (int i = 0; i < axis; i++) {
                    outer *= x.shape().dim(i);
                }
                Value flat = n.apply(new Reshape(List.of(outer, x.shape().size() / Math.max(outer, 1))), x);
                r = n.apply(new Reshape(NodeContext.dims(x.shape())), n.apply(new Softmax(1), flat));
            }
        }
        return n.opType.equals("LogSoftmax") ? n.apply(new Log(), r) : r;
    }

    private static Value reduce(NodeContext n) {
        Value x = n.req(0);
        boolean axesAsInput = n.opType.equals("ReduceSum") ? n.opset >= 13 : n.opset >= 18;
        List<Integer> axes;
        if (axesAsInput) {
            axes = n.in(1) == null ? List.of() : NodeContext.ints(n.constant(1, "the axes"), "the axes");
        } else {
            axes = n.attrs.getInts("axes", List.of());
        }
        boolean keep = n.attrs.getInt("keepdims", 1) != 0;
        if (axes.isEmpty() && n.attrs.getInt("noop_with_empty_axes", 0) != 0) {
            return x;
        }
        switch (n.opType) {
            case "ReduceSum":
                return n.apply(new Reduce(Reduce.Kind.SUM, axes, keep), x);
            case "ReduceMean":
                return n.apply(new Reduce(Reduce.Kind.MEAN, axes, keep), x);
            case "ReduceMax":
                return n.apply(new Reduce(Reduce.Kind.MAX, axes, keep), x);
            case "ReduceMin":
                return n.apply(new Reduce(Reduce.Kind.MIN, axes, keep), x);
            case "ReduceL1":
                return n.apply(new Reduce(Reduce.Kind.SUM, axes, keep), n.apply(new Abs(), x));
            case "ReduceL2":
                return n.apply(new Sqrt(), n.apply(new Reduce(Reduce.Kind.SUM, axes, keep), n.apply(new Mul(), x, x)));
            case "ReduceSumSquare":
                return n.apply(new Reduce(Reduce.Kind.SUM, axes, keep), n.apply(new Mul(), x, x));
            case "ReduceLogSum":
                return n.apply(new Log(), n.apply(new Reduce(Reduce.Kind.SUM, axes, keep), x));
            default: {
                // log(sum(exp(x))) computed as m + log(sum(exp(x - m))) with m the maximum, so it
                // cannot overflow.
                Value m = n.apply(new Reduce(Reduce.Kind.MAX, axes, true), x);
                Value s = n.apply(new Reduce(Reduce.Kind.SUM, axes, true), n.apply(new Exp(), n.apply(new Sub(), x, m)));
                Value r = n.apply(new Add(), n.apply(new Log(), s), m);
                if (!keep) {
                    Shape target = n.emit.apply(new Reduce(Reduce.Kind.MAX, axes, false), ElemKind.FLOAT,
                            new Value.Const(Tensor.zeros(x.shape()), ElemKind.FLOAT)).shape();
                    r = n.apply(new Reshape(NodeContext.dims(target)), r);
                }
                return r;
            }
        }
    }

    private static Value argMax(NodeContext n) {
        Value x = n.req(0);
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 0), x.shape().rank());
        boolean keep = n.attrs.getInt("keepdims", 1) != 0;
        boolean last = n.attrs.getInt("select_last_index", 0) != 0;
        if (n.opType.equals("ArgMin")) {
            x = n.apply(new Neg(), x);
        }
        return n.apply(new ArgMax(axis, keep, last), ElemKind.INT, x);
    }

    // ---- shapes and data movement ----

    private static Value shape(NodeContext n) {
        int[] dims = n.req(0).shape().dims();
        int rank = dims.length;
        int start = (int) n.attrs.getInt("start", 0);
        int end = (int) n.attrs.getInt("end", rank);
        start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        end = Math.max(start, Math.min(rank, end < 0 ? end + rank : end));
        double[] d = new double[end - start];
        for (int i = start; i < end; i++) {
            d[i - start] = dims[i];
        }
        return new Value.Const(new Tensor(Shape.of(d.length), d), ElemKind.INT);
    }

    private static Value reshape(NodeContext n) {
        Value x = n.req(0);
        List<Long> requested = NodeContext.longs(n.constant(1, "the target shape"), "the target shape");
        boolean allowZero = n.attrs.getInt("allowzero", 0) != 0;
        int[] in = x.shape().dims();
        int[] out = new int[requested.size()];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            long r = requested.get(i);
            if (r == 0 && !allowZero) {
                if (i >= in.length) {
                    throw new Unsupported("target shape " + requested + " copies dimension " + i + " that "
                            + x.shape() + " lacks");
                }
                out[i] = in[i];
            } else if (r == -1) {
                if (inferred >= 0) {
                    throw new Unsupported("target shape " + requested + " has more than one -1");
                }
                inferred = i;
                continue;
            } else if (r < 0) {
                throw new Unsupported("target shape " + requested + " has a negative dimension");
            } else {
                out[i] = (int) r;
            }
            known *= out[i];
        }
        if (inferred >= 0) {
            if (known == 0 || x.shape().size() % known != 0) {
                throw new Unsupported("cannot reshape " + x.shape() + " to " + requested);
            }
            out[inferred] = (int) (x.shape().size() / known);
        }
        return n.apply(new Reshape(toList(out)), x);
    }

    private static Value transpose(NodeContext n) {
        Value x = n.req(0);
        List<Integer> perm = n.attrs.getInts("perm");
        if (perm == null) {
            perm = new ArrayList<>();
            for (int i = x.shape().rank() - 1; i >= 0; i--) {
                perm.add(i);
            }
        }
        return n.apply(new Transpose(perm), x);
    }

    private static List<Integer> axesOf(NodeContext n, int inputIndex, int sinceOpset) {
        if (n.opset >= sinceOpset) {
            return n.in(inputIndex) == null ? null : NodeContext.ints(n.constant(inputIndex, "the axes"), "the axes");
        }
        return n.attrs.getInts("axes");
    }

    private static Value squeeze(NodeContext n) {
        Value x = n.req(0);
        List<Integer> axes = axesOf(n, 1, 13);
        if (axes == null) {
            axes = new ArrayList<>();
            for (int i = 0; i < x.shape().rank(); i++) {
                if (x.shape().dim(i) == 1) {
                    axes.add(i);
                }
            }
        }
        return n.apply(new Squeeze(axes), x);
    }

    private static Value unsqueeze(NodeContext n) {
        List<Integer> axes = axesOf(n, 1, 13);
        if (axes == null) {
            throw new Unsupported("the axes are missing");
        }
        return n.apply(new Unsqueeze(axes), n.req(0));
    }

    private static Value concat(NodeContext n) {
        Value[] parts = new Value[n.inputCount()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = n.req(i);
        }
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 0), parts[0].shape().rank());
        return n.apply(new Concat(axis), parts[0].kind(), parts);
    }

    private static List<Value> split(NodeContext n) {
        Value x = n.req(0);
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 0), x.shape().rank());
        int extent = x.shape().dim(axis);
        int parts = n.node.getOutputCount();
        List<Integer> sizes;
        if (n.opset >= 13 && n.in(1) != null) {
            sizes = NodeContext.ints(n.constant(1, "the split sizes"), "the split sizes");
        } else if (n.opset < 13 && n.attrs.has("split")) {
            sizes = n.attrs.getInts("split");
        } else {
            // Equal parts; from opset 18 the last may be smaller.
            int each = (extent + parts - 1) / parts;
            sizes = new ArrayList<>();
            for (int i = 0, left = extent; i < parts; i++) {
                sizes.add(Math.min(each, left));
                left -= Math.min(each, left);
            }
        }
        if (sizes.size() != parts || sizes.stream().mapToInt(Integer::intValue).sum() != extent) {
            throw new Unsupported("split sizes " + sizes + " do not divide extent " + extent + " into " + parts);
        }
        List<Value> out = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            out.add(n.apply(new Slice(List.of(start), List.of(start + s), List.of(axis), List.of(1)), x));
            start += s;
        }
        return out;
    }

    private static Value slice(NodeContext n) {
        Value x = n.req(0);
        int rank = x.shape().rank();
        List<Integer> starts;
        List<Integer> ends;
        List<Integer> axes;
        List<Integer> steps;
        if (n.opset < 10) {
            starts = n.attrs.getInts("starts", List.of());
            ends = n.attrs.getInts("ends", List.of());
            axes = n.attrs.getInts("axes");
            steps = null;
        } else {
            starts = NodeContext.clampedInts(n.constant(1, "the starts"), "the starts");
            ends = NodeContext.clampedInts(n.constant(2, "the ends"), "the ends");
            axes = n.in(3) == null ? null : NodeContext.ints(n.constant(3, "the axes"), "the axes");
            steps = n.in(4) == null ? null : NodeContext.clampedInts(n.constant(4, "the steps"), "the steps");
        }
        if (axes == null) {
            axes = new ArrayList<>();
            for (int i = 0; i < starts.size(); i++) {
                axes.add(i);
            }
        }
        if (steps == null) {
            steps = Collections.nCopies(starts.size(), 1);
        }
        if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) {
            throw new Unsupported("starts, ends, axes and steps differ in length");
        }
        List<Integer> s = new ArrayList<>();
        List<Integer> e = new ArrayList<>();
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int axis = NodeContext.normaliseAxis(axes.get(i), rank);
            int dim = x.shape().dim(axis);
            int step = steps.get(i);
            if (step == 0) {
                throw new Unsupported("a step of 0 is not allowed");
            }
            long start = starts.get(i);
            long end = ends.get(i);
            if (start < 0) {
                start += dim;
            }
            if (end < 0) {
                end += dim;
            }
            if (step > 0) {
                start = Math.max(0, Math.min(dim, start));
                end = Math.max(start, Math.min(dim, end));
            } else {
                start = Math.max(-1, Math.min(dim - 1, start));
                end = Math.max(-1, Math.min(start, end));
            }
            s.add((int) start);
            e.add((int) end);
            a.add(axis);
        }
        return n.apply(new Slice(s, e, a, steps), x);
    }

    private static Value gather(NodeContext n) {
        Value x = n.req(0);
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 0), x.shape().rank());
        int extent = x.shape().dim(axis);
        if (!(n.req(1) instanceof Value.Const indices)) {
            return gatherByOneHot(n, x, n.req(1), axis);
        }
        List<Integer> flat = new ArrayList<>();
        for (int i : NodeContext.ints(indices, "the indices")) {
            int k = i < 0 ? i + extent : i;
            if (k < 0 || k >= extent) {
                throw new Unsupported("index " + i + " is out of range for axis " + axis + " of " + x.shape());
            }
            flat.add(k);
        }
        return n.apply(new Gather(axis, flat, NodeContext.dims(indices.shape())), x);
    }

    /**
     * 1 where an index equals k, for each k in [0, extent), along a new last axis: the one-hot rows
     * that turn a gather with run-time indices into sums of products. Negative indices count from
     * the end, as in ONNX.
     */
    static Value oneHotRows(NodeContext n, Value indices, int extent) {
        Value wrapped = n.apply(new Add(), ElemKind.INT, indices,
                n.apply(new Mul(), ElemKind.INT, greater(n, NodeContext.scalar(0), indices), NodeContext.scalar(extent)));
        double[] ks = new double[extent];
        for (int i = 0; i < extent; i++) {
            ks[i] = i;
        }
        Value.Const range = new Value.Const(new Tensor(Shape.of(extent), ks), ElemKind.INT);
        Value column = n.apply(new Unsqueeze(List.of(indices.shape().rank())), wrapped);
        return not(n, n.apply(new Abs(), n.apply(new Sign(), n.apply(new Sub(), column, range))));
    }

    /** Gather with run-time indices: one-hot rows (indices x extent) times the data (extent x rest). */
    private static Value gatherByOneHot(NodeContext n, Value x, Value indices, int axis) {
        int extent = x.shape().dim(axis);
        int rank = x.shape().rank();
        List<Integer> perm = new ArrayList<>();
        perm.add(axis);
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (i != axis) {
                perm.add(i);
                others.add(x.shape().dim(i));
            }
        }
        Value front = axis == 0 ? x : n.apply(new Transpose(perm), x);
        int rest = x.shape().size() / Math.max(extent, 1);
        Value table = n.apply(new Reshape(List.of(extent, rest)), front);
        int count = indices.shape().size();
        Value rows = n.apply(new Reshape(List.of(count, extent)), oneHotRows(n, indices, extent));
        Value picked = n.apply(new MatMul(), x.kind(), rows, table);
        List<Integer> shape = new ArrayList<>(NodeContext.dims(indices.shape()));
        shape.addAll(others);
        Value r = n.apply(new Reshape(shape), picked);
        if (axis == 0) {
            return r;
        }
        // r is indices + x[:axis] + x[axis+1:]; move the index axes after x[:axis].
        int ir = indices.shape().rank();
        List<Integer> back = new ArrayList<>();
        for (int i = 0; i < axis; i++) {
            back.add(ir + i);
        }
        for (int i = 0; i < ir; i++) {
            back.add(i);
        }
        for (int i = axis + ir; i < shape.size(); i++) {
            back.add(i);
        }
        return n.apply(new Transpose(back), r);
    }

    /**
     * The flat position, in the first K axes of {@code dataShape}, that each K-long index vector
     * (the last axis of {@code indices}) names; negative components count from the end.
     */
    private static Value linearIndex(NodeContext n, Value indices, Shape dataShape) {
        int k = indices.shape().dim(-1);
        if (k < 1 || k > dataShape.rank()) {
            throw new Unsupported("index vectors of length " + k + " do not fit data " + dataShape);
        }
        double[] extents = new double[k];
        double[] strides = new double[k];
        double stride = 1;
        for (int j = k - 1; j >= 0; j--) {
            extents[j] = dataShape.dim(j);
            strides[j] = stride;
            stride *= dataShape.dim(j);
        }
        Value.Const extent = new Value.Const(new Tensor(Shape.of(k), extents), ElemKind.INT);
        Value wrapped = n.apply(new Add(), ElemKind.INT, indices,
                n.apply(new Mul(), ElemKind.INT, greater(n, NodeContext.scalar(0), indices), extent));
        Value.Const column = new Value.Const(new Tensor(Shape.of(k, 1), strides), ElemKind.INT);
        Value flat = n.apply(new MatMul(), ElemKind.INT, wrapped, column);
        return n.apply(new Squeeze(List.of(flat.shape().rank() - 1)), flat);
    }

    private static int leading(Shape s, int k) {
        int m = 1;
        for (int i = 0; i < k; i++) {
            m *= s.dim(i);
        }
        return m;
    }

    /** GatherND (batch_dims 0): each index vector picks a slice of the data's trailing axes. */
    private static Value gatherNd(NodeContext n) {
        if (n.attrs.getInt("batch_dims", 0) != 0) {
            throw new Unsupported("attribute batch_dims=" + n.attrs.getInt("batch_dims", 0) + " is not supported");
        }
        Value x = n.req(0);
        Value indices = n.req(1);
        int k = indices.shape().dim(-1);
        Value flat = linearIndex(n, indices, x.shape());
        int m = leading(x.shape(), k);
        int rest = x.shape().size() / Math.max(m, 1);
        int count = flat.shape().size();
        Value rows = n.apply(new Reshape(List.of(count, m)), oneHotRows(n, flat, m));
        Value table = n.apply(new Reshape(List.of(m, rest)), x);
        List<Integer> out = new ArrayList<>(NodeContext.dims(flat.shape()));
        for (int i = k; i < x.shape().rank(); i++) {
            out.add(x.shape().dim(i));
        }
        return n.apply(new Reshape(out), n.apply(new MatMul(), x.kind(), rows, table));
    }

    /** ScatterND (no reduction): the data with the slices the index vectors name replaced by the updates. */
    private static Value scatterNd(NodeContext n) {
        String reduction = n.attrs.getString("reduction", "none");
        if (!reduction.equals("none")) {
            throw new Unsupported("attribute reduction=" + reduction + " is not supported");
        }
        Value x = n.req(0);
        Value indices = n.req(1);
        Value updates = n.req(2);
        int k = indices.shape().dim(-1);
        Value flat = linearIndex(n, indices, x.shape());
        int m = leading(x.shape(), k);
        int rest = x.shape().size() / Math.max(m, 1);
        int count = flat.shape().size();
        if (updates.shape().size() != count * rest) {
            throw new Unsupported("updates " + updates.shape() + " do not fit indices " + indices.shape()
                    + " and data " + x.shape());
        }
        Value rows = n.apply(new Reshape(List.of(count, m)), oneHotRows(n, flat, m));
        Value columns = n.apply(new Transpose(List.of(1, 0)), rows);
        Value placed = n.apply(new MatMul(), x.kind(), columns, n.apply(new Reshape(List.of(count, rest)), updates));
        Value hit = n.apply(new Reduce(Reduce.Kind.SUM, List.of(1), true), columns);
        return overwrite(n, x, n.apply(new Reshape(List.of(m, rest)), x), hit, placed);
    }

    /** data * (1 - hit) + placed, reshaped back to the data's shape. */
    private static Value overwrite(NodeContext n, Value x, Value data, Value hit, Value placed) {
        Value kept = n.apply(new Mul(), x.kind(), data, not(n, hit));
        return n.apply(new Reshape(NodeContext.dims(x.shape())), n.apply(new Add(), x.kind(), kept, placed));
    }

    /** ScatterElements (no reduction): out[p with its axis coordinate replaced by indices[p]] = updates[p]. */
    private static Value scatterElements(NodeContext n) {
        String reduction = n.attrs.getString("reduction", "none");
        if (!reduction.equals("none")) {
            throw new Unsupported("attribute reduction=" + reduction + " is not supported");
        }
        Value x = n.req(0);
        Value indices = n.req(1);
        Value updates = n.req(2);
        int rank = x.shape().rank();
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 0), rank);
        if (indices.shape().rank() != rank || !indices.shape().equals(updates.shape())) {
            throw new Unsupported("indices " + indices.shape() + " and updates " + updates.shape()
                    + " must have the data's rank and one shape");
        }
        int extent = x.shape().dim(axis);
        List<Integer> pads = new ArrayList<>(java.util.Collections.nCopies(2 * rank, 0));
        for (int i = 0; i < rank; i++) {
            if (i != axis) {
                int missing = x.shape().dim(i) - indices.shape().dim(i);
                if (missing < 0) {
                    throw new Unsupported("indices " + indices.shape() + " exceed data " + x.shape() + " on axis " + i);
                }
                pads.set(rank + i, missing);
            }
        }
        // rows[..p.., k] = 1 where indices[p] = k; summing over the index axis leaves, for every
        // target position, whether it is hit and by which update.
        Value rows = oneHotRows(n, indices, extent);
        Value weighted = n.apply(new Mul(), x.kind(), rows, n.apply(new Unsqueeze(List.of(rank)), updates));
        // Summed over the index axis, [.., extent] (extent last); move extent to the axis' place.
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            perm.add(i < axis ? i : i == axis ? rank - 1 : i - 1);
        }
        Value hit = n.apply(new Transpose(perm), n.apply(new Reduce(Reduce.Kind.SUM, List.of(axis), false), rows));
        Value placed = n.apply(new Transpose(perm),
                n.apply(new Reduce(Reduce.Kind.SUM, List.of(axis), false), weighted));
        if (pads.stream().anyMatch(p -> p > 0)) {
            hit = n.apply(new dev.zkmlc.ir.op.Pad(pads, dev.zkmlc.ir.op.Pad.Mode.CONSTANT, 0), hit);
            placed = n.apply(new dev.zkmlc.ir.op.Pad(pads, dev.zkmlc.ir.op.Pad.Mode.CONSTANT, 0), placed);
        }
        return overwrite(n, x, x, hit, placed);
    }

    /** GatherElements: out[p] = x[p with its axis coordinate replaced by indices[p]]. */
    private static Value gatherElements(NodeContext n) {
        Value x = n.req(0);
        Value indices = n.req(1);
        int rank = x.shape().rank();
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 0), rank);
        if (indices.shape().rank() != rank) {
            throw new Unsupported("indices " + indices.shape() + " and data " + x.shape() + " differ in rank");
        }
        int extent = x.shape().dim(axis);
        // Only the positions the indices cover are read: cut the data to their extent off the axis.
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (i != axis && indices.shape().dim(i) != x.shape().dim(i)) {
                if (indices.shape().dim(i) > x.shape().dim(i)) {
                    throw new Unsupported("indices " + indices.shape() + " exceed data " + x.shape() + " on axis " + i);
                }
                starts.add(0);
                ends.add(indices.shape().dim(i));
                axes.add(i);
            }
        }
        Value data = axes.isEmpty() ? x
                : n.apply(new Slice(starts, ends, axes, Collections.nCopies(axes.size(), 1)), x);
        // data moved so the gathered axis is last, with a unit axis where the index axis sits:
        // [.., 1 (axis), .., extent]; the one-hot rows are [.., m (axis), .., extent].
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            if (i != axis) {
                perm.add(i);
            }
        }
        perm.add(axis);
        Value moved = n.apply(new Transpose(perm), data);
        Value aligned = n.apply(new Unsqueeze(List.of(axis)), moved);
        Value rows = oneHotRows(n, indices, extent);
        Value products = n.apply(new Mul(), x.kind(), rows, aligned);
        return n.apply(new Reduce(Reduce.Kind.SUM, List.of(rank), false), products);
    }

    /**
     * TopK as k rounds of (maximum, first index of it, knock that element out): values and indices
     * in ONNX's order, largest first (smallest first when largest=0), ties to the lower index.
     */
    private static List<Value> topK(NodeContext n) {
        Value x = n.req(0);
        List<Long> ks = NodeContext.longs(n.constant(1, "k"), "k");
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", -1), x.shape().rank());
        int extent = x.shape().dim(axis);
        if (ks.size() != 1 || ks.get(0) < 1 || ks.get(0) > extent) {
            throw new Unsupported("k=" + ks + " does not fit axis " + axis + " of " + x.shape());
        }
        int k = (int) (long) ks.get(0);
        boolean largest = n.attrs.getInt("largest", 1) != 0;
        Value work = largest ? x : n.apply(new Neg(), x);
        List<Value> values = new ArrayList<>();
        List<Value> indices = new ArrayList<>();
        double[] positions = new double[extent];
        for (int i = 0; i < extent; i++) {
            positions[i] = i;
        }
        List<Integer> posShape = new ArrayList<>(Collections.nCopies(x.shape().rank(), 1));
        posShape.set(axis, extent);
        Value.Const position = new Value.Const(new Tensor(Shape.of(posShape), positions), ElemKind.INT);
        for (int round = 0; round < k; round++) {
            Value top = n.apply(new Reduce(Reduce.Kind.MAX, List.of(axis), true), work);
            Value index = n.apply(new ArgMax(axis, true, false), ElemKind.INT, work);
            values.add(largest ? top : n.apply(new Neg(), top));
            indices.add(index);
            if (round + 1 < k) {
                // The chosen element drops below everything: x - hit * (max - min + 1).
                Value hit = not(n, n.apply(new Abs(), n.apply(new Sign(), n.apply(new Sub(), position, index))));
                Value low = n.apply(new Reduce(Reduce.Kind.MIN, List.of(axis), true), work);
                Value span = n.apply(new Add(), n.apply(new Sub(), top, low), NodeContext.scalar(1));
                work = n.apply(new Sub(), work, n.apply(new Mul(), hit, span));
            }
        }
        Value v = values.size() == 1 ? values.get(0) : n.apply(new Concat(axis), values.toArray(new Value[0]));
        Value i = indices.size() == 1 ? indices.get(0)
                : n.apply(new Concat(axis), ElemKind.INT, indices.toArray(new Value[0]));
        return List.of(v, i);
    }

    private static Value tile(NodeContext n) {
        Value x = n.req(0);
        List<Integer> repeats = NodeContext.ints(n.constant(1, "the repeats"), "the repeats");
        int rank = x.shape().rank();
        if (repeats.size() != rank) {
            throw new Unsupported("repeats " + repeats + " do not match rank " + rank);
        }
        if (repeats.stream().allMatch(r -> r == 1)) {
            return x;
        }
        // Tiling is a broadcast of [1, d0, 1, d1, ...] to [r0, d0, r1, d1, ...], then a reshape.
        List<Integer> interleaved = new ArrayList<>();
        List<Integer> expanded = new ArrayList<>();
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            interleaved.add(1);
            interleaved.add(x.shape().dim(i));
            expanded.add(repeats.get(i));
            expanded.add(x.shape().dim(i));
            result.add(repeats.get(i) * x.shape().dim(i));
        }
        Value r = n.apply(new Reshape(interleaved), x);
        r = n.apply(new Expand(expanded), r);
        return n.apply(new Reshape(result), r);
    }

    private static Value constantOfShape(NodeContext n) {
        List<Integer> dims = NodeContext.ints(n.constant(0, "the shape"), "the shape");
        double fill = 0;
        ElemKind kind = ElemKind.FLOAT;
        if (n.attrs.has("value")) {
            Value.Const v;
            try {
                v = TensorDecoder.decode(n.attrs.get("value").getT());
            } catch (IllegalArgumentException e) {
                throw new Unsupported(e.getMessage());
            }
            fill = v.tensor().size() > 0 ? v.tensor().get(0) : 0;
            kind = v.kind();
        }
        Shape shape = Shape.of(dims);
        if (shape.size() > Emitter.MAX_FOLDED_ELEMENTS) {
            throw new Unsupported("a constant of shape " + shape + " is too large");
        }
        double[] data = new double[shape.size()];
        java.util.Arrays.fill(data, fill);
        return new Value.Const(new Tensor(shape, data), kind);
    }

    private static Value range(NodeContext n) {
        Value.Const start = n.constant(0, "the start");
        double s = scalarOf(start, "the start");
        double limit = scalarOf(n.constant(1, "the limit"), "the limit");
        double delta = scalarOf(n.constant(2, "the delta"), "the delta");
        if (delta == 0) {
            throw new Unsupported("a delta of 0 is not allowed");
        }
        double steps = Math.max(0, Math.ceil((limit - s) / delta));
        if (steps > Emitter.MAX_FOLDED_ELEMENTS) {
            throw new Unsupported("a range of " + steps + " elements is too large");
        }
        int count = (int) steps;
        double[] d = new double[count];
        for (int i = 0; i < count; i++) {
            d[i] = s + i * delta;
        }
        return new Value.Const(new Tensor(Shape.of(count), d), start.kind());
    }

    private static Value eyeLike(NodeContext n) {
        Shape s = n.req(0).shape();
        if (s.rank() != 2) {
            throw new Unsupported("input must be 2-d, got " + s);
        }
        int k = (int) n.attrs.getInt("k", 0);
        double[] d = new double[s.size()];
        for (int i = 0; i < s.dim(0); i++) {
            int j = i + k;
            if (j >= 0 && j < s.dim(1)) {
                d[i * s.dim(1) + j] = 1;
            }
        }
        ElemKind kind = n.attrs.has("dtype") ? ElemKind.of((int) n.attrs.getInt("dtype", 1)) : n.req(0).kind();
        return new Value.Const(new Tensor(s, d), kind == null ? ElemKind.FLOAT : kind);
    }

    private static Value trilu(NodeContext n) {
        Value x = n.req(0);
        Shape s = x.shape();
        if (s.rank() < 2) {
            throw new Unsupported("input must have rank 2 or more, got " + s);
        }
        long k = n.in(1) == null ? 0 : NodeContext.longs(n.constant(1, "k"), "k").get(0);
        boolean upper = n.attrs.getInt("upper", 1) != 0;
        int rows = s.dim(-2);
        int cols = s.dim(-1);
        double[] mask = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                boolean keep = upper ? j - i >= k : j - i <= k;
                mask[i * cols + j] = keep ? 1 : 0;
            }
        }
        Value.Const m = new Value.Const(new Tensor(Shape.of(rows, cols), mask), x.kind());
        return n.apply(new Where(m.tensor()), x.kind(), x, new Value.Const(Tensor.scalar(0), x.kind()));
    }

    /** NonZero of a constant (its result's shape depends on the values, so it must be known). */
    private static Value nonZero(NodeContext n) {
        Value.Const x = n.constant(0, "the input");
        Shape s = x.shape();
        int rank = s.rank();
        int[] strides = s.strides();
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < x.tensor().size(); i++) {
            if (x.tensor().get(i) != 0) {
                hits.add(i);
            }
        }
        double[] d = new double[Math.max(rank, 1) * hits.size()];
        for (int h = 0; h < hits.size(); h++) {
            int flat = hits.get(h);
            for (int a = 0; a < rank; a++) {
                d[a * hits.size() + h] = (flat / strides[a]) % s.dim(a);
            }
        }
        return new Value.Const(new Tensor(Shape.of(Math.max(rank, 1), hits.size()), d), ElemKind.INT);
    }

    private static Value oneHot(NodeContext n) {
        Value indices = n.req(0);
        int depth = (int) scalarOf(n.constant(1, "the depth"), "the depth");
        Value.Const values = n.constant(2, "the values");
        if (values.tensor().size() != 2) {
            throw new Unsupported("values must hold [off, on]");
        }
        double off = values.tensor().get(0);
        double on = values.tensor().get(1);
        int rank = indices.shape().rank() + 1;
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", -1), rank);
        // hot[..., k, ...] = 1 - |sign(index - k)|, with k laid along the new axis.
        double[] ks = new double[depth];
        List<Integer> kDims = new ArrayList<>(Collections.nCopies(rank, 1));
        kDims.set(axis, depth);
        for (int i = 0; i < depth; i++) {
            ks[i] = i;
        }
        Value.Const k = new Value.Const(new Tensor(Shape.of(kDims), ks), ElemKind.INT);
        Value expanded = n.apply(new Unsqueeze(List.of(axis)), indices);
        Value same = not(n, n.apply(new Abs(), n.apply(new Sign(), n.apply(new Sub(), expanded, k))));
        Value scaled = n.apply(new Mul(), values.kind(), same, NodeContext.scalar(on - off));
        return off == 0 ? scaled : n.apply(new Add(), values.kind(), scaled, NodeContext.scalar(off));
    }

    static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }
}
