package dev.zkmlc.frontend.onnx;

import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One ONNX node being imported: its operands, attributes, opset, and the emitter to build with. */
final class NodeContext {
    final NodeProto node;
    final String opType;
    final long opset;
    final Attributes attrs;
    final Emitter emit;
    private final Map<String, Value> values;
    /** Values this node defines for ONNX names beyond its own outputs (a node it absorbed). */
    final Map<String, Value> extraBindings = new java.util.LinkedHashMap<>();
    private final ModelView model;

    NodeContext(NodeProto node, long opset, Emitter emit, Map<String, Value> values, ModelView model) {
        this.node = node;
        this.opType = node.getOpType();
        this.opset = opset;
        this.attrs = new Attributes(node);
        this.emit = emit;
        this.values = values;
        this.model = model;
    }

    int inputCount() {
        return node.getInputCount();
    }

    /** Operand i, or null when the node omits it (absent or empty name). */
    Value in(int i) {
        if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
            return null;
        }
        return values.get(node.getInput(i));
    }

    Value req(int i) {
        Value v = in(i);
        if (v == null) {
            throw new Unsupported("input " + i + " is missing");
        }
        return v;
    }

    /** Operand i, which must be known at import time. */
    Value.Const constant(int i, String what) {
        Value v = req(i);
        if (v instanceof Value.Const c) {
            return c;
        }
        throw new Unsupported(what + " must be a constant, but it is computed at run time");
    }

    /** The number of outputs the rest of the model reads (trailing unused outputs do not count). */
    boolean outputUsed(int i) {
        return i < node.getOutputCount() && !node.getOutput(i).isEmpty() && model.isUsed(node.getOutput(i));
    }

    /** Refuses a node whose extra outputs (such as training statistics) are read. */
    void onlyFirstOutput() {
        for (int i = 1; i < node.getOutputCount(); i++) {
            if (outputUsed(i)) {
                throw new Unsupported("output " + i + " ('" + node.getOutput(i) + "') is used, which is not supported");
            }
        }
    }

    /** The current value of any ONNX name (null when not defined yet). */
    Value valueOf(String onnxName) {
        return values.get(onnxName);
    }

    ModelView model() {
        return model;
    }

    Value apply(Op op, ElemKind kind, Value... operands) {
        return emit.apply(op, kind, operands);
    }

    Value apply(Op op, Value... operands) {
        return emit.apply(op, operands[0].kind(), operands);
    }

    static Value.Const scalar(double v) {
        return new Value.Const(Tensor.scalar(v), ElemKind.FLOAT);
    }

    /** The integer values of a constant (shapes, axes, indices). */
    static List<Long> longs(Value.Const c, String what) {
        double[] data = c.tensor().toArray();
        List<Long> out = new ArrayList<>(data.length);
        for (double d : data) {
            if (d != Math.rint(d)) {
                throw new Unsupported(what + " holds " + d + ", which is not an integer");
            }
            out.add((long) d);
        }
        return out;
    }

    /** The integer values of a constant, each within int range after clamping huge ONNX sentinels. */
    static List<Integer> clampedInts(Value.Const c, String what) {
        List<Integer> out = new ArrayList<>();
        for (long v : longs(c, what)) {
            out.add((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }
        return out;
    }

    static List<Integer> ints(Value.Const c, String what) {
        List<Integer> out = new ArrayList<>();
        for (long v : longs(c, what)) {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new Unsupported(what + " holds " + v + ", which is out of range");
            }
            out.add((int) v);
        }
        return out;
    }

    static int normaliseAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new Unsupported("axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    static List<Integer> dims(Shape s) {
        List<Integer> out = new ArrayList<>();
        for (int d : s.dims()) {
            out.add(d);
        }
        return out;
    }
}
