package dev.zkmlc.frontend.dsl;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.op.Abs;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Erf;
import dev.zkmlc.ir.op.Exp;
import dev.zkmlc.ir.op.Expand;
import dev.zkmlc.ir.op.Flatten;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.Gelu;
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
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Pow;
import dev.zkmlc.ir.op.Reciprocal;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Softplus;
import dev.zkmlc.ir.op.Sqrt;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Tanh;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Unsqueeze;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The primitive functions every program sees without an import: each maps onto one IR op (or, for
 * shape queries and numbers, is evaluated at compile time). The standard library builds layers from
 * these.
 */
final class Builtins {
    /** A parameter: required, optional without default ({@code absent}), or with a default value. */
    record Param(String name, Value defaultValue, boolean required) {
        static Param req(String name) {
            return new Param(name, null, true);
        }

        static Param opt(String name) {
            return new Param(name, null, false);
        }

        static Param def(String name, Value v) {
            return new Param(name, v, false);
        }
    }

    interface Impl {
        Value apply(Args args);
    }

    record Builtin(String name, List<Param> params, Impl impl) {
        List<String> paramNames() {
            return params.stream().map(Param::name).toList();
        }
    }

    // Declared before ALL: the table's defaults read it during class initialisation.
    private static final Value FALSE = new Value.BoolValue(false);
    private static final Map<String, Builtin> ALL = table();

    private Builtins() {}

    static boolean isBuiltin(String name) {
        return ALL.containsKey(name);
    }

    static Builtin get(String name) {
        return ALL.get(name);
    }

    static Set<String> names() {
        return ALL.keySet();
    }

    private static Value integer(long v) {
        return Value.NumberValue.ofInt(v);
    }

    private static Value number(double v) {
        return Value.NumberValue.ofDouble(v);
    }


