package dev.zkmlc.frontend.onnx;

import dev.zkmlc.frontend.onnx.proto.Onnx.NodeProto;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.GlobalAvgPool;
import dev.zkmlc.ir.op.GlobalMaxPool;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Resize;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Sqrt;
import dev.zkmlc.ir.op.Sub;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The neural-network layers: gemm, convolution, pooling, normalisation, padding and resizing.
 * A BatchNormalization that only reads a Conv's or Gemm's output with constant weights is folded
 * into that layer's weights and bias here.
 */
final class LayerOperators {
    private LayerOperators() {}

    static List<Value> convert(NodeContext n) {
        switch (n.opType) {
            case "Conv":
                return List.of(conv(n));
            case "ConvTranspose":
                return List.of(convTranspose(n));
            case "MaxPool":
                n.onlyFirstOutput();
                return List.of(maxPool(n));
            case "AveragePool":
                return List.of(avgPool(n));
            case "GlobalAveragePool":
                return List.of(n.apply(new GlobalAvgPool(), n.req(0)));
            case "GlobalMaxPool":
                return List.of(n.apply(new GlobalMaxPool(), n.req(0)));
            case "BatchNormalization":
                return List.of(batchNorm(n));
            case "InstanceNormalization":
                return List.of(instanceNorm(n));
            case "LayerNormalization":
                n.onlyFirstOutput();
                return List.of(layerNorm(n));
            case "Pad":
                return List.of(pad(n));
            case "Resize":
            case "Upsample":
                return List.of(resize(n));
            default:
                return RecurrentOperators.convert(n);
        }
    }

    // ---- gemm and convolution, with BatchNormalization folding ----

    /** A BatchNormalization y = x * scale + shift (per channel) ready to fold into the layer before it. */
    private record Affine(NodeProto node, double[] scale, double[] shift) {}

