package dev.zkmlc.frontend.onnx;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Expand;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.Unsqueeze;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Operators that compute or change shapes and move data without arithmetic: Shape, Reshape,
 * Transpose, Squeeze, Unsqueeze, Concat, Split, Slice, Tile, and the constant generators
 * ConstantOfShape, Range, EyeLike, plus Trilu (a constant mask).
 */
final class ShapeOperators {
    private ShapeOperators() {}

    static Value shape(NodeContext n) {
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

    static Value reshape(NodeContext n) {
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
        return n.apply(new Reshape(Operators.toList(out)), x);
    }

    static Value transpose(NodeContext n) {
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

    static List<Integer> axesOf(NodeContext n, int inputIndex, int sinceOpset) {
        if (n.opset >= sinceOpset) {
            return n.in(inputIndex) == null ? null : NodeContext.ints(n.constant(inputIndex, "the axes"), "the axes");
        }
        return n.attrs.getInts("axes");
    }

    static Value squeeze(NodeContext n) {
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

    static Value unsqueeze(NodeContext n) {
        List<Integer> axes = axesOf(n, 1, 13);
        if (axes == null) {
            throw new Unsupported("the axes are missing");
        }
        return n.apply(new Unsqueeze(axes), n.req(0));
    }

    static Value concat(NodeContext n) {
        Value[] parts = new Value[n.inputCount()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = n.req(i);
        }
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", 0), parts[0].shape().rank());
        return n.apply(new Concat(axis), parts[0].kind(), parts);
    }

    static List<Value> split(NodeContext n) {
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

    static Value slice(NodeContext n) {
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

    static Value tile(NodeContext n) {
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

    static Value constantOfShape(NodeContext n) {
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

    static Value range(NodeContext n) {
        Value.Const start = n.constant(0, "the start");
        double s = Operators.scalarOf(start, "the start");
        double limit = Operators.scalarOf(n.constant(1, "the limit"), "the limit");
        double delta = Operators.scalarOf(n.constant(2, "the delta"), "the delta");
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

    static Value eyeLike(NodeContext n) {
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

    static Value trilu(NodeContext n) {
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
}
