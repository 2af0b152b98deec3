package dev.zkmlc.optimizer.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.interp.FloatInterpreter;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.Gemm;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Transpose;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PassesTest {
    private static final SourceLocation HERE = SourceLocation.of("test.zk", 1, 1);

    private static Tensor random(Random rnd, int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian();
        }
        return new Tensor(s, d);
    }

    private static void assertSameOutputs(Graph before, Graph after, Map<String, Tensor> inputs) {
        Map<String, Tensor> a = FloatInterpreter.run(before, inputs);
        Map<String, Tensor> b = FloatInterpreter.run(after, inputs);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            double[] x = a.get(k).toArray();
            double[] y = b.get(k).toArray();
            assertEquals(x.length, y.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-9 * Math.max(1, Math.abs(x[i])), k + "[" + i + "]");
            }
        }
    }

    @Test
    void deadCodeIsRemovedWithItsWeights() {
        GraphBuilder b = new GraphBuilder("g");
        String x = b.input("x", TensorType.floats(1, 3), Visibility.PRIVATE);
        String unusedWeight = b.initializer("w", random(new Random(1), 3, 3));
        b.node(new MatMul(), List.of(x, unusedWeight), "dead", HERE);
        String y = b.node(new Relu(), List.of(x), "y", HERE);
        b.output(y, Visibility.PUBLIC);
        Graph g = new DeadCodeElimination().run(b.build());
        assertEquals(1, g.nodes().size());
        assertTrue(g.initializers().isEmpty());
    }

    @Test
    void constantSubgraphsFoldIntoInitializers() {
        Random rnd = new Random(2);
        GraphBuilder b = new GraphBuilder("g");
        String x = b.input("x", TensorType.floats(1, 3), Visibility.PRIVATE);
        String w = b.initializer("w", random(rnd, 3, 3));
        String s = b.initializer("s", random(rnd, 3, 3));
        String ws = b.node(new Mul(), List.of(w, s), "ws", HERE);
        String y = b.node(new MatMul(), List.of(x, ws), "y", HERE);
        b.output(y, Visibility.PUBLIC);
        Graph before = b.build();
        Graph after = new ConstantFolding().run(before);
        assertEquals(1, after.nodes().size());
        assertTrue(after.initializers().containsKey("ws"));
        assertSameOutputs(before, after, Map.of("x", random(rnd, 1, 3)));
    }

    @Test
    void duplicateNodesMerge() {
        GraphBuilder b = new GraphBuilder("g");
        String x = b.input("x", TensorType.floats(1, 4), Visibility.PRIVATE);
        String r1 = b.node(new Relu(), List.of(x), "r", HERE);
        String r2 = b.node(new Relu(), List.of(x), "r", HERE);
        String y = b.node(new Add(), List.of(r1, r2), "y", HERE);
        b.output(y, Visibility.PUBLIC);
        Graph before = b.build();
        Graph after = new CommonSubexpressionElimination().run(before);
        assertEquals(2, after.nodes().size());
        assertEquals(List.of("r", "r"), after.nodes().get(1).inputs());
        assertSameOutputs(before, after, Map.of("x", random(new Random(3), 1, 4)));
    }

    @Test
    void noOpReshapeAndTransposeDisappearButOutputsKeepTheirNames() {
        GraphBuilder b = new GraphBuilder("g");
        String x = b.input("x", TensorType.floats(2, 3), Visibility.PRIVATE);
        String r = b.node(new Reshape(List.of(2, 3)), List.of(x), "r", HERE);
        String t = b.node(new Transpose(List.of(0, 1)), List.of(r), "t", HERE);
        String y = b.node(new Relu(), List.of(t), "y", HERE);
        String z = b.node(new Reshape(List.of(2, 3)), List.of(y), "z", HERE);
        b.output(z, Visibility.PUBLIC);
        Graph after = new NoOpElimination().run(b.build());
        assertEquals(2, after.nodes().size());
        assertEquals("z", after.outputs().get(0).name());
        assertEquals(List.of("x"), after.nodes().get(0).inputs());
    }

    @Test
    void matmulPlusBiasFusesIntoGemm() {
        Random rnd = new Random(4);
        GraphBuilder b = new GraphBuilder("g");
        String x = b.input("x", TensorType.floats(2, 5), Visibility.PRIVATE);
        String w = b.initializer("w", random(rnd, 5, 3));
        String bias = b.initializer("b", random(rnd, 3));
        String mm = b.node(new MatMul(), List.of(x, w), "mm", HERE);
        String y = b.node(new Add(), List.of(bias, mm), "y", HERE);
        b.output(y, Visibility.PUBLIC);
        Graph before = b.build();
        Graph after = new MatMulAddFusion().run(before);
        assertEquals(1, after.nodes().size());
        assertTrue(after.nodes().get(0).op() instanceof Gemm);
        assertEquals("y", after.nodes().get(0).output());
        assertSameOutputs(before, after, Map.of("x", random(rnd, 2, 5)));
    }

    @Test
    void batchNormFoldsIntoConvAndGemm() {
        Random rnd = new Random(5);
        GraphBuilder b = new GraphBuilder("g");
        String x = b.input("x", TensorType.floats(1, 2, 5, 5), Visibility.PRIVATE);
        String w = b.initializer("w", random(rnd, 3, 2, 3, 3));
        String conv = b.node(new Conv(List.of(1, 1), List.of(1, 1, 1, 1), List.of(1, 1), 1), List.of(x, w), "conv", HERE);
        String[] bnParams = new String[4];
        for (int i = 0; i < 4; i++) {
            Tensor p = random(rnd, 3);
            if (i == 3) {
                double[] v = p.toArray();
                for (int j = 0; j < v.length; j++) {
                    v[j] = Math.abs(v[j]) + 0.1;
                }
                p = new Tensor(p.shape(), v);
            }
            bnParams[i] = b.initializer("bn" + i, p);
        }
        String bn = b.node(new BatchNorm(1e-5), List.of(conv, bnParams[0], bnParams[1], bnParams[2], bnParams[3]), "bn", HERE);
        String r = b.node(new Reshape(List.of(1, 75)), List.of(bn), "flat", HERE);
        String w2 = b.initializer("w2", random(rnd, 4, 75));
        String g2 = b.node(new Gemm(0.5, 1.0, false, true), List.of(r, w2), "fc", HERE);
        String[] bn2 = new String[4];
        for (int i = 0; i < 4; i++) {
            Tensor p = random(rnd, 4);
            if (i == 3) {
                double[] v = p.toArray();
                for (int j = 0; j < v.length; j++) {
                    v[j] = Math.abs(v[j]) + 0.1;
                }
                p = new Tensor(p.shape(), v);
            }
            bn2[i] = b.initializer("bn2_" + i, p);
        }
        String y = b.node(new BatchNorm(1e-5), List.of(g2, bn2[0], bn2[1], bn2[2], bn2[3]), "y", HERE);
        b.output(y, Visibility.PUBLIC);
        Graph before = b.build();
        Graph after = new BatchNormFolding().run(before);
        assertEquals(3, after.nodes().size());
        assertTrue(after.nodes().stream().noneMatch(n -> n.op() instanceof BatchNorm));
        assertSameOutputs(before, after, Map.of("x", random(rnd, 1, 2, 5, 5)));
    }
}