    private static Map<String, Builtin> table() {
        Map<String, Builtin> t = new LinkedHashMap<>();
        unary(t, "relu", a -> new Relu());
        unary(t, "sigmoid", a -> new Sigmoid());
        unary(t, "tanh", a -> new Tanh());
        unary(t, "exp", a -> new Exp());
        unary(t, "log", a -> new Log());
        unary(t, "sqrt", a -> new Sqrt());
        unary(t, "erf", a -> new Erf());
        unary(t, "abs", a -> new Abs());
        unary(t, "neg", a -> new Neg());
        unary(t, "reciprocal", a -> new Reciprocal());
        unary(t, "softplus", a -> new Softplus());
        unary(t, "gelu", a -> new Gelu(a.bool("approximate")), Param.def("approximate", FALSE));
        unary(t, "leaky_relu", a -> new LeakyRelu(a.number("alpha")), Param.def("alpha", number(0.01)));
        unary(t, "hard_sigmoid", a -> new HardSigmoid(a.number("alpha"), a.number("beta")),
                Param.def("alpha", number(0.2)), Param.def("beta", number(0.5)));
        unary(t, "pow", a -> new Pow(a.number("exponent")), Param.req("exponent"));
        unary(t, "clip", a -> new Clip(a.has("min") ? a.number("min") : Double.NEGATIVE_INFINITY,
                a.has("max") ? a.number("max") : Double.POSITIVE_INFINITY), Param.opt("min"), Param.opt("max"));

        add(t, "maximum", a -> a.node(new Max(), List.of(a.tensor("a"), a.tensor("b"))), Param.req("a"), Param.req("b"));
        add(t, "minimum", a -> a.node(new Min(), List.of(a.tensor("a"), a.tensor("b"))), Param.req("a"), Param.req("b"));
        add(t, "matmul", a -> a.node(new MatMul(), List.of(a.tensor("a"), a.tensor("b"))), Param.req("a"), Param.req("b"));

        add(t, "conv", Builtins::conv, Param.req("x"), Param.req("w"), Param.opt("b"), Param.def("stride", integer(1)),
                Param.def("pad", integer(0)), Param.def("dilation", integer(1)), Param.def("groups", integer(1)));
        add(t, "max_pool", a -> {
            Value.TensorValue x = a.tensor("x");
            int spatial = spatialAxes(a, x);
            List<Integer> kernel = a.perAxis("kernel", spatial, 1);
            List<Integer> stride = a.has("stride") ? a.perAxis("stride", spatial, 1) : kernel;
            return a.node(new MaxPool(kernel, stride, a.pads("pad", spatial), a.perAxis("dilation", spatial, 1),
                    a.bool("ceil_mode")), List.of(x));
        }, Param.req("x"), Param.req("kernel"), Param.opt("stride"), Param.def("pad", integer(0)),
                Param.def("dilation", integer(1)), Param.def("ceil_mode", FALSE));
        add(t, "avg_pool", a -> {
            Value.TensorValue x = a.tensor("x");
            int spatial = spatialAxes(a, x);
            List<Integer> kernel = a.perAxis("kernel", spatial, 1);
            List<Integer> stride = a.has("stride") ? a.perAxis("stride", spatial, 1) : kernel;
            return a.node(new AvgPool(kernel, stride, a.pads("pad", spatial), a.bool("count_include_pad"),
                    a.bool("ceil_mode")), List.of(x));
        }, Param.req("x"), Param.req("kernel"), Param.opt("stride"), Param.def("pad", integer(0)),
                Param.def("count_include_pad", FALSE), Param.def("ceil_mode", FALSE));
        add(t, "global_avg_pool", a -> a.node(new GlobalAvgPool(), List.of(a.tensor("x"))), Param.req("x"));
        add(t, "global_max_pool", a -> a.node(new GlobalMaxPool(), List.of(a.tensor("x"))), Param.req("x"));

        add(t, "softmax", a -> a.node(new Softmax((int) a.integer("axis")), List.of(a.tensor("x"))),
                Param.req("x"), Param.def("axis", integer(-1)));
        add(t, "layer_norm", a -> {
            List<Value.TensorValue> in = new ArrayList<>(List.of(a.tensor("x"), a.tensor("gamma")));
            if (a.has("beta")) {
                in.add(a.tensor("beta"));
            }
            return a.node(new LayerNorm((int) a.integer("axis"), a.number("eps")), in);
        }, Param.req("x"), Param.req("gamma"), Param.opt("beta"), Param.def("axis", integer(-1)),
                Param.def("eps", number(1e-5)));
        add(t, "batch_norm", a -> a.node(new BatchNorm(a.number("eps")), List.of(a.tensor("x"), a.tensor("scale"),
                a.tensor("bias"), a.tensor("mean"), a.tensor("var"))), Param.req("x"), Param.req("scale"),
                Param.req("bias"), Param.req("mean"), Param.req("var"), Param.def("eps", number(1e-5)));

        add(t, "reshape", Builtins::reshape, Param.req("x"), Param.req("shape"));
        add(t, "flatten", a -> a.node(new Flatten((int) a.integer("axis")), List.of(a.tensor("x"))),
                Param.req("x"), Param.def("axis", integer(1)));
        add(t, "transpose", a -> {
            Value.TensorValue x = a.tensor("x");
            List<Integer> perm;
            if (a.has("perm")) {
                perm = a.intList("perm");
            } else {
                perm = new ArrayList<>();
                for (int i = x.shape().rank() - 1; i >= 0; i--) {
                    perm.add(i);
                }
            }
            return a.node(new Transpose(perm), List.of(x));
        }, Param.req("x"), Param.opt("perm"));
        add(t, "concat", a -> a.node(new Concat((int) a.integer("axis")), a.tensors("xs")),
                Param.req("xs"), Param.def("axis", integer(0)));
        add(t, "slice", Builtins::slice, Param.req("x"), Param.req("axis"), Param.req("start"), Param.req("end"),
                Param.def("step", integer(1)));
        add(t, "squeeze", a -> a.node(new Squeeze(a.ints("axes")), List.of(a.tensor("x"))), Param.req("x"), Param.req("axes"));
        add(t, "unsqueeze", a -> a.node(new Unsqueeze(a.ints("axes")), List.of(a.tensor("x"))), Param.req("x"), Param.req("axes"));
        add(t, "expand", a -> a.node(new Expand(a.intList("shape")), List.of(a.tensor("x"))), Param.req("x"), Param.req("shape"));
        add(t, "pad", a -> {
            Value.TensorValue x = a.tensor("x");
            return a.node(new Pad(a.pads("pads", x.shape().rank()), Pad.Mode.CONSTANT, a.number("value")), List.of(x));
        }, Param.req("x"), Param.req("pads"), Param.def("value", number(0.0)));
        add(t, "gather", Builtins::gather, Param.req("x"), Param.req("indices"), Param.def("axis", integer(0)));

        reduce(t, "sum", Reduce.Kind.SUM);
        reduce(t, "mean", Reduce.Kind.MEAN);
        reduce(t, "max", Reduce.Kind.MAX);
        reduce(t, "min", Reduce.Kind.MIN);
        add(t, "argmax", a -> a.node(new ArgMax((int) a.integer("axis"), a.bool("keepdims"), false), List.of(a.tensor("x"))),
                Param.req("x"), Param.def("axis", integer(-1)), Param.def("keepdims", FALSE));

        add(t, "shape", a -> {
            List<Value> dims = new ArrayList<>();
            for (int d : a.tensor("x").shape().dims()) {
                dims.add(integer(d));
            }
            return new Value.ListValue(dims);
        }, Param.req("x"));
        add(t, "dim", a -> {
            Shape s = a.tensor("x").shape();
            long axis = a.integer("axis");
            if (axis < -s.rank() || axis >= s.rank()) {
                throw a.error("axis " + axis + " is out of range for a tensor " + s);
            }
            return integer(s.dim((int) axis));
        }, Param.req("x"), Param.req("axis"));
        add(t, "rank", a -> integer(a.tensor("x").shape().rank()), Param.req("x"));
        return Collections.unmodifiableMap(t);
    }

