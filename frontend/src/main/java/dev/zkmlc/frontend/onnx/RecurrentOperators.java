package dev.zkmlc.frontend.onnx;

import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.Tanh;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.UnaryOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The recurrent layers (RNN, GRU, LSTM), unrolled over their static sequence length into matrix
 * products, gates and elementwise updates, one step per time step and direction.
 */
final class RecurrentOperators {
    private RecurrentOperators() {}

    static List<Value> convert(NodeContext n) {
        switch (n.opType) {
            case "RNN":
                return unroll(n, 1);
            case "GRU":
                return unroll(n, 3);
            case "LSTM":
                return unroll(n, 4);
            default:
                throw new Unsupported("operator " + n.opType + " is not supported");
        }
    }

    /** One direction's weights: input and recurrent matrices transposed for x @ W, and the biases. */
    private record Weights(Value w, Value r, Value bias, Value recurrentBias, Value peephole) {}

    private static List<Value> unroll(NodeContext n, int gates) {
        Value x = n.req(0);
        int hidden = n.attrs.getInt32("hidden_size", 0);
        String direction = n.attrs.getString("direction", "forward");
        int layout = n.attrs.getInt32("layout", 0);
        if (n.attrs.has("clip")) {
            throw new Unsupported("attribute clip is not supported");
        }
        if (n.attrs.getInt("input_forget", 0) != 0) {
            throw new Unsupported("attribute input_forget=1 is not supported");
        }
        if (x.shape().rank() != 3) {
            throw new Unsupported("input must be 3-d, got " + x.shape());
        }
        if (layout == 1) {
            x = n.apply(new Transpose(List.of(1, 0, 2)), x);
        }
        int steps = x.shape().dim(0);
        int batch = x.shape().dim(1);
        int inputSize = x.shape().dim(2);
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (!direction.equals("forward") && !direction.equals("reverse") && dirs == 1) {
            throw new Unsupported("attribute direction=" + direction + " is not supported");
        }
        if (hidden <= 0) {
            hidden = n.req(2).shape().dim(2);
        }
        Value sequenceLens = n.in(4);
        if (sequenceLens != null) {
            if (!(sequenceLens instanceof Value.Const c) || NodeContext.longs(c, "sequence_lens").stream()
                    .anyMatch(l -> l != steps)) {
                throw new Unsupported("sequence_lens shorter than the sequence are not supported");
            }
        }
        List<UnaryOp> activations = activations(n, dirs, gates);
        boolean linearBeforeReset = n.attrs.getInt("linear_before_reset", 0) != 0;
        Value initialH = n.in(5);
        Value initialC = gates == 4 ? n.in(6) : null;
        List<Value> ys = new ArrayList<>();
        List<Value> lastH = new ArrayList<>();
        List<Value> lastC = new ArrayList<>();
        Value flatX = n.apply(new Reshape(List.of(steps * batch, inputSize)), x);
        for (int d = 0; d < dirs; d++) {
            boolean reverse = direction.equals("reverse") || d == 1;
            Weights wts = weights(n, d, gates, hidden);
            Value projected = n.apply(new MatMul(), ElemKind.FLOAT, flatX, wts.w());
            if (wts.bias() != null) {
                projected = n.apply(new Add(), projected, wts.bias());
            }
            Value h = initialH == null ? null : direction(n, initialH, d);
            Value c = initialC == null ? null : direction(n, initialC, d);
            Value[] outputs = new Value[steps];
            List<UnaryOp> act = activations.subList(d * activationsPerDirection(gates),
                    (d + 1) * activationsPerDirection(gates));
            for (int s = 0; s < steps; s++) {
                int t = reverse ? steps - 1 - s : s;
                Value xw = n.apply(new Slice(List.of(t * batch), List.of((t + 1) * batch), List.of(0), List.of(1)),
                        projected);
                if (gates == 4) {
                    Value[] hc = lstmStep(n, xw, h, c, wts, hidden, act);
                    h = hc[0];
                    c = hc[1];
                } else if (gates == 3) {
                    h = gruStep(n, xw, h, wts, hidden, act, linearBeforeReset);
                } else {
                    Value pre = h == null ? xw : n.apply(new Add(), xw, n.apply(new MatMul(), h, wts.r()));
                    h = n.apply(act.get(0), pre);
                }
                outputs[t] = h;
            }
            List<Value> perStep = new ArrayList<>();
            for (Value o : outputs) {
                perStep.add(n.apply(new Reshape(List.of(1, 1, batch, hidden)), o));
            }
            ys.add(perStep.size() == 1 ? perStep.get(0) : n.apply(new Concat(0), perStep.toArray(new Value[0])));
            lastH.add(n.apply(new Reshape(List.of(1, batch, hidden)), h));
            if (c != null) {
                lastC.add(n.apply(new Reshape(List.of(1, batch, hidden)), c));
            }
        }
        Value y = ys.size() == 1 ? ys.get(0) : n.apply(new Concat(1), ys.toArray(new Value[0]));
        Value yh = lastH.size() == 1 ? lastH.get(0) : n.apply(new Concat(0), lastH.toArray(new Value[0]));
        Value yc = lastC.isEmpty() ? null
                : lastC.size() == 1 ? lastC.get(0) : n.apply(new Concat(0), lastC.toArray(new Value[0]));
        if (layout == 1) {
            y = n.apply(new Transpose(List.of(2, 0, 1, 3)), y);
            yh = n.apply(new Transpose(List.of(1, 0, 2)), yh);
            yc = yc == null ? null : n.apply(new Transpose(List.of(1, 0, 2)), yc);
        }
        List<Value> out = new ArrayList<>(List.of(y, yh));
        if (gates == 4) {
            if (yc == null && n.outputUsed(2)) {
                throw new Unsupported("output Y_c needs a cell state");
            }
            out.add(yc == null ? yh : yc);
        }
        return out;
    }

