package dev.zkmlc.frontend.onnx;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.Abs;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Sign;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.Unsqueeze;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Operators that pick or place elements by index: Gather, GatherElements, GatherND, ScatterND,
 * ScatterElements, OneHot, TopK, NonZero. Run-time indices become one-hot rows (1 where an index
 * equals k), so a gather is a matrix product and a scatter a masked sum, exact in float.
 */
final class IndexingOperators {
    private IndexingOperators() {}

    static Value gather(NodeContext n) {
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
                n.apply(new Mul(), ElemKind.INT, Operators.greater(n, NodeContext.scalar(0), indices), NodeContext.scalar(extent)));
        double[] ks = new double[extent];
        for (int i = 0; i < extent; i++) {
            ks[i] = i;
        }
        Value.Const range = new Value.Const(new Tensor(Shape.of(extent), ks), ElemKind.INT);
        Value column = n.apply(new Unsqueeze(List.of(indices.shape().rank())), wrapped);
        return Operators.not(n, n.apply(new Abs(), n.apply(new Sign(), n.apply(new Sub(), column, range))));
    }

    /** Gather with run-time indices: one-hot rows (indices x extent) times the data (extent x rest). */
    static Value gatherByOneHot(NodeContext n, Value x, Value indices, int axis) {
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
    static Value linearIndex(NodeContext n, Value indices, Shape dataShape) {
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
                n.apply(new Mul(), ElemKind.INT, Operators.greater(n, NodeContext.scalar(0), indices), extent));
        Value.Const column = new Value.Const(new Tensor(Shape.of(k, 1), strides), ElemKind.INT);
        Value flat = n.apply(new MatMul(), ElemKind.INT, wrapped, column);
        return n.apply(new Squeeze(List.of(flat.shape().rank() - 1)), flat);
    }

    static int leading(Shape s, int k) {
        int m = 1;
        for (int i = 0; i < k; i++) {
            m *= s.dim(i);
        }
        return m;
    }

    /** GatherND (batch_dims 0): each index vector picks a slice of the data's trailing axes. */
    static Value gatherNd(NodeContext n) {
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
    static Value scatterNd(NodeContext n) {
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
    static Value overwrite(NodeContext n, Value x, Value data, Value hit, Value placed) {
        Value kept = n.apply(new Mul(), x.kind(), data, Operators.not(n, hit));
        return n.apply(new Reshape(NodeContext.dims(x.shape())), n.apply(new Add(), x.kind(), kept, placed));
    }

    /** ScatterElements (no reduction): out[p with its axis coordinate replaced by indices[p]] = updates[p]. */
    static Value scatterElements(NodeContext n) {
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
    static Value gatherElements(NodeContext n) {
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
    static List<Value> topK(NodeContext n) {
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
                Value hit = Operators.not(n, n.apply(new Abs(), n.apply(new Sign(), n.apply(new Sub(), position, index))));
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

    /** NonZero of a constant (its result's shape depends on the values, so it must be known). */
    static Value nonZero(NodeContext n) {
        if (!(n.req(0) instanceof Value.Const x)) {
            throw new Unsupported("NonZero of a run-time value is not supported: its output shape depends on the values");
        }
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

    static Value oneHot(NodeContext n) {
        Value indices = n.req(0);
        int depth = (int) Operators.scalarOf(n.constant(1, "the depth"), "the depth");
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
        Value same = Operators.not(n, n.apply(new Abs(), n.apply(new Sign(), n.apply(new Sub(), expanded, k))));
        Value scaled = n.apply(new Mul(), values.kind(), same, NodeContext.scalar(on - off));
        return off == 0 ? scaled : n.apply(new Add(), values.kind(), scaled, NodeContext.scalar(off));
    }
}
