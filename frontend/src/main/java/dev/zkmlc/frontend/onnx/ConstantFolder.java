package dev.zkmlc.frontend.onnx;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.op.BinaryOp;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Expand;
import dev.zkmlc.ir.op.Flatten;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Unsqueeze;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates IR ops on constants at import time, so that shape computations (Shape, Gather,
 * Concat, Unsqueeze, Cast ... on static shapes) and other all-constant subgraphs never reach the
 * graph. Covers the elementwise and data-movement ops; anything else is left to the graph.
 */
final class ConstantFolder {
    private ConstantFolder() {}

    /** The op's result on constant operands, or null when this folder does not evaluate the op. */
    static Tensor eval(Op op, List<Tensor> operands) {
        List<TensorType> types = new ArrayList<>();
        for (Tensor t : operands) {
            types.add(new TensorType(dev.zkmlc.ir.DType.FLOAT, t.shape()));
        }
        Shape out = op.inferType(types).shape();
        if (op instanceof UnaryOp u) {
            double[] x = operands.get(0).toArray();
            for (int i = 0; i < x.length; i++) {
                x[i] = u.apply(x[i]);
            }
            return new Tensor(out, x);
        }
        if (op instanceof BinaryOp b) {
            double[] x = broadcast(operands.get(0), out);
            double[] y = broadcast(operands.get(1), out);
            for (int i = 0; i < x.length; i++) {
                x[i] = b.apply(x[i], y[i]);
            }
            return new Tensor(out, x);
        }
        if (op instanceof Where w) {
            double[] c = broadcast(w.condition(), out);
            double[] x = broadcast(operands.get(0), out);
            double[] y = broadcast(operands.get(1), out);
            for (int i = 0; i < x.length; i++) {
                x[i] = c[i] != 0 ? x[i] : y[i];
            }
            return new Tensor(out, x);
        }
        if (op instanceof Reshape || op instanceof Flatten || op instanceof Squeeze || op instanceof Unsqueeze) {
            return operands.get(0).reshape(out);
        }
        if (op instanceof Expand) {
            return new Tensor(out, broadcast(operands.get(0), out));
        }
        if (op instanceof Transpose t) {
            return transpose(operands.get(0), t.perm(), out);
        }
        if (op instanceof Slice s) {
            return slice(operands.get(0), s, out);
        }
        if (op instanceof Gather g) {
            return gather(operands.get(0), g, out);
        }
        if (op instanceof Concat c) {
            return concat(operands, c.axis(), out);
        }
        if (op instanceof Reduce r) {
            return reduce(operands.get(0), r, out);
        }
        return null;
    }

