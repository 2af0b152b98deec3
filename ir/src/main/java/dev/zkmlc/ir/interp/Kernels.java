package dev.zkmlc.ir.interp;

import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.ShapeRules;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The geometry and inner loops both interpreters share: convolution (double and overflow-checked
 * long), matmul batching, pooling windows and single-axis iteration.
 */
public final class Kernels {
    private Kernels() {}

    /** Iteration over one axis: {@code outer} blocks of {@code n} elements spaced {@code inner} apart. */
    public record AxisGeometry(int outer, int n, int inner) {
        public static AxisGeometry of(Shape s, int axis) {
            int a = s.axis(axis);
            int outer = 1;
            for (int i = 0; i < a; i++) {
                outer *= s.dim(i);
            }
            int inner = 1;
            for (int i = a + 1; i < s.rank(); i++) {
                inner *= s.dim(i);
            }
            return new AxisGeometry(outer, s.dim(a), inner);
        }
    }

    /**
     * Numpy matmul as a batch of [m, k] x [k, n] products; {@code aBatch[b]} and {@code bBatch[b]}
     * are the (broadcast) matrix indices of each operand for result matrix b.
     */
    public record MatMulGeometry(int m, int k, int n, int batches, int[] aBatch, int[] bBatch) {
        public static MatMulGeometry of(Shape a, Shape b) {
            int[] ad = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.dims();
            int[] bd = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.dims();
            Shape aBatchShape = Shape.of(Arrays.copyOf(ad, ad.length - 2));
            Shape bBatchShape = Shape.of(Arrays.copyOf(bd, bd.length - 2));
            Shape batch = ShapeRules.broadcast(aBatchShape, bBatchShape);
            return new MatMulGeometry(ad[ad.length - 2], ad[ad.length - 1], bd[bd.length - 1], batch.size(),
                    IndexMaps.broadcast(aBatchShape, batch), IndexMaps.broadcast(bBatchShape, batch));
        }
    }

    /**
     * Convolution geometry. For {@link Conv}, {@code table[kp * outSize + op]} is the input position
     * read (see {@link IndexMaps#windows}); for {@link ConvTranspose}, {@code table[kp * inSize + ip]}
     * is the output position written (see {@link IndexMaps#scatterWindows}).
     */
    public record ConvGeometry(int batch, int inChannels, int outChannels, int group, int inSize, int outSize,
            int kernelSize, int[] table) {
        public ConvGeometry(Shape x, Shape w, Shape out, Conv c) {
            this(x.dim(0), x.dim(1), out.dim(1), c.group(), spatialSize(x), spatialSize(out), spatialSize(w),
                    IndexMaps.windows(spatial(x), spatial(w), spatial(out), ints(c.strides()), ints(c.pads()),
                            ints(c.dilations())));
        }

        public ConvGeometry(Shape x, Shape w, Shape out, ConvTranspose c) {
            this(x.dim(0), x.dim(1), out.dim(1), c.group(), spatialSize(x), spatialSize(out), spatialSize(w),
                    IndexMaps.scatterWindows(spatial(x), spatial(w), spatial(out), ints(c.strides()), ints(c.pads()),
                            ints(c.dilations())));
        }
    }

    /** Pooling over {@code planes} = batch x channels planes; table as in {@link IndexMaps#windows}. */
    public record PoolGeometry(int planes, int inSize, int outSize, int kernelSize, int[] table) {
        public static PoolGeometry of(Op op, Shape x, Shape out) {
            List<Integer> kernel;
            List<Integer> strides;
            List<Integer> pads;
            List<Integer> dilations;
            if (op instanceof MaxPool mp) {
                kernel = mp.kernel();
                strides = mp.strides();
                pads = mp.pads();
                dilations = mp.dilations();
            } else {
                AvgPool ap = (AvgPool) op;
                kernel = ap.kernel();
                strides = ap.strides();
                pads = ap.pads();
                dilations = Collections.nCopies(kernel.size(), 1);
            }
            int[] k = ints(kernel);
            return new PoolGeometry(x.dim(0) * x.dim(1), spatialSize(x), spatialSize(out), Shape.of(k).size(),
                    IndexMaps.windows(spatial(x), k, spatial(out), ints(strides), ints(pads), ints(dilations)));
        }
    }

    /** y += conv(x, w) in doubles (no bias). */
    public static void conv(ConvGeometry g, double[] x, double[] w, double[] y) {
        int cg = g.inChannels() / g.group();
        int mg = g.outChannels() / g.group();
        int outS = g.outSize();
        int[] table = g.table();
        for (int n = 0; n < g.batch(); n++) {
            for (int m = 0; m < g.outChannels(); m++) {
                int yBase = (n * g.outChannels() + m) * outS;
                int firstC = (m / mg) * cg;
                for (int c = 0; c < cg; c++) {
                    int xBase = (n * g.inChannels() + firstC + c) * g.inSize();
                    int wBase = (m * cg + c) * g.kernelSize();
                    for (int kp = 0; kp < g.kernelSize(); kp++) {
                        double wv = w[wBase + kp];
                        int t = kp * outS;
                        for (int o = 0; o < outS; o++) {
                            int idx = table[t + o];
                            if (idx >= 0) {
                                y[yBase + o] += wv * x[xBase + idx];
                            }
                        }
                    }
                }
            }
        }
    }

