package dev.zkmlc.optimizer.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.LookupTable;
import dev.zkmlc.ir.fixed.RangeViolation;
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.Gelu;
import dev.zkmlc.ir.op.LayerNorm;
import dev.zkmlc.ir.op.MatMul;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Tanh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizerTest {
    static Tensor random(Random r, double scale, int... dims) {
        double[] v = new double[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        return new Tensor(Shape.of(dims), v);
    }

    /** x[1,8] -> matmul -> +b -> relu -> matmul -> +b -> softmax. */
    static Graph mlp(Random r) {
        GraphBuilder b = new GraphBuilder("mlp");
        b.input("x", TensorType.floats(1, 8), Visibility.PRIVATE);
        b.initializer("w1", random(r, 0.4, 8, 16));
        b.initializer("b1", random(r, 0.1, 16));
        b.initializer("w2", random(r, 0.4, 16, 4));
        b.initializer("b2", random(r, 0.1, 4));
        SourceLocation at = SourceLocation.UNKNOWN;
        String h = b.node(new MatMul(), List.of("x", "w1"), "h", at);
        h = b.node(new Add(), List.of(h, "b1"), "h", at);
        h = b.node(new Relu(), List.of(h), "h", at);
        String y = b.node(new MatMul(), List.of(h, "w2"), "y", at);
        y = b.node(new Add(), List.of(y, "b2"), "y", at);
        String p = b.node(new Softmax(-1), List.of(y), "p", at);
        b.output(y, Visibility.PUBLIC);
        b.output(p, Visibility.PUBLIC);
        return b.build();
    }

    /** x[2,8] -> layer norm -> matmul -> gelu -> tanh: every kind of table. */
    static Graph block(Random r) {
        GraphBuilder b = new GraphBuilder("block");
        b.input("x", TensorType.floats(2, 8), Visibility.PRIVATE);
        b.initializer("gamma", random(r, 1, 8));
        b.initializer("beta", random(r, 0.1, 8));
        b.initializer("w", random(r, 0.5, 8, 8));
        SourceLocation at = SourceLocation.of("block.zk", 4, 9);
        String h = b.node(new LayerNorm(-1, 1e-5), List.of("x", "gamma", "beta"), "ln", at);
        h = b.node(new MatMul(), List.of(h, "w"), "mm", at);
        h = b.node(new Gelu(false), List.of(h), "gelu", at);
        h = b.node(new Tanh(), List.of(h), "tanh", at);
        b.output(h, Visibility.PUBLIC);
        return b.build();
    }

    static List<Map<String, Tensor>> samples(Random r, int n, double scale, int... dims) {
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("x", random(r, scale, dims)));
        }
        return out;
    }

    @Test
    void defaultsGiveDocumentedScalesWithoutCalibration() {
        Graph g = mlp(new Random(1));
        FixedPointPlan plan = Quantizer.quantize(g, QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY));
        assertEquals(10, plan.scale("x"));
        assertEquals(10, plan.scale("w1"));
        assertEquals(10, plan.scale("b1")); // added to a scale-10 activation
        assertEquals(10, plan.scale("h_2")); // relu keeps its input's scale
        TableSpec exp = plan.table("p");
        assertEquals(0, exp.hi());
        assertEquals(0, LookupTable.entry(LookupTable.EXP, exp.lo(), exp.inScale(), exp.outScale(), 63));
        assertNotEquals(0, LookupTable.entry(LookupTable.EXP, exp.lo() + 1, exp.inScale(), exp.outScale(), 63));
        AccuracyReport report = AccuracyReport.measure(g, plan, samples(new Random(2), 20, 1.0, 1, 8));
        assertTrue(report.maxAbsError() < 0.01, report.toString());
        assertTrue(report.top1Agreement() >= 0.95, report.toString());
        assertEquals(20, report.samples());
    }

    @Test
    void resourcesTargetUsesCoarserScalesAndSmallerTables() {
        Graph g = block(new Random(3));
        FixedPointPlan acc = Quantizer.quantize(g, QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY));
        FixedPointPlan res = Quantizer.quantize(g, QuantizeOptions.defaults(QuantizeOptions.Target.RESOURCES));
        assertTrue(res.table("gelu").size() < acc.table("gelu").size());
        assertTrue(res.scale("tanh") < acc.scale("tanh"));
    }

    @Test
    void calibrationFitsTablesToObservedRangesAndCoversEverySample() {
        Graph g = block(new Random(4));
        List<Map<String, Tensor>> cal = samples(new Random(5), 16, 1.0, 2, 8);
        QuantizeOptions options = QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY).withCalibration(cal);
        FixedPointPlan plan = Quantizer.quantize(g, options);
        FixedPointPlan uncalibrated = Quantizer.quantize(g, QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY));
        assertTrue(plan.table("tanh").size() < uncalibrated.table("tanh").size());
        for (Map<String, Tensor> s : cal) {
            FixedPointInterpreter.run(g, plan, s);
        }
        AccuracyReport report = AccuracyReport.measure(g, plan, cal);
        assertTrue(report.maxAbsError() < 0.02, report.toString());
        // An input far outside what calibration saw leaves a table: a located error, not a silent clamp.
        Map<String, Tensor> wild = Map.of("x", random(new Random(6), 1.0, 2, 8));
        double[] v = wild.get("x").toArray();
        v[0] = 7.5; // within the input's bit bound, but its row's variance is beyond the rsqrt table
        RangeViolation e = assertThrows(RangeViolation.class,
                () -> FixedPointInterpreter.run(g, plan, Map.of("x", new Tensor(Shape.of(2, 8), v))));
        assertEquals(RangeViolation.Kind.TABLE_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("block.zk:4:9: node 'ln': layer_norm variance"), e.getMessage());
    }

    @Test
    void accumulatorOverflowOnASampleLowersTheScales() {
        GraphBuilder b = new GraphBuilder("big");
        b.input("x", TensorType.floats(1, 64), Visibility.PRIVATE);
        double[] w = new double[64];
        java.util.Arrays.fill(w, 1000.0);
        b.initializer("w", new Tensor(Shape.of(64, 1), w));
        String y = b.node(new MatMul(), List.of("x", "w"), "y", SourceLocation.UNKNOWN);
        b.output(y, Visibility.PUBLIC);
        Graph g = b.build();
        List<Map<String, Tensor>> cal = List.of(Map.of("x", new Tensor(Shape.of(1, 64), fill(64, 1000.0))));
        QuantizeOptions options = QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY).withScales(22, 22, 22)
                .withCalibration(cal);
        FixedPointPlan plan = Quantizer.quantize(g, options);
        assertTrue(plan.scale("x") < 22, plan.toString());
        assertEquals(64e6, FixedPointInterpreter.run(g, plan, cal.get(0)).get(y).dequantize().get(0), 1.0);
    }

    @Test
    void aComputedDivisorGetsACalibratedReciprocalTable() {
        GraphBuilder b = new GraphBuilder("softsign");
        b.input("x", TensorType.floats(1, 16), Visibility.PRIVATE);
        b.initializer("one", new Tensor(Shape.of(1), new double[] {1}));
        SourceLocation at = SourceLocation.UNKNOWN;
        String a = b.node(new dev.zkmlc.ir.op.Abs(), List.of("x"), "abs", at);
        String d = b.node(new Add(), List.of(a, "one"), "den", at);
        String y = b.node(new dev.zkmlc.ir.op.Div(), List.of("x", d), "y", at);
        b.output(y, Visibility.PUBLIC);
        Graph g = b.build();
        List<Map<String, Tensor>> cal = samples(new Random(7), 8, 2.0, 1, 16);
        FixedPointPlan plan = Quantizer.quantize(g,
                QuantizeOptions.defaults(QuantizeOptions.Target.ACCURACY).withCalibration(cal));
        TableSpec recip = plan.table(y);
        assertTrue(recip.lo() > 0, recip.toString()); // the divisor 1 + |x| is never near 0
        AccuracyReport report = AccuracyReport.measure(g, plan, cal);
        assertTrue(report.maxAbsError() < 0.005, report.toString());
    }

    static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