    private static int activationsPerDirection(int gates) {
        return gates == 4 ? 3 : gates == 3 ? 2 : 1;
    }

    private static List<UnaryOp> activations(NodeContext n, int dirs, int gates) {
        int per = activationsPerDirection(gates);
        List<UnaryOp> out = new ArrayList<>();
        if (!n.attrs.has("activations")) {
            for (int d = 0; d < dirs; d++) {
                out.add(gates == 1 ? new Tanh() : new Sigmoid());
                if (per > 1) {
                    out.add(new Tanh());
                }
                if (per > 2) {
                    out.add(new Tanh());
                }
            }
            return out;
        }
        List<com.google.protobuf.ByteString> names = n.attrs.get("activations").getStringsList();
        if (names.size() != per * dirs) {
            throw new Unsupported(names.size() + " activations given, " + per * dirs + " needed");
        }
        for (com.google.protobuf.ByteString b : names) {
            String name = b.toString(StandardCharsets.UTF_8);
            switch (name.toLowerCase()) {
                case "sigmoid": out.add(new Sigmoid()); break;
                case "tanh": out.add(new Tanh()); break;
                case "relu": out.add(new Relu()); break;
                default: throw new Unsupported("activation " + name + " is not supported");
            }
        }
        return out;
    }

    /** Direction d of a [dirs, batch, hidden] state, as [batch, hidden]. */
    private static Value direction(NodeContext n, Value state, int d) {
        Value one = n.apply(new Slice(List.of(d), List.of(d + 1), List.of(0), List.of(1)), state);
        return n.apply(new Squeeze(List.of(0)), one);
    }

    private static Weights weights(NodeContext n, int d, int gates, int hidden) {
        Value w = n.apply(new Transpose(List.of(1, 0)), direction(n, n.req(1), d));
        Value r = n.apply(new Transpose(List.of(1, 0)), direction(n, n.req(2), d));
        Value bias = null;
        Value recurrentBias = null;
        if (n.in(3) != null) {
            Value b = direction(n, n.req(3), d);
            int width = gates * hidden;
            Value wb = n.apply(new Slice(List.of(0), List.of(width), List.of(0), List.of(1)), b);
            Value rb = n.apply(new Slice(List.of(width), List.of(2 * width), List.of(0), List.of(1)), b);
            if (gates == 3) {
                // The GRU's hidden gate adds its recurrent bias inside the reset product.
                Value rbZr = n.apply(new Slice(List.of(0), List.of(2 * hidden), List.of(0), List.of(1)), rb);
                Value zeros = new Value.Const(dev.zkmlc.ir.Tensor.zeros(dev.zkmlc.ir.Shape.of(hidden)), ElemKind.FLOAT);
                bias = n.apply(new Add(), wb, n.apply(new Concat(0), rbZr, zeros));
                recurrentBias = n.apply(new Slice(List.of(2 * hidden), List.of(3 * hidden), List.of(0), List.of(1)), rb);
            } else {
                bias = n.apply(new Add(), wb, rb);
            }
        }
        Value peephole = gates == 4 && n.in(7) != null ? direction(n, n.req(7), d) : null;
        return new Weights(w, r, bias, recurrentBias, peephole);
    }

