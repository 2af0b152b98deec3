package dev.zkmlc.ir.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Div;
import dev.zkmlc.ir.op.Expand;
import dev.zkmlc.ir.op.Flatten;
import dev.zkmlc.ir.op.Gather;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.GlobalAvgPool;
import dev.zkmlc.ir.op.GlobalMaxPool;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.LeakyRelu;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Max;
import dev.zkmlc.ir.op.MaxPool;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Resize;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Squeeze;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.Unsqueeze;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FloatInterpreterTest {
    static Tensor t(int[] dims, double... v) {
        return new Tensor(Shape.of(dims), v);
    }

    static int[] s(int... d) {
        return d;
    }

    /** Runs one op whose operands are all graph inputs. */
    static Tensor run(Op op, Tensor... operands) {
        GraphBuilder b = new GraphBuilder("one");
        Map<String, Tensor> ins = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < operands.length; i++) {
            String n = "x" + i;
            b.input(n, new TensorType(dev.zkmlc.ir.DType.FLOAT, operands[i].shape()), Visibility.PRIVATE);
            ins.put(n, operands[i]);
            names.add(n);
        }
        String y = b.node(op, names, "y", SourceLocation.UNKNOWN);
        b.output(y, Visibility.PUBLIC);
        return FloatInterpreter.run(b.build(), ins).get(y);
    }

    static void near(Tensor actual, int[] dims, double... expected) {
        assertEquals(Shape.of(dims), actual.shape());
        assertArrayEquals(expected, actual.toArray(), 1e-12);
    }

    @Test
    void elementwiseOpsBroadcastLikeNumpy() {
        near(run(new Add(), t(s(2, 1), 1, 2), t(s(3), 10, 20, 30)), s(2, 3), 11, 21, 31, 12, 22, 32);
        near(run(new Sub(), t(s(2), 5, 5), t(s(), 1)), s(2), 4, 4);
        near(run(new Mul(), t(s(2), 2, 3), t(s(2), 4, 5)), s(2), 8, 15);
        near(run(new Div(), t(s(2), 1, 3), t(s(1), 2)), s(2), 0.5, 1.5);
        near(run(new Max(), t(s(3), -1, 5, 2), t(s(), 1)), s(3), 1, 5, 2);
        near(run(new Relu(), t(s(3), -1, 0, 2)), s(3), 0, 0, 2);
        near(run(new LeakyRelu(0.1), t(s(2), -2, 3)), s(2), -0.2, 3);
        near(run(new Sigmoid(), t(s(1), 0)), s(1), 0.5);
    }

    @Test
    void everyUnaryFunction() {
        near(run(new dev.zkmlc.ir.op.Tanh(), t(s(2), 0, 1)), s(2), 0, 0.7615941559557649);
        near(run(new dev.zkmlc.ir.op.Exp(), t(s(2), 0, 1)), s(2), 1, Math.E);
        near(run(new dev.zkmlc.ir.op.Log(), t(s(2), 1, Math.E)), s(2), 0, 1);
        near(run(new dev.zkmlc.ir.op.Sqrt(), t(s(2), 4, 0.25)), s(2), 2, 0.5);
        near(run(new dev.zkmlc.ir.op.Reciprocal(), t(s(2), 4, -0.5)), s(2), 0.25, -2);
        near(run(new dev.zkmlc.ir.op.Pow(2), t(s(2), 3, -1.5)), s(2), 9, 2.25);
        near(run(new dev.zkmlc.ir.op.HardSigmoid(0.2, 0.5), t(s(3), 1, -5, 5)), s(3), 0.7, 0, 1);
        near(run(new dev.zkmlc.ir.op.Softplus(), t(s(2), 0, 40)), s(2), Math.log(2), 40);
        near(run(new dev.zkmlc.ir.op.Erf(), t(s(3), 0, 1, -1)), s(3), 0, 0.8427007929497149, -0.8427007929497149);
        // x * Phi(x): Phi(1) = 0.8413447460685429.
        near(run(new dev.zkmlc.ir.op.Gelu(false), t(s(2), 0, 1)), s(2), 0, 0.8413447460685429);
        near(run(new dev.zkmlc.ir.op.Gelu(true), t(s(1), 1)), s(1), 0.8411919906082768);
        near(run(new dev.zkmlc.ir.op.Clip(-1, 2), t(s(3), -3, 0.5, 3)), s(3), -1, 0.5, 2);
        near(run(new dev.zkmlc.ir.op.Neg(), t(s(2), 1, -2)), s(2), -1, 2);
        near(run(new dev.zkmlc.ir.op.Abs(), t(s(2), 1, -2)), s(2), 1, 2);
        near(run(new dev.zkmlc.ir.op.Min(), t(s(2), 1, -2), t(s(), 0)), s(2), 0, -2);
    }

    @Test
    void matmulHandlesBatchesAndVectors() {
        near(run(new MatMul(), t(s(2, 2), 1, 2, 3, 4), t(s(2, 2), 5, 6, 7, 8)), s(2, 2), 19, 22, 43, 50);
        // A batch of two left matrices against one shared right matrix.
        near(run(new MatMul(), t(s(2, 1, 2), 1, 0, 0, 1), t(s(2, 2), 5, 6, 7, 8)), s(2, 1, 2), 5, 6, 7, 8);
        near(run(new MatMul(), t(s(2), 1, 2), t(s(2, 2), 5, 6, 7, 8)), s(2), 19, 22);
        near(run(new MatMul(), t(s(2, 2), 1, 2, 3, 4), t(s(2), 1, 1)), s(2), 3, 7);
    }

    @Test
    void gemmTransposesScalesAndBroadcastsBias() {
        Tensor a = t(s(2, 2), 1, 2, 3, 4);
        Tensor b = t(s(2, 2), 5, 6, 7, 8);
        near(run(new Gemm(2.0, 0.5, false, false), a, b, t(s(2), 10, 20)), s(2, 2), 43, 54, 91, 110);
        // A^T = [[1,3],[2,4]]; B^T = [[5,7],[6,8]]; A^T B^T = [[23,31],[34,46]].
        near(run(new Gemm(1.0, 1.0, true, true), a, b), s(2, 2), 23, 31, 34, 46);
    }

    @Test
    void convWithPadsStridesDilationsAndGroups() {
        Tensor x = t(s(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Tensor w = t(s(1, 1, 2, 2), 1, 0, 0, -1);
        near(run(new Conv(List.of(1, 1), List.of(0, 0, 0, 0), List.of(1, 1), 1), x, w), s(1, 1, 2, 2), -4, -4, -4, -4);
        near(run(new Conv(List.of(2, 2), List.of(1, 1, 1, 1), List.of(1, 1), 1), x, w), s(1, 1, 2, 2), -1, -3, -7, -4);
        near(run(new Conv(List.of(1, 1), List.of(0, 0, 0, 0), List.of(2, 2), 1), x, w), s(1, 1, 1, 1), -8);
        Tensor x2 = t(s(1, 2, 2), 1, 2, 3, 4);
        Tensor w2 = t(s(2, 1, 1), 2, 3);
        near(run(new Conv(List.of(1), List.of(0, 0), List.of(1), 2), x2, w2, t(s(2), 1, -1)), s(1, 2, 2), 3, 5, 8, 11);
    }

    @Test
    void convTransposeScattersAndCrops() {
        Tensor x = t(s(1, 1, 2), 1, 2);
        Tensor w = t(s(1, 1, 2), 1, 10);
        near(run(new ConvTranspose(List.of(2), List.of(0, 0), List.of(1), List.of(0), 1), x, w), s(1, 1, 4), 1, 10, 2, 20);
        near(run(new ConvTranspose(List.of(1), List.of(0, 0), List.of(1), List.of(0), 1), x, w), s(1, 1, 3), 1, 12, 20);
        near(run(new ConvTranspose(List.of(1), List.of(1, 0), List.of(1), List.of(0), 1), x, w, t(s(1), 0.5)),
                s(1, 1, 2), 12.5, 20.5);
    }

    @Test
    void poolingCeilModeAndPadCounting() {
        Tensor x = t(s(1, 1, 5), 1, 5, 2, 4, 3);
        near(run(new MaxPool(List.of(2), List.of(2), List.of(0, 0), List.of(1), true), x), s(1, 1, 3), 5, 4, 3);
        near(run(new MaxPool(List.of(2), List.of(2), List.of(0, 0), List.of(1), false), x), s(1, 1, 2), 5, 4);
        // The ceil-mode overhang never counts, even with count_include_pad.
        near(run(new AvgPool(List.of(2), List.of(2), List.of(0, 0), true, true), x), s(1, 1, 3), 3, 3, 3);
        Tensor y = t(s(1, 1, 3), 1, 2, 3);
        near(run(new AvgPool(List.of(2), List.of(2), List.of(1, 1), true, false), y), s(1, 1, 2), 0.5, 2.5);
        near(run(new AvgPool(List.of(2), List.of(2), List.of(1, 1), false, false), y), s(1, 1, 2), 1, 2.5);
        near(run(new GlobalAvgPool(), t(s(1, 2, 2), 1, 2, 3, 5)), s(1, 2, 1), 1.5, 4);
        near(run(new GlobalMaxPool(), t(s(1, 2, 2), 1, 2, 3, 5)), s(1, 2, 1), 2, 5);
    }

    @Test
    void normalisations() {
        double e1 = Math.exp(1);
        double e2 = Math.exp(2);
        double z = 1 + e1 + e2;
        near(run(new Softmax(-1), t(s(1, 3), 1, 2, 3)), s(1, 3), 1 / z, e1 / z, e2 / z);
        near(run(new Softmax(0), t(s(2, 1), 0, 0)), s(2, 1), 0.5, 0.5);
        double k = 1 / Math.sqrt(2.0 / 3.0);
        near(run(new LayerNorm(-1, 0.0), t(s(1, 3), 1, 2, 3), t(s(3), 1, 1, 2), t(s(3), 0, 0, 1)), s(1, 3), -k, 0, 2 * k + 1);
        near(run(new BatchNorm(0.0), t(s(1, 2, 1), 3, 3), t(s(2), 2, 1), t(s(2), 1, 0), t(s(2), 0, 1), t(s(2), 4, 1)),
                s(1, 2, 1), 4, 2);
    }

    @Test
    void dataMovement() {
        Tensor m = t(s(2, 3), 1, 2, 3, 4, 5, 6);
        near(run(new Reshape(List.of(3, 2)), m), s(3, 2), 1, 2, 3, 4, 5, 6);
        near(run(new Flatten(1), t(s(1, 2, 2), 1, 2, 3, 4)), s(1, 4), 1, 2, 3, 4);
        near(run(new Transpose(List.of(1, 0)), m), s(3, 2), 1, 4, 2, 5, 3, 6);
        near(run(new Concat(1), m, t(s(2, 1), 7, 8)), s(2, 4), 1, 2, 3, 7, 4, 5, 6, 8);
        near(run(new Concat(0), t(s(1, 2), 1, 2), t(s(1, 2), 3, 4)), s(2, 2), 1, 2, 3, 4);
        near(run(new Slice(List.of(4), List.of(-1), List.of(0), List.of(-2)), t(s(5), 0, 1, 2, 3, 4)), s(3), 4, 2, 0);
        near(run(new Slice(List.of(1), List.of(3), List.of(1), List.of(1)), m), s(2, 2), 2, 3, 5, 6);
        near(run(new Squeeze(List.of(0)), t(s(1, 2), 1, 2)), s(2), 1, 2);
        near(run(new Unsqueeze(List.of(0, 2)), t(s(2), 1, 2)), s(1, 2, 1), 1, 2);
        near(run(new Gather(0, List.of(2, 0), List.of(2)), t(s(3, 2), 1, 2, 3, 4, 5, 6)), s(2, 2), 5, 6, 1, 2);
        near(run(new Gather(1, List.of(1), List.of()), m), s(2), 2, 5);
        Tensor v = t(s(3), 1, 2, 3);
        near(run(new Pad(List.of(2, 2), Pad.Mode.REFLECT, 0), v), s(7), 3, 2, 1, 2, 3, 2, 1);
        near(run(new Pad(List.of(2, 2), Pad.Mode.EDGE, 0), v), s(7), 1, 1, 1, 2, 3, 3, 3);
        near(run(new Pad(List.of(2, 1), Pad.Mode.CONSTANT, 9), v), s(6), 9, 9, 1, 2, 3, 9);
        near(run(new Expand(List.of(2, 2)), t(s(2), 1, 2)), s(2, 2), 1, 2, 1, 2);
        near(run(new Resize(List.of(1, 4)), t(s(1, 2), 1, 2)), s(1, 4), 1, 1, 2, 2);
        near(run(new Where(t(s(2), 1, 0)), t(s(2), 1, 2), t(s(2), 3, 4)), s(2), 1, 4);
    }

    @Test
    void reductionsAndArgMaxTies() {
        Tensor m = t(s(2, 3), 1, 2, 3, 4, 5, 6);
        near(run(new Reduce(Reduce.Kind.SUM, List.of(1), true), m), s(2, 1), 6, 15);
        near(run(new Reduce(Reduce.Kind.MEAN, List.of(0), false), m), s(3), 2.5, 3.5, 4.5);
        near(run(new Reduce(Reduce.Kind.MAX, List.of(), false), m), s(), 6);
        near(run(new Reduce(Reduce.Kind.MIN, List.of(-1), false), m), s(2), 1, 4);
        near(run(new ArgMax(0, false, false), t(s(4), 1, 3, 3, 2)), s(), 1);
        near(run(new ArgMax(0, true, true), t(s(4), 1, 3, 3, 2)), s(1), 2);
        near(run(new ArgMax(1, false, false), m), s(2), 2, 2);
    }

    @Test
    void runAllExposesIntermediatesAndRefusesBadInputs() {
        GraphBuilder b = new GraphBuilder("g");
        b.input("x", TensorType.floats(2), Visibility.PRIVATE);
        b.initializer("w", t(s(2), 1, -1));
        String h = b.node(new Mul(), List.of("x", "w"), "h", SourceLocation.UNKNOWN);
        String y = b.node(new Relu(), List.of(h), "y", SourceLocation.UNKNOWN);
        b.output(y, Visibility.PUBLIC);
        Graph g = b.build();
        Map<String, Tensor> all = FloatInterpreter.runAll(g, Map.of("x", t(s(2), 3, 4)));
        assertEquals(List.of("x", "w", "h", "y"), new ArrayList<>(all.keySet()));
        near(all.get("h"), s(2), 3, -4);
        near(FloatInterpreter.run(g, Map.of("x", t(s(2), 3, 4))).get("y"), s(2), 3, 0);
        InputMismatchException e = assertThrows(InputMismatchException.class,
                () -> FloatInterpreter.run(g, Map.of("x", t(s(3), 1, 2, 3))));
        assertTrue(e.getMessage().contains("input 'x' has shape [3]"), e.getMessage());
        assertThrows(InputMismatchException.class, () -> FloatInterpreter.run(g, Map.of()));
    }

    @Test
    void convOfTwentyMillionMacsRunsWellUnderASecond() {
        Random r = new Random(1);
        double[] x = new double[16 * 64 * 64];
        double[] w = new double[32 * 16 * 9];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextGaussian();
        }
        Conv conv = new Conv(List.of(1, 1), List.of(1, 1, 1, 1), List.of(1, 1), 1);
        Tensor xt = t(s(1, 16, 64, 64), x);
        Tensor wt = t(s(32, 16, 3, 3), w);
        run(conv, xt, wt); // warm up the JIT
        // The best of three runs: the machine is shared, and a timing should not measure the neighbours.
        long ms = Long.MAX_VALUE;
        Tensor y = null;
        for (int r2 = 0; r2 < 3; r2++) {
            long start = System.nanoTime();
            y = run(conv, xt, wt);
            ms = Math.min(ms, (System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("float conv of 18.9M MACs: " + ms + " ms");
        assertTrue(ms < 1000, "conv of 18.9M MACs took " + ms + " ms");
        // Spot-check one interior output against the definition.
        double expect = 0;
        for (int c = 0; c < 16; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    expect += x[c * 4096 + (10 + i - 1) * 64 + (20 + j - 1)] * w[((5 * 16) + c) * 9 + i * 3 + j];
                }
            }
        }
        assertEquals(expect, y.get(5 * 4096 + 10 * 64 + 20), 1e-9);
    }
}