    /** y += conv(x, w) exactly in longs; throws {@link ArithmeticException} on overflow. */
    public static void conv(ConvGeometry g, long[] x, long[] w, long[] y) {
        int cg = g.inChannels() / g.group();
        int mg = g.outChannels() / g.group();
        int outS = g.outSize();
        int[] table = g.table();
        for (int n = 0; n < g.batch(); n++) {
            for (int m = 0; m < g.outChannels(); m++) {
                int yBase = (n * g.outChannels() + m) * outS;
                int firstC = (m / mg) * cg;
                for (int c = 0; c < cg; c++) {
                    int xBase = (n * g.inChannels() + firstC + c) * g.inSize();
                    int wBase = (m * cg + c) * g.kernelSize();
                    for (int kp = 0; kp < g.kernelSize(); kp++) {
                        long wv = w[wBase + kp];
                        if (wv == 0) {
                            continue;
                        }
                        int t = kp * outS;
                        for (int o = 0; o < outS; o++) {
                            int idx = table[t + o];
                            if (idx >= 0) {
                                y[yBase + o] = Math.addExact(y[yBase + o], Math.multiplyExact(wv, x[xBase + idx]));
                            }
                        }
                    }
                }
            }
        }
    }

    /** y += conv_transpose(x, w) in doubles (no bias). W is [c, m / group, kernel...]. */
    public static void convTranspose(ConvGeometry g, double[] x, double[] w, double[] y) {
        int cg = g.inChannels() / g.group();
        int mg = g.outChannels() / g.group();
        int inS = g.inSize();
        int[] table = g.table();
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.inChannels(); c++) {
                int xBase = (n * g.inChannels() + c) * inS;
                int firstM = (c / cg) * mg;
                for (int mm = 0; mm < mg; mm++) {
                    int yBase = (n * g.outChannels() + firstM + mm) * g.outSize();
                    int wBase = (c * mg + mm) * g.kernelSize();
                    for (int kp = 0; kp < g.kernelSize(); kp++) {
                        double wv = w[wBase + kp];
                        int t = kp * inS;
                        for (int i = 0; i < inS; i++) {
                            int idx = table[t + i];
                            if (idx >= 0) {
                                y[yBase + idx] += wv * x[xBase + i];
                            }
                        }
                    }
                }
            }
        }
    }

    /** y += conv_transpose(x, w) exactly in longs; throws {@link ArithmeticException} on overflow. */
    public static void convTranspose(ConvGeometry g, long[] x, long[] w, long[] y) {
        int cg = g.inChannels() / g.group();
        int mg = g.outChannels() / g.group();
        int inS = g.inSize();
        int[] table = g.table();
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.inChannels(); c++) {
                int xBase = (n * g.inChannels() + c) * inS;
                int firstM = (c / cg) * mg;
                for (int mm = 0; mm < mg; mm++) {
                    int yBase = (n * g.outChannels() + firstM + mm) * g.outSize();
                    int wBase = (c * mg + mm) * g.kernelSize();
                    for (int kp = 0; kp < g.kernelSize(); kp++) {
                        long wv = w[wBase + kp];
                        int t = kp * inS;
                        for (int i = 0; i < inS; i++) {
                            int idx = table[t + i];
                            if (idx >= 0) {
                                y[yBase + idx] = Math.addExact(y[yBase + idx], Math.multiplyExact(wv, x[xBase + i]));
                            }
                        }
                    }
                }
            }
        }
    }

    /** The transpose of a row-major 2-d array of shape s. */
    public static double[] transpose2d(double[] a, Shape s) {
        int r = s.dim(0);
        int c = s.dim(1);
        double[] t = new double[a.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = a[i * c + j];
            }
        }
        return t;
    }

    /** The transpose of a row-major 2-d array of shape s. */
    public static long[] transpose2d(long[] a, Shape s) {
        int r = s.dim(0);
        int c = s.dim(1);
        long[] t = new long[a.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = a[i * c + j];
            }
        }
        return t;
    }

    /** The shape of the axes layer norm normalises over: from {@code axis} to the last. */
    public static Shape normalisedShape(Shape x, int axis) {
        int[] d = x.dims();
        return Shape.of(Arrays.copyOfRange(d, x.axis(axis), d.length));
    }

    private static int[] spatial(Shape s) {
        int[] d = s.dims();
        return Arrays.copyOfRange(d, 2, d.length);
    }

    private static int spatialSize(Shape s) {
        return Shape.of(spatial(s)).size();
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }
}