    private static void add(Map<String, Builtin> t, String name, Impl impl, Param... params) {
        t.put(name, new Builtin(name, List.of(params), impl));
    }

    /** An elementwise function: on a tensor a node, on a compile-time number the number it gives. */
    private static void unary(Map<String, Builtin> t, String name, Function<Args, UnaryOp> op, Param... extra) {
        List<Param> params = new ArrayList<>();
        params.add(Param.req("x"));
        params.addAll(List.of(extra));
        t.put(name, new Builtin(name, List.copyOf(params), a -> {
            UnaryOp u = op.apply(a);
            if (a.value("x") instanceof Value.NumberValue n) {
                double r = u.apply(n.value());
                if (!Double.isFinite(r)) {
                    throw a.error("is " + r + " for " + n.value());
                }
                return number(r);
            }
            return a.node(u, List.of(a.tensor("x")));
        }));
    }

    private static void reduce(Map<String, Builtin> t, String name, Reduce.Kind kind) {
        add(t, name, a -> a.node(new Reduce(kind, a.has("axis") ? a.ints("axis") : List.of(), a.bool("keepdims")),
                List.of(a.tensor("x"))), Param.req("x"), Param.opt("axis"), Param.def("keepdims", FALSE));
    }

    private static int spatialAxes(Args a, Value.TensorValue x) {
        int spatial = x.shape().rank() - 2;
        if (spatial < 1) {
            throw a.error("input must be [batch, channels, spatial...], got " + x.shape());
        }
        return spatial;
    }

    private static Value conv(Args a) {
        Value.TensorValue x = a.tensor("x");
        Value.TensorValue w = a.tensor("w");
        int spatial = spatialAxes(a, x);
        List<Value.TensorValue> in = new ArrayList<>(List.of(x, w));
        if (a.has("b")) {
            in.add(a.tensor("b"));
        }
        return a.node(new Conv(a.perAxis("stride", spatial, 1), a.pads("pad", spatial),
                a.perAxis("dilation", spatial, 1), a.positive("groups")), in);
    }

    /** Like numpy: one entry may be -1, meaning whatever makes the sizes agree. */
    private static Value reshape(Args a) {
        Value.TensorValue x = a.tensor("x");
        List<Integer> shape = new ArrayList<>(a.intList("shape"));
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < shape.size(); i++) {
            int d = shape.get(i);
            if (d == -1 && unknown < 0) {
                unknown = i;
            } else if (d < 0) {
                throw a.fail("shape", "non-negative extents with at most one -1");
            } else {
                known *= d;
            }
        }
        int size = x.shape().size();
        if (unknown >= 0) {
            if (known == 0 || size % known != 0) {
                throw a.error("cannot reshape " + x.shape() + " (" + size + " elements) to " + shape);
            }
            shape.set(unknown, (int) (size / known));
        } else if (known != size) {
            throw a.error("cannot reshape " + x.shape() + " (" + size + " elements) to " + shape + " (" + known
                    + " elements)");
        }
        return a.node(new Reshape(shape), List.of(x));
    }

    private static Value slice(Args a) {
        Value.TensorValue x = a.tensor("x");
        Shape s = x.shape();
        long axis = a.integer("axis");
        if (axis < -s.rank() || axis >= s.rank()) {
            throw a.error("axis " + axis + " is out of range for a tensor " + s);
        }
        int ax = (int) (axis < 0 ? axis + s.rank() : axis);
        long step = a.integer("step");
        if (step == 0) {
            throw a.fail("step", "a non-zero integer");
        }
        int[] range = SliceRange.resolve(a.integer("start"), a.integer("end"), (int) step, s.dim(ax));
        return a.node(new Slice(List.of(range[0]), List.of(range[1]), List.of(ax), List.of((int) step)), List.of(x));
    }

    private static Value gather(Args a) {
        Value.TensorValue x = a.tensor("x");
        Shape s = x.shape();
        long axis = a.integer("axis");
        if (axis < -s.rank() || axis >= s.rank()) {
            throw a.error("axis " + axis + " is out of range for a tensor " + s);
        }
        int ax = (int) (axis < 0 ? axis + s.rank() : axis);
        List<Integer> indices = new ArrayList<>();
        List<Integer> indicesShape = new ArrayList<>();
        Value v = a.value("indices");
        if (v instanceof Value.NumberValue) {
            indices.add((int) a.integer("indices"));
        } else {
            List<Integer> list = a.intList("indices");
            indices.addAll(list);
            indicesShape.add(list.size());
        }
        for (int i = 0; i < indices.size(); i++) {
            int idx = indices.get(i);
            int norm = idx < 0 ? idx + s.dim(ax) : idx;
            if (norm < 0 || norm >= s.dim(ax)) {
                throw a.error("index " + idx + " is out of range for axis " + ax + " of " + s);
            }
            indices.set(i, norm);
        }
        return a.node(new Gather(ax, indices, indicesShape), List.of(x));
    }
}
