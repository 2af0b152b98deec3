package dev.zkmlc.ir.interp;

import dev.zkmlc.ir.IrException;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.op.Expand;
import dev.zkmlc.ir.op.Flatten;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Resize;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.Unsqueeze;
import java.util.List;

/**
 * Flat-index arithmetic of the ops that move data without computing: for every output element,
 * the row-major index of the input element it copies. Both interpreters apply these maps, and a
 * circuit lowering can turn them into copy constraints, so the three cannot disagree on layout.
 */
public final class IndexMaps {
    /** The output element is the pad constant (pad), or lies in explicit padding (windows). */
    public static final int PAD = -1;
    /** The window element lies beyond the explicit end pad (ceil-mode overhang): never counted. */
    public static final int OVERHANG = -2;

    private IndexMaps() {}

    /** True when {@link #dataMovement} handles the op. */
    public static boolean isDataMovement(Op op) {
        return op instanceof Reshape || op instanceof Flatten || op instanceof Squeeze || op instanceof Unsqueeze
                || op instanceof Transpose || op instanceof Slice || op instanceof Gather || op instanceof Pad
                || op instanceof Expand || op instanceof Resize;
    }

    /**
     * For a one-operand data-movement op (reshape, flatten, squeeze, unsqueeze, transpose, slice,
     * gather, pad, expand, resize): the input index each output element copies, or {@link #PAD}
     * for a constant-mode pad element.
     */
    public static int[] dataMovement(Op op, Shape in, Shape out) {
        if (op instanceof Reshape || op instanceof Flatten || op instanceof Squeeze || op instanceof Unsqueeze) {
            int[] map = new int[out.size()];
            for (int i = 0; i < map.length; i++) {
                map[i] = i;
            }
            return map;
        }
        if (op instanceof Transpose t) {
            int[] inStrides = in.strides();
            int[][] off = new int[out.rank()][];
            for (int i = 0; i < out.rank(); i++) {
                off[i] = ramp(out.dim(i), inStrides[t.perm().get(i)]);
            }
            return combine(off);
        }
        if (op instanceof Slice s) {
            return slice(s, in);
        }
        if (op instanceof Gather g) {
            return gather(g, in, out);
        }
        if (op instanceof Pad p) {
            return pad(p, in, out);
        }
        if (op instanceof Expand) {
            return broadcast(in, out);
        }
        if (op instanceof Resize) {
            int[] inStrides = in.strides();
            int[][] off = new int[out.rank()][];
            for (int i = 0; i < out.rank(); i++) {
                off[i] = new int[out.dim(i)];
                for (int c = 0; c < out.dim(i); c++) {
                    off[i][c] = (int) ((long) c * in.dim(i) / out.dim(i)) * inStrides[i];
                }
            }
            return combine(off);
        }
        throw new IrException(op.opName() + " is not a data-movement op");
    }

    /** For each element of {@code to}, the element of {@code from} it reads under numpy broadcasting. */
    public static int[] broadcast(Shape from, Shape to) {
        int lead = to.rank() - from.rank();
        if (lead < 0) {
            throw new IrException("cannot broadcast " + from + " to " + to);
        }
        int[] fromStrides = from.strides();
        int[][] off = new int[to.rank()][];
        for (int i = 0; i < to.rank(); i++) {
            int f = i - lead;
            if (f < 0 || from.dim(f) == 1) {
                off[i] = new int[to.dim(i)];
            } else if (from.dim(f) == to.dim(i)) {
                off[i] = ramp(to.dim(i), fromStrides[f]);
            } else {
                throw new IrException("cannot broadcast " + from + " to " + to);
            }
        }
        return combine(off);
    }

