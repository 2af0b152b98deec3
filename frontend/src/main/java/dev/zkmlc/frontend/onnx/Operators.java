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
import java.util.List;
import java.util.Set;

/**
 * Maps the ONNX operators (default domain, opsets 7 to 21) onto the graph IR. Elementwise math,
 * comparisons and logic, casts, softmax and reductions are here; shapes and data movement are in
 * {@link ShapeOperators}, indexing in {@link IndexingOperators}, and the neural-network layers
 * (convolution, pooling, normalisation, resizing, recurrences) in {@link LayerOperators}.
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
                if (n.in(2) instanceof Value.Const training && training.tensor().size() > 0
                        && training.tensor().get(0) != 0) {
                    throw new Unsupported("training_mode=true is not supported (inference only)");
                }
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
                return one(ShapeOperators.shape(n));
            case "Size":
                return one(new Value.Const(Tensor.scalar(n.req(0).shape().size()), ElemKind.INT));
            case "Reshape":
                return one(ShapeOperators.reshape(n));
            case "Flatten":
                return one(n.apply(new Flatten((int) n.attrs.getInt("axis", 1)), n.req(0)));
            case "Transpose":
                return one(ShapeOperators.transpose(n));
            case "Squeeze":
                return one(ShapeOperators.squeeze(n));
            case "Unsqueeze":
                return one(ShapeOperators.unsqueeze(n));
            case "Concat":
                return one(ShapeOperators.concat(n));
            case "Split":
                return ShapeOperators.split(n);
            case "Slice":
                return one(ShapeOperators.slice(n));
            case "Gather":
                return one(IndexingOperators.gather(n));
            case "GatherElements":
                return one(IndexingOperators.gatherElements(n));
            case "GatherND":
                return one(IndexingOperators.gatherNd(n));
            case "ScatterND":
                return one(IndexingOperators.scatterNd(n));
            case "ScatterElements":
                return one(IndexingOperators.scatterElements(n));
            case "TopK":
                return IndexingOperators.topK(n);
            case "Expand": {
                Value x = n.req(0);
                return one(n.apply(new Expand(NodeContext.ints(n.constant(1, "the shape"), "the shape")), x));
            }
            case "Tile":
                return one(ShapeOperators.tile(n));
            case "ConstantOfShape":
                return one(ShapeOperators.constantOfShape(n));
            case "Range":
                return one(ShapeOperators.range(n));
            case "EyeLike":
                return one(ShapeOperators.eyeLike(n));
            case "Trilu":
                return one(ShapeOperators.trilu(n));
            case "OneHot":
                return one(IndexingOperators.oneHot(n));
            case "NonZero":
                return one(IndexingOperators.nonZero(n));
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

    static Value not(NodeContext n, Value x) {
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

    static double scalarOf(Value.Const c, String what) {
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

    static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }
}