    /** The operand's values laid out over {@code out} by numpy broadcasting. */
    static double[] broadcast(Tensor t, Shape out) {
        double[] src = t.toArray();
        if (t.shape().equals(out)) {
            return src;
        }
        int rank = out.rank();
        int[] srcStrides = new int[rank];
        int[] inStrides = t.shape().strides();
        int offset = rank - t.shape().rank();
        for (int i = 0; i < t.shape().rank(); i++) {
            srcStrides[i + offset] = t.shape().dim(i) == 1 ? 0 : inStrides[i];
        }
        double[] dst = new double[out.size()];
        int[] dims = out.dims();
        int[] idx = new int[rank];
        for (int flat = 0; flat < dst.length; flat++) {
            int s = 0;
            for (int i = 0; i < rank; i++) {
                s += idx[i] * srcStrides[i];
            }
            dst[flat] = src[s];
            for (int i = rank - 1; i >= 0; i--) {
                if (++idx[i] < dims[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return dst;
    }

    private static Tensor transpose(Tensor x, List<Integer> perm, Shape out) {
        double[] src = x.toArray();
        int[] inStrides = x.shape().strides();
        int rank = out.rank();
        int[] dims = out.dims();
        double[] dst = new double[src.length];
        int[] idx = new int[rank];
        for (int flat = 0; flat < dst.length; flat++) {
            int s = 0;
            for (int i = 0; i < rank; i++) {
                s += idx[i] * inStrides[perm.get(i)];
            }
            dst[flat] = src[s];
            increment(idx, dims);
        }
        return new Tensor(out, dst);
    }

    private static Tensor slice(Tensor x, Slice s, Shape out) {
        int rank = x.shape().rank();
        int[] start = new int[rank];
        int[] step = new int[rank];
        java.util.Arrays.fill(step, 1);
        for (int i = 0; i < s.axes().size(); i++) {
            int a = x.shape().axis(s.axes().get(i));
            start[a] = s.starts().get(i);
            step[a] = s.steps().get(i);
        }
        return strided(x, start, step, out);
    }

    private static Tensor strided(Tensor x, int[] start, int[] step, Shape out) {
        double[] src = x.toArray();
        int[] inStrides = x.shape().strides();
        int[] dims = out.dims();
        double[] dst = new double[out.size()];
        int[] idx = new int[dims.length];
        for (int flat = 0; flat < dst.length; flat++) {
            int s = 0;
            for (int i = 0; i < dims.length; i++) {
                s += (start[i] + idx[i] * step[i]) * inStrides[i];
            }
            dst[flat] = src[s];
            increment(idx, dims);
        }
        return new Tensor(out, dst);
    }

    private static Tensor gather(Tensor x, Gather g, Shape out) {
        double[] src = x.toArray();
        int axis = x.shape().axis(g.axis());
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= x.shape().dim(i);
        }
        int inner = 1;
        for (int i = axis + 1; i < x.shape().rank(); i++) {
            inner *= x.shape().dim(i);
        }
        int extent = x.shape().dim(axis);
        double[] dst = new double[out.size()];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (int index : g.indices()) {
                System.arraycopy(src, (o * extent + index) * inner, dst, k, inner);
                k += inner;
            }
        }
        return new Tensor(out, dst);
    }

    private static Tensor concat(List<Tensor> parts, int axis, Shape out) {
        int a = out.axis(axis);
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= out.dim(i);
        }
        double[] dst = new double[out.size()];
        int k = 0;
        List<double[]> data = new ArrayList<>();
        for (Tensor t : parts) {
            data.add(t.toArray());
        }
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < parts.size(); p++) {
                int block = parts.get(p).size() / Math.max(outer, 1);
                if (outer == 0) {
                    continue;
                }
                System.arraycopy(data.get(p), o * block, dst, k, block);
                k += block;
            }
        }
        return new Tensor(out, dst);
    }

    private static Tensor reduce(Tensor x, Reduce r, Shape out) {
        List<Integer> axes = r.reducedAxes(x.shape().rank());
        int rank = x.shape().rank();
        int[] dims = x.shape().dims();
        int[] keptStrides = new int[rank];
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            if (!axes.contains(i)) {
                keptStrides[i] = acc;
                acc *= dims[i];
            }
        }
        double[] result = new double[acc];
        int[] counts = new int[acc];
        boolean[] seen = new boolean[acc];
        double[] src = x.toArray();
        int[] idx = new int[rank];
        for (double v : src) {
            int o = 0;
            for (int i = 0; i < rank; i++) {
                o += idx[i] * keptStrides[i];
            }
            switch (r.kind()) {
                case MAX: result[o] = seen[o] ? Math.max(result[o], v) : v; break;
                case MIN: result[o] = seen[o] ? Math.min(result[o], v) : v; break;
                default: result[o] += v;
            }
            seen[o] = true;
            counts[o]++;
            increment(idx, dims);
        }
        if (r.kind() == Reduce.Kind.MEAN) {
            for (int i = 0; i < result.length; i++) {
                result[i] /= counts[i];
            }
        }
        return new Tensor(out, result);
    }

    private static void increment(int[] idx, int[] dims) {
        for (int i = dims.length - 1; i >= 0; i--) {
            if (++idx[i] < dims[i]) {
                return;
            }
            idx[i] = 0;
        }
    }
}