    private static Affine foldableBatchNorm(NodeContext n, int channels) {
        NodeProto bn = n.model().soleConsumer(n.node.getOutput(0));
        if (bn == null || !bn.getOpType().equals("BatchNormalization")
                || !(bn.getDomain().isEmpty() || bn.getDomain().equals("ai.onnx"))
                || bn.getInputCount() < 5 || !bn.getInput(0).equals(n.node.getOutput(0))) {
            return null;
        }
        Attributes a = new Attributes(bn);
        if (a.getInt("spatial", 1) != 1 || a.getInt("training_mode", 0) != 0) {
            return null;
        }
        for (int i = 1; i < bn.getOutputCount(); i++) {
            if (!bn.getOutput(i).isEmpty() && n.model().isUsed(bn.getOutput(i))) {
                return null;
            }
        }
        double[][] p = new double[4][];
        for (int i = 0; i < 4; i++) {
            Value v = n.valueOf(bn.getInput(i + 1));
            if (!(v instanceof Value.Const c) || c.tensor().size() != channels) {
                return null;
            }
            p[i] = c.tensor().toArray();
        }
        double eps = a.getFloat("epsilon", 1e-5f);
        double[] scale = new double[channels];
        double[] shift = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = p[0][c] / Math.sqrt(p[3][c] + eps);
            shift[c] = p[1][c] - p[2][c] * scale[c];
        }
        return new Affine(bn, scale, shift);
    }

    private static void absorb(NodeContext n, Affine bn, Value result) {
        n.model().absorb(bn.node());
        n.extraBindings.put(bn.node().getOutput(0), result);
    }

    /** Scales the slices of {@code t} along {@code axis} by {@code factor[i]}. */
    private static Tensor scaleAlong(Tensor t, int axis, double[] factor) {
        double[] d = t.toArray();
        int[] dims = t.shape().dims();
        int inner = 1;
        for (int i = axis + 1; i < dims.length; i++) {
            inner *= dims[i];
        }
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor[(i / inner) % dims[axis]];
        }
        return new Tensor(t.shape(), d);
    }

    static Value gemm(NodeContext n) {
        double alpha = n.attrs.getFloat("alpha", 1.0);
        double beta = n.attrs.getFloat("beta", 1.0);
        boolean transA = n.attrs.getInt("transA", 0) != 0;
        boolean transB = n.attrs.getInt("transB", 0) != 0;
        Value a = n.req(0);
        Value b = n.req(1);
        Value c = n.in(2);
        if (b.shape().rank() == 2 && b instanceof Value.Const bc && (c == null || c instanceof Value.Const)) {
            int columns = transB ? b.shape().dim(0) : b.shape().dim(1);
            Affine bn = foldableBatchNorm(n, columns);
            Tensor bias = c == null ? Tensor.zeros(Shape.of(columns)) : ((Value.Const) c).tensor();
            if (bn != null && bias.size() == columns || bn != null && bias.size() == 1) {
                Tensor w = scaleAlong(bc.tensor(), transB ? 0 : 1, bn.scale());
                double[] nb = new double[columns];
                for (int j = 0; j < columns; j++) {
                    nb[j] = beta * bias.get(bias.size() == 1 ? 0 : j) * bn.scale()[j] + bn.shift()[j];
                }
                Value r = n.apply(new Gemm(alpha, 1.0, transA, transB), ElemKind.FLOAT, a,
                        new Value.Const(w, ElemKind.FLOAT), new Value.Const(new Tensor(Shape.of(columns), nb), ElemKind.FLOAT));
                absorb(n, bn, r);
                return r;
            }
        }
        Gemm op = new Gemm(alpha, beta, transA, transB);
        return c == null ? n.apply(op, ElemKind.FLOAT, a, b) : n.apply(op, ElemKind.FLOAT, a, b, c);
    }

    private static Value conv(NodeContext n) {
        Value x = n.req(0);
        Value w = n.req(1);
        Value b = n.in(2);
        int spatial = x.shape().rank() - 2;
        if (spatial < 1 || w.shape().rank() != x.shape().rank()) {
            throw new Unsupported("input " + x.shape() + " and weight " + w.shape() + " do not fit a convolution");
        }
        List<Integer> kernel = new ArrayList<>();
        for (int i = 0; i < spatial; i++) {
            kernel.add(w.shape().dim(i + 2));
        }
        List<Integer> strides = n.attrs.getInts("strides", Collections.nCopies(spatial, 1));
        List<Integer> dilations = n.attrs.getInts("dilations", Collections.nCopies(spatial, 1));
        List<Integer> pads = pads(n, x.shape(), kernel, strides, dilations);
        int group = n.attrs.getInt32("group", 1);
        Conv op = new Conv(strides, pads, dilations, group);
        int channels = w.shape().dim(0);
        if (w instanceof Value.Const wc && (b == null || b instanceof Value.Const)) {
            Affine bn = foldableBatchNorm(n, channels);
            if (bn != null) {
                Tensor weights = scaleAlong(wc.tensor(), 0, bn.scale());
                double[] bias = new double[channels];
                for (int o = 0; o < channels; o++) {
                    double old = b == null ? 0 : ((Value.Const) b).tensor().get(o);
                    bias[o] = old * bn.scale()[o] + bn.shift()[o];
                }
                Value r = n.apply(op, ElemKind.FLOAT, x, new Value.Const(weights, ElemKind.FLOAT),
                        new Value.Const(new Tensor(Shape.of(channels), bias), ElemKind.FLOAT));
                absorb(n, bn, r);
                return r;
            }
        }
        return b == null ? n.apply(op, ElemKind.FLOAT, x, w) : n.apply(op, ElemKind.FLOAT, x, w, b);
    }

    /** Explicit begin-then-end pads from the pads or auto_pad attributes. */
    private static List<Integer> pads(NodeContext n, Shape x, List<Integer> kernel, List<Integer> strides,
            List<Integer> dilations) {
        int spatial = kernel.size();
        String autoPad = n.attrs.getString("auto_pad", "NOTSET");
        switch (autoPad) {
            case "NOTSET":
                return n.attrs.getInts("pads", Collections.nCopies(2 * spatial, 0));
            case "VALID":
                return Collections.nCopies(2 * spatial, 0);
            case "SAME_UPPER":
            case "SAME_LOWER": {
                Integer[] p = new Integer[2 * spatial];
                for (int i = 0; i < spatial; i++) {
                    int in = x.dim(i + 2);
                    int s = strides.get(i);
                    int out = (in + s - 1) / s;
                    int total = Math.max(0, (out - 1) * s + (kernel.get(i) - 1) * dilations.get(i) + 1 - in);
                    int small = total / 2;
                    p[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    p[i + spatial] = total - p[i];
                }
                return List.of(p);
            }
            default:
                throw new Unsupported("attribute auto_pad=" + autoPad + " is not supported");
        }
    }

    private static Value convTranspose(NodeContext n) {
        Value x = n.req(0);
        Value w = n.req(1);
        Value b = n.in(2);
        int spatial = x.shape().rank() - 2;
        if (spatial < 1 || w.shape().rank() != x.shape().rank()) {
            throw new Unsupported("input " + x.shape() + " and weight " + w.shape() + " do not fit a convolution");
        }
        List<Integer> strides = n.attrs.getInts("strides", Collections.nCopies(spatial, 1));
        List<Integer> dilations = n.attrs.getInts("dilations", Collections.nCopies(spatial, 1));
        List<Integer> outputPadding = n.attrs.getInts("output_padding", Collections.nCopies(spatial, 0));
        int group = n.attrs.getInt32("group", 1);
        List<Integer> outputShape = n.attrs.getInts("output_shape");
        String autoPad = n.attrs.getString("auto_pad", "NOTSET");
        List<Integer> pads;
        if (outputShape != null || autoPad.startsWith("SAME")) {
            Integer[] p = new Integer[2 * spatial];
            for (int i = 0; i < spatial; i++) {
                int in = x.shape().dim(i + 2);
                int target = outputShape != null ? outputShape.get(outputShape.size() - spatial + i) : in * strides.get(i);
                int full = strides.get(i) * (in - 1) + outputPadding.get(i) + (w.shape().dim(i + 2) - 1) * dilations.get(i) + 1;
                int total = full - target;
                if (total < 0) {
                    throw new Unsupported("output_shape " + outputShape + " needs negative padding");
                }
                boolean upper = autoPad.equals("SAME_UPPER");
                p[i] = upper ? total / 2 : total - total / 2;
                p[i + spatial] = total - p[i];
            }
            pads = List.of(p);
        } else if (autoPad.equals("NOTSET") || autoPad.equals("VALID")) {
            pads = autoPad.equals("VALID") ? Collections.nCopies(2 * spatial, 0)
                    : n.attrs.getInts("pads", Collections.nCopies(2 * spatial, 0));
        } else {
            throw new Unsupported("attribute auto_pad=" + autoPad + " is not supported");
        }
        ConvTranspose op = new ConvTranspose(strides, pads, dilations, outputPadding, group);
        return b == null ? n.apply(op, ElemKind.FLOAT, x, w) : n.apply(op, ElemKind.FLOAT, x, w, b);
    }

    // ---- pooling ----

    private static Value maxPool(NodeContext n) {
        Value x = n.req(0);
        List<Integer> kernel = kernel(n);
        int spatial = kernel.size();
        List<Integer> strides = n.attrs.getInts("strides", Collections.nCopies(spatial, 1));
        List<Integer> dilations = n.attrs.getInts("dilations", Collections.nCopies(spatial, 1));
        List<Integer> pads = pads(n, x.shape(), kernel, strides, dilations);
        boolean ceil = n.attrs.getInt("ceil_mode", 0) != 0;
        return n.apply(new MaxPool(kernel, strides, pads, dilations, ceil), x);
    }

    private static Value avgPool(NodeContext n) {
        Value x = n.req(0);
        List<Integer> kernel = kernel(n);
        int spatial = kernel.size();
        List<Integer> strides = n.attrs.getInts("strides", Collections.nCopies(spatial, 1));
        List<Integer> dilations = n.attrs.getInts("dilations", Collections.nCopies(spatial, 1));
        if (dilations.stream().anyMatch(d -> d != 1)) {
            throw new Unsupported("attribute dilations=" + dilations + " is not supported");
        }
        List<Integer> pads = pads(n, x.shape(), kernel, strides, dilations);
        boolean ceil = n.attrs.getInt("ceil_mode", 0) != 0;
        boolean includePad = n.attrs.getInt("count_include_pad", 0) != 0;
        return n.apply(new AvgPool(kernel, strides, pads, includePad, ceil), x);
    }

    private static List<Integer> kernel(NodeContext n) {
        List<Integer> k = n.attrs.getInts("kernel_shape");
        if (k == null) {
            throw new Unsupported("attribute kernel_shape is missing");
        }
        return k;
    }

    // ---- normalisation ----

    private static Value batchNorm(NodeContext n) {
        n.onlyFirstOutput();
        if (n.attrs.getInt("spatial", 1) != 1) {
            throw new Unsupported("attribute spatial=0 is not supported");
        }
        if (n.attrs.getInt("training_mode", 0) != 0) {
            throw new Unsupported("attribute training_mode=1 is not supported");
        }
        double eps = n.attrs.getFloat("epsilon", 1e-5f);
        return n.apply(new BatchNorm(eps), ElemKind.FLOAT, n.req(0), n.req(1), n.req(2), n.req(3), n.req(4));
    }

    private static Value instanceNorm(NodeContext n) {
        Value x = n.req(0);
        int rank = x.shape().rank();
        if (rank < 3) {
            throw new Unsupported("input must have spatial axes, got " + x.shape());
        }
        double eps = n.attrs.getFloat("epsilon", 1e-5f);
        List<Integer> axes = new ArrayList<>();
        List<Integer> paramShape = new ArrayList<>();
        paramShape.add(x.shape().dim(1));
        for (int i = 2; i < rank; i++) {
            axes.add(i);
            paramShape.add(1);
        }
        Value mean = n.apply(new Reduce(Reduce.Kind.MEAN, axes, true), x);
        Value centred = n.apply(new Sub(), x, mean);
        Value variance = n.apply(new Reduce(Reduce.Kind.MEAN, axes, true), n.apply(new Mul(), centred, centred));
        Value std = n.apply(new Sqrt(), n.apply(new Add(), variance, NodeContext.scalar(eps)));
        Value normalised = n.apply(new Mul(), centred, n.apply(new dev.zkmlc.ir.op.Reciprocal(), std));
        Value scale = n.apply(new Reshape(paramShape), n.req(1));
        Value bias = n.apply(new Reshape(paramShape), n.req(2));
        return n.apply(new Add(), n.apply(new Mul(), normalised, scale), bias);
    }

    private static Value layerNorm(NodeContext n) {
        Value x = n.req(0);
        int axis = NodeContext.normaliseAxis((int) n.attrs.getInt("axis", -1), x.shape().rank());
        double eps = n.attrs.getFloat("epsilon", 1e-5f);
        LayerNorm op = new LayerNorm(axis, eps);
        return n.in(2) == null ? n.apply(op, ElemKind.FLOAT, x, n.req(1))
                : n.apply(op, ElemKind.FLOAT, x, n.req(1), n.req(2));
    }

    // ---- padding and resizing ----

    private static Value pad(NodeContext n) {
        Value x = n.req(0);
        int rank = x.shape().rank();
        String modeName = n.attrs.getString("mode", "constant");
        Pad.Mode mode;
        switch (modeName) {
            case "constant": mode = Pad.Mode.CONSTANT; break;
            case "reflect": mode = Pad.Mode.REFLECT; break;
            case "edge": mode = Pad.Mode.EDGE; break;
            default: throw new Unsupported("attribute mode=" + modeName + " is not supported");
        }
        List<Integer> pads;
        double value = 0;
        if (n.opset < 11) {
            pads = n.attrs.getInts("pads", n.attrs.getInts("paddings", List.of()));
            value = n.attrs.getFloat("value", 0);
        } else {
            pads = NodeContext.ints(n.constant(1, "the pads"), "the pads");
            if (n.in(2) != null) {
                Value.Const v = n.constant(2, "the constant value");
                value = v.tensor().size() == 0 ? 0 : v.tensor().get(0);
            }
            if (n.in(3) != null) {
                List<Integer> axes = NodeContext.ints(n.constant(3, "the axes"), "the axes");
                Integer[] full = new Integer[2 * rank];
                java.util.Arrays.fill(full, 0);
                for (int i = 0; i < axes.size(); i++) {
                    int a = NodeContext.normaliseAxis(axes.get(i), rank);
                    full[a] = pads.get(i);
                    full[a + rank] = pads.get(i + axes.size());
                }
                pads = List.of(full);
            }
        }
        if (pads.size() != 2 * rank) {
            throw new Unsupported(pads.size() + " pads do not fit rank " + rank);
        }
        // Negative pads remove elements: crop those first, then pad the rest.
        List<Integer> starts = new ArrayList<>();
        List<Integer> ends = new ArrayList<>();
        List<Integer> axes = new ArrayList<>();
        List<Integer> positive = new ArrayList<>();
        for (int i = 0; i < 2 * rank; i++) {
            positive.add(Math.max(0, pads.get(i)));
        }
        for (int a = 0; a < rank; a++) {
            int begin = Math.max(0, -pads.get(a));
            int end = x.shape().dim(a) - Math.max(0, -pads.get(a + rank));
            if (begin > 0 || end < x.shape().dim(a)) {
                if (begin > end) {
                    throw new Unsupported("pads " + pads + " remove more than axis " + a + " of " + x.shape() + " holds");
                }
                starts.add(begin);
                ends.add(end);
                axes.add(a);
            }
        }
        Value r = axes.isEmpty() ? x : n.apply(new Slice(starts, ends, axes, Collections.nCopies(axes.size(), 1)), x);
        if (positive.stream().allMatch(p -> p == 0)) {
            return r;
        }
        return n.apply(new Pad(positive, mode, value), r);
    }

    private static Value resize(NodeContext n) {
        Value x = n.req(0);
        int rank = x.shape().rank();
        String mode = n.attrs.getString("mode", "nearest");
        if (!mode.equals("nearest")) {
            throw new Unsupported("attribute mode=" + mode + " is not supported (only nearest)");
        }
        double[] scales = null;
        int[] sizes = null;
        String transform;
        String rounding;
        if (n.opType.equals("Upsample") || n.opset == 10) {
            transform = "asymmetric";
            rounding = "floor";
            if (n.opType.equals("Upsample") && n.opset < 9) {
                List<Float> f = n.attrs.getFloats("scales");
                if (f == null) {
                    throw new Unsupported("attribute scales is missing");
                }
                scales = f.stream().mapToDouble(Float::doubleValue).toArray();
            } else {
                scales = n.constant(1, "the scales").tensor().toArray();
            }
        } else {
            transform = n.attrs.getString("coordinate_transformation_mode", "half_pixel");
            rounding = n.attrs.getString("nearest_mode", "round_prefer_floor");
            if (n.attrs.has("axes")) {
                throw new Unsupported("attribute axes is not supported");
            }
            String policy = n.attrs.getString("keep_aspect_ratio_policy", "stretch");
            if (!policy.equals("stretch")) {
                throw new Unsupported("attribute keep_aspect_ratio_policy=" + policy + " is not supported");
            }
            if (n.in(3) != null) {
                List<Integer> s = NodeContext.ints(n.constant(3, "the sizes"), "the sizes");
                sizes = s.stream().mapToInt(Integer::intValue).toArray();
            } else {
                scales = n.constant(2, "the scales").tensor().toArray();
            }
        }
        if (sizes == null) {
            if (scales.length != rank) {
                throw new Unsupported(scales.length + " scales do not fit rank " + rank);
            }
            sizes = new int[rank];
            for (int i = 0; i < rank; i++) {
                sizes[i] = (int) Math.floor(x.shape().dim(i) * scales[i]);
            }
        } else if (sizes.length != rank) {
            throw new Unsupported(sizes.length + " sizes do not fit rank " + rank);
        }
        // Compute where ONNX reads each output index from; when that is the IR's floor mapping on
        // every axis the Resize op says it, otherwise a constant gather per axis does.
        List<int[]> maps = new ArrayList<>();
        boolean floorMapping = true;
        for (int a = 0; a < rank; a++) {
            int in = x.shape().dim(a);
            int out = sizes[a];
            double scale = scales != null ? scales[a] : (double) out / in;
            int[] map = new int[out];
            for (int i = 0; i < out; i++) {
                map[i] = nearestSource(i, in, out, scale, transform, rounding);
                if (map[i] != (int) ((long) i * in / out)) {
                    floorMapping = false;
                }
            }
            maps.add(map);
        }
        if (floorMapping) {
            return n.apply(new Resize(Operators.toList(sizes)), x);
        }
        Value r = x;
        for (int a = 0; a < rank; a++) {
            int[] map = maps.get(a);
            boolean identity = map.length == x.shape().dim(a);
            for (int i = 0; identity && i < map.length; i++) {
                identity = map[i] == i;
            }
            if (!identity) {
                r = n.apply(new Gather(a, Operators.toList(map), List.of(map.length)), r);
            }
        }
        return r;
    }

    private static int nearestSource(int i, int in, int out, double scale, String transform, String rounding) {
        double x;
        switch (transform) {
            case "half_pixel":
                x = (i + 0.5) / scale - 0.5;
                break;
            case "pytorch_half_pixel":
                x = out > 1 ? (i + 0.5) / scale - 0.5 : 0;
                break;
            case "align_corners":
                x = out == 1 ? 0 : (double) i * (in - 1) / (out - 1);
                break;
            case "asymmetric":
                x = i / scale;
                break;
            case "tf_half_pixel_for_nn":
                x = (i + 0.5) / scale;
                break;
            default:
                throw new Unsupported("attribute coordinate_transformation_mode=" + transform + " is not supported");
        }
        double r;
        switch (rounding) {
            case "round_prefer_floor":
                r = x == Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
                break;
            case "round_prefer_ceil":
                r = x == Math.floor(x) + 0.5 ? Math.ceil(x) : Math.round(x);
                break;
            case "floor":
                r = Math.floor(x);
                break;
            case "ceil":
                r = Math.ceil(x);
                break;
            default:
                throw new Unsupported("attribute nearest_mode=" + rounding + " is not supported");
        }
        return (int) Math.max(0, Math.min(in - 1, r));
    }
}