    /**
     * Concatenation along {@code axis}: row 0 holds, for each output element, the operand it comes
     * from, and row 1 the index within that operand.
     */
    public static int[][] concat(List<Shape> ins, Shape out, int axis) {
        int a = out.axis(axis);
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= out.dim(i);
        }
        int inner = 1;
        for (int i = a + 1; i < out.rank(); i++) {
            inner *= out.dim(i);
        }
        int[] operand = new int[out.size()];
        int[] index = new int[out.size()];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < ins.size(); k++) {
                int block = ins.get(k).dim(a) * inner;
                for (int e = 0; e < block; e++) {
                    operand[pos] = k;
                    index[pos] = o * block + e;
                    pos++;
                }
            }
        }
        return new int[][] {operand, index};
    }

    /**
     * Sliding windows of conv and pooling over the spatial axes. Entry {@code [kp * outSize + op]}
     * is the spatial input index that kernel position {@code kp} reads for output position
     * {@code op}, or {@link #PAD} inside the explicit pads, or {@link #OVERHANG} past the end pad
     * (only ceil-mode pooling reaches there). {@code pads} holds all begin pads, then all end pads.
     */
    public static int[] windows(int[] in, int[] kernel, int[] out, int[] strides, int[] pads, int[] dilations) {
        int sp = in.length;
        int[] inStrides = Shape.of(in).strides();
        int kernelSize = Shape.of(kernel).size();
        int outSize = Shape.of(out).size();
        int[] table = new int[kernelSize * outSize];
        int[] kc = new int[sp];
        for (int kp = 0; kp < kernelSize; kp++) {
            int[] oc = new int[sp];
            for (int op = 0; op < outSize; op++) {
                int idx = 0;
                int code = 0;
                for (int i = 0; i < sp; i++) {
                    int c = oc[i] * strides[i] - pads[i] + kc[i] * dilations[i];
                    if (c >= 0 && c < in[i]) {
                        idx += c * inStrides[i];
                    } else if (c >= -pads[i] && c < in[i] + pads[sp + i]) {
                        code = Math.min(code, PAD);
                    } else {
                        code = OVERHANG;
                    }
                }
                table[kp * outSize + op] = code < 0 ? code : idx;
                increment(oc, out);
            }
            increment(kc, kernel);
        }
        return table;
    }

    /**
     * Transposed convolution's scatter: entry {@code [kp * inSize + ip]} is the spatial output index
     * that input position {@code ip} reaches through kernel position {@code kp}, or {@link #PAD} when
     * it falls outside the output (cropped by the pads).
     */
    public static int[] scatterWindows(int[] in, int[] kernel, int[] out, int[] strides, int[] pads, int[] dilations) {
        int sp = in.length;
        int[] outStrides = Shape.of(out).strides();
        int kernelSize = Shape.of(kernel).size();
        int inSize = Shape.of(in).size();
        int[] table = new int[kernelSize * inSize];
        int[] kc = new int[sp];
        for (int kp = 0; kp < kernelSize; kp++) {
            int[] ic = new int[sp];
            for (int ip = 0; ip < inSize; ip++) {
                int idx = 0;
                for (int i = 0; i < sp && idx >= 0; i++) {
                    int c = ic[i] * strides[i] + kc[i] * dilations[i] - pads[i];
                    idx = c >= 0 && c < out[i] ? idx + c * outStrides[i] : PAD;
                }
                table[kp * inSize + ip] = idx;
                increment(ic, in);
            }
            increment(kc, kernel);
        }
        return table;
    }

    /**
     * Reduction over {@code axes} (normalised): for each input element, the index of the output
     * element it contributes to (keepDims does not change the row-major layout).
     */
    public static int[] reduction(Shape in, List<Integer> axes) {
        int[][] off = new int[in.rank()][];
        int stride = 1;
        for (int i = in.rank() - 1; i >= 0; i--) {
            if (axes.contains(i)) {
                off[i] = new int[in.dim(i)];
            } else {
                off[i] = ramp(in.dim(i), stride);
                stride *= in.dim(i);
            }
        }
        return combine(off);
    }

    private static int[] slice(Slice s, Shape in) {
        int[] inStrides = in.strides();
        int[] start = new int[in.rank()];
        int[] step = new int[in.rank()];
        int[] extent = in.dims();
        java.util.Arrays.fill(step, 1);
        for (int j = 0; j < s.axes().size(); j++) {
            int a = in.axis(s.axes().get(j));
            start[a] = s.starts().get(j);
            step[a] = s.steps().get(j);
            extent[a] = Slice.extent(s.starts().get(j), s.ends().get(j), s.steps().get(j));
        }
        int[][] off = new int[in.rank()][];
        for (int i = 0; i < in.rank(); i++) {
            off[i] = new int[extent[i]];
            for (int c = 0; c < extent[i]; c++) {
                off[i][c] = (start[i] + c * step[i]) * inStrides[i];
            }
        }
        return combine(off);
    }

    private static int[] gather(Gather g, Shape in, Shape out) {
        int a = in.axis(g.axis());
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= in.dim(i);
        }
        int inner = 1;
        for (int i = a + 1; i < in.rank(); i++) {
            inner *= in.dim(i);
        }
        int n = g.indices().size();
        int[] map = new int[out.size()];
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < n; j++) {
                int base = (o * in.dim(a) + g.indices().get(j)) * inner;
                for (int e = 0; e < inner; e++) {
                    map[pos++] = base + e;
                }
            }
        }
        return map;
    }

    private static int[] pad(Pad p, Shape in, Shape out) {
        int rank = in.rank();
        int[] inStrides = in.strides();
        int[][] off = new int[rank][];
        for (int i = 0; i < rank; i++) {
            int n = in.dim(i);
            int begin = p.pads().get(i);
            off[i] = new int[out.dim(i)];
            for (int c = 0; c < out.dim(i); c++) {
                int src = c - begin;
                if (src < 0 || src >= n) {
                    switch (p.mode()) {
                        case CONSTANT -> src = PAD;
                        case EDGE -> src = src < 0 ? 0 : n - 1;
                        case REFLECT -> src = reflect(src, n);
                        default -> throw new IllegalStateException();
                    }
                }
                off[i][c] = src < 0 ? PAD : src * inStrides[i];
            }
        }
        return combine(off);
    }

    /** Mirror index without repeating the border (numpy's "reflect"), periodic for wide pads. */
    private static int reflect(int src, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(src, period);
        return m < n ? m : period - m;
    }

    private static int[] ramp(int n, int stride) {
        int[] r = new int[n];
        for (int c = 0; c < n; c++) {
            r[c] = c * stride;
        }
        return r;
    }

    /**
     * The outer sum of per-axis offsets in row-major order; an offset below zero on any axis makes
     * the element {@link #PAD}.
     */
    static int[] combine(int[][] off) {
        long size = 1;
        for (int[] o : off) {
            size *= o.length;
        }
        int[] out = new int[(int) size];
        if (off.length == 0) {
            return out;
        }
        fill(off, 0, 0, out, 0);
        return out;
    }

    private static int fill(int[][] off, int axis, int base, int[] out, int pos) {
        int[] o = off[axis];
        if (axis == off.length - 1) {
            for (int v : o) {
                out[pos++] = base < 0 || v < 0 ? PAD : base + v;
            }
            return pos;
        }
        for (int v : o) {
            pos = fill(off, axis + 1, base < 0 || v < 0 ? PAD : base + v, out, pos);
        }
        return pos;
    }

    private static void increment(int[] coord, int[] dims) {
        for (int i = coord.length - 1; i >= 0; i--) {
            if (++coord[i] < dims[i]) {
                return;
            }
            coord[i] = 0;
        }
    }
}