    private static Value gate(NodeContext n, Value all, int index, int hidden) {
        return n.apply(new Slice(List.of(index * hidden), List.of((index + 1) * hidden), List.of(1), List.of(1)), all);
    }

    private static Value peep(NodeContext n, Value pre, Value peephole, int index, int hidden, Value c) {
        if (peephole == null || c == null) {
            return pre;
        }
        Value p = n.apply(new Slice(List.of(index * hidden), List.of((index + 1) * hidden), List.of(0), List.of(1)),
                peephole);
        return n.apply(new Add(), pre, n.apply(new Mul(), p, c));
    }

    /** One LSTM step (gates in ONNX order i, o, f, c); returns the new hidden and cell states. */
    private static Value[] lstmStep(NodeContext n, Value xw, Value h, Value c, Weights w, int hidden,
            List<UnaryOp> act) {
        Value all = h == null ? xw : n.apply(new Add(), xw, n.apply(new MatMul(), h, w.r()));
        Value i = n.apply(act.get(0), peep(n, gate(n, all, 0, hidden), w.peephole(), 0, hidden, c));
        Value f = n.apply(act.get(0), peep(n, gate(n, all, 2, hidden), w.peephole(), 2, hidden, c));
        Value candidate = n.apply(act.get(1), gate(n, all, 3, hidden));
        Value cell = n.apply(new Mul(), i, candidate);
        if (c != null) {
            cell = n.apply(new Add(), n.apply(new Mul(), f, c), cell);
        }
        Value o = n.apply(act.get(0), peep(n, gate(n, all, 1, hidden), w.peephole(), 1, hidden, cell));
        Value out = n.apply(new Mul(), o, n.apply(act.get(2), cell));
        return new Value[] {out, cell};
    }

    /** One GRU step (gates in ONNX order z, r, h). */
    private static Value gruStep(NodeContext n, Value xw, Value h, Weights w, int hidden, List<UnaryOp> act,
            boolean linearBeforeReset) {
        Value z;
        Value r;
        Value candidatePre;
        Value xz = gate(n, xw, 0, hidden);
        Value xr = gate(n, xw, 1, hidden);
        Value xh = gate(n, xw, 2, hidden);
        Value rh = n.apply(new Slice(List.of(2 * hidden), List.of(3 * hidden), List.of(1), List.of(1)), w.r());
        if (h == null) {
            z = n.apply(act.get(0), xz);
            r = n.apply(act.get(0), xr);
            Value recurrent = w.recurrentBias() == null ? null
                    : linearBeforeReset ? n.apply(new Mul(), r, w.recurrentBias()) : w.recurrentBias();
            candidatePre = recurrent == null ? xh : n.apply(new Add(), xh, recurrent);
        } else {
            Value rzr = n.apply(new Slice(List.of(0), List.of(2 * hidden), List.of(1), List.of(1)), w.r());
            Value hzr = n.apply(new MatMul(), h, rzr);
            z = n.apply(act.get(0), n.apply(new Add(), xz, gate(n, hzr, 0, hidden)));
            r = n.apply(act.get(0), n.apply(new Add(), xr, gate(n, hzr, 1, hidden)));
            Value recurrent;
            if (linearBeforeReset) {
                Value hr = n.apply(new MatMul(), h, rh);
                if (w.recurrentBias() != null) {
                    hr = n.apply(new Add(), hr, w.recurrentBias());
                }
                recurrent = n.apply(new Mul(), r, hr);
            } else {
                recurrent = n.apply(new MatMul(), n.apply(new Mul(), r, h), rh);
                if (w.recurrentBias() != null) {
                    recurrent = n.apply(new Add(), recurrent, w.recurrentBias());
                }
            }
            candidatePre = n.apply(new Add(), xh, recurrent);
        }
        Value candidate = n.apply(act.get(1), candidatePre);
        // H = (1 - z) * candidate + z * H_prev
        Value keep = n.apply(new Sub(), NodeContext.scalar(1), z);
        Value next = n.apply(new Mul(), keep, candidate);
        return h == null ? next : n.apply(new Add(), next, n.apply(new Mul(), z, h));
    }
}
