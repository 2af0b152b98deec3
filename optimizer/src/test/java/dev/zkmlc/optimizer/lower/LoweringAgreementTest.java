package dev.zkmlc.optimizer.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.zkmlc.backend.halo2.Halo2StyleBackend;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.mock.Failure;
import dev.zkmlc.circuit.mock.MockProver;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.GraphBuilder;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.SourceLocation;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.TensorType;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointInterpreter;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.op.Abs;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Div;
import dev.zkmlc.ir.op.Exp;
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
import dev.zkmlc.ir.op.Min;
import dev.zkmlc.ir.op.Mul;
import dev.zkmlc.ir.op.Neg;
import dev.zkmlc.ir.op.Op;
import dev.zkmlc.ir.op.Pad;
import dev.zkmlc.ir.op.Reduce;
import dev.zkmlc.ir.op.Relu;
import dev.zkmlc.ir.op.Reshape;
import dev.zkmlc.ir.op.Sigmoid;
import dev.zkmlc.ir.op.Slice;
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.Tanh;
import dev.zkmlc.ir.op.Transpose;
import dev.zkmlc.ir.op.Where;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Agreement: for small graphs of every op the fixed-point interpreter supports, the lowered,
 * laid-out circuit's honest witness passes the mock prover and its outputs equal the exact
 * interpreter's, bit for bit, over random weights, inputs, scales and layout widths.
 */
class LoweringAgreementTest {
    private static final int EXAMPLES = 6;

    /** A graph under construction with its random source and the scale it uses everywhere. */
    private static final class G {
        final GraphBuilder gb = new GraphBuilder("t");
        final Random r;
        final int s;
        final Map<String, TableSpec> tables = new HashMap<>();
        int line = 1;

        G(Random r, int s) {
            this.r = r;
            this.s = s;
        }

        String in(String name, int... dims) {
            return gb.input(name, TensorType.floats(dims), r.nextBoolean() ? Visibility.PUBLIC : Visibility.PRIVATE);
        }

        String w(String name, double scale, int... dims) {
            Shape sh = Shape.of(dims);
            double[] v = new double[sh.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (r.nextDouble() * 2 - 1) * scale;
            }
            return gb.initializer(name, new Tensor(sh, v));
        }

        String op(Op op, String... operands) {
            return gb.node(op, List.of(operands), op.opName(), SourceLocation.of("t.zk", line++, 3));
        }

        /** A table node over [lo, hi] at this scale, output at this scale. */
        String table(Op op, long lo, long hi, String x) {
            String out = op(op, x);
            tables.put(out, new TableSpec(lo, hi, s, s));
            return out;
        }

        Graph build(String... outs) {
            for (String o : outs) {
                gb.output(o, r.nextBoolean() ? Visibility.PUBLIC : Visibility.PRIVATE);
            }
            gb.parameterVisibility(r.nextBoolean() ? Visibility.FIXED : Visibility.PRIVATE);
            return gb.build();
        }

        FixedPointPlan plan(Graph g) {
            Map<String, Integer> scales = new LinkedHashMap<>();
            for (String v : g.types().keySet()) {
                scales.put(v, s);
            }
            return new FixedPointPlan(scales, s, 16, tables);
        }
    }

    /** Lowers, lays out, proves with the mock prover, and compares with the interpreter. */
    private static CompiledCircuit agree(Graph g, FixedPointPlan plan, Random r, double inputRange) {
        GadgetProgram p = Lowering.lower(g, plan);
        CompiledCircuit cc = new Halo2StyleBackend().layout(p, new LayoutOptions(5 + r.nextInt(12), 8 + r.nextInt(4), 0));
        Map<String, long[]> in = new HashMap<>();
        Map<String, FixedTensor> fin = new HashMap<>();
        for (Input i : g.inputs()) {
            Shape sh = i.type().shape();
            long lim = (long) (inputRange * (1L << plan.scale(i.name())));
            long[] v = new long[sh.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = -lim + (long) (r.nextDouble() * (2 * lim + 1));
            }
            in.put(i.name(), v);
            fin.put(i.name(), new FixedTensor(sh, plan.scale(i.name()), v));
        }
        Map<String, FixedTensor> expected = FixedPointInterpreter.runAllQuantized(g, plan, fin);
        CompiledCircuit.WitnessResult res = cc.witness(in);
        List<Failure> f = MockProver.check(cc.constraintSystem(), res.witness(), 5);
        assertTrue(f.isEmpty(), () -> "honest witness rejected: " + f + "\n" + g + "\n" + p);
        for (Output o : g.outputs()) {
            assertArrayEquals(expected.get(o.name()).toArray(), res.outputs().get(o.name()), () -> "output " + o.name()
                    + " of\n" + g);
        }
        return cc;
    }

    private static void property(BiConsumer<Random, Integer> body) {
        qt().withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
            Random r = new Random(seed);
            body.accept(r, 3 + r.nextInt(5));
        });
    }

    private static void check(G t, Graph g, double inputRange) {
        agree(g, t.plan(g), t.r, inputRange);
    }

    @Test
    void mlp() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 1, 6);
            String h = t.op(Gemm.plain(), x, t.w("w1", 1, 6, 5), t.w("b1", 1, 5));
            h = t.op(new Relu(), h);
            String y = t.op(new Gemm(1.0, 1.0, false, true), h, t.w("w2", 1, 3, 5), t.w("b2", 1, 3));
            check(t, t.build(y), 2);
        });
    }

    @Test
    void gemmWithAlphaBetaAndMatmul() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 2, 4);
            String c = t.in("c", 2, 3);
            String y = t.op(new Gemm(0.5, 0.75, false, false), x, t.w("w", 1, 4, 3), c);
            String z = t.op(new Gemm(1.5, 1.0, true, false), t.op(new Transpose(List.of(1, 0)), x), t.in("bb", 4, 3),
                    t.w("cc", 1, 3));
            String m = t.op(new MatMul(), t.in("a3", 2, 2, 4), t.w("w3", 1, 4, 2));
            check(t, t.build(y, z, m), 1.5);
        });
    }

    @Test
    void convolutionsAndPools() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 1, 2, 5, 5);
            String c = t.op(new Conv(List.of(1, 2), List.of(1, 0, 1, 1), List.of(1, 1), 1), x, t.w("k", 1, 4, 2, 3, 3),
                    t.w("kb", 1, 4));
            String g2 = t.op(new Conv(List.of(1, 1), List.of(0, 0, 0, 0), List.of(2, 1), 2), x, t.w("kg", 1, 2, 1, 2, 2));
            String ct = t.op(new ConvTranspose(List.of(2, 2), List.of(1, 0, 0, 1), List.of(1, 1), List.of(0, 0), 1), x,
                    t.w("kt", 1, 2, 3, 2, 2), t.w("ktb", 1, 3));
            String mp = t.op(new MaxPool(List.of(2, 2), List.of(2, 2), List.of(0, 0, 1, 1), List.of(1, 1), false), c);
            String ap = t.op(new AvgPool(List.of(3, 3), List.of(1, 1), List.of(1, 1, 1, 1), false, false), x);
            String apc = t.op(new AvgPool(List.of(2, 2), List.of(2, 2), List.of(0, 0, 1, 1), true, false), x);
            String gap = t.op(new GlobalAvgPool(), g2);
            String gmp = t.op(new GlobalMaxPool(), x);
            check(t, t.build(mp, ap, apc, gap, gmp, ct), 2);
        });
    }

    @Test
    void elementwiseWithBroadcastAndScales() {
        property((r, s) -> {
            G t = new G(r, s);
            String a = t.in("a", 2, 3);
            String b = t.in("b", 1, 3);
            String sum = t.op(new Add(), a, b);
            String diff = t.op(new Sub(), t.w("k", 2, 2, 3), a);
            String prod = t.op(new Mul(), a, b);
            String quot = t.op(new Div(), a, t.w("d", 3, 1, 3));
            String mx = t.op(new Max(), a, b);
            String mn = t.op(new Min(), a, t.w("m", 1, 3));
            Graph g = t.build(sum, diff, prod, quot, mx, mn);
            Map<String, Integer> scales = new LinkedHashMap<>();
            for (String v : g.types().keySet()) {
                scales.put(v, s + r.nextInt(5) - 2);
            }
            agree(g, new FixedPointPlan(scales, s, 16, Map.of()), r, 2);
        });
    }

    @Test
    void piecewiseLinearUnaries() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 3, 4);
            String relu = t.op(new Relu(), x);
            String neg = t.op(new Neg(), x);
            String abs = t.op(new Abs(), x);
            String clip = t.op(new Clip(-0.5, 0.75), x);
            String clipLo = t.op(new Clip(-0.25, Double.POSITIVE_INFINITY), x);
            String leaky = t.op(new LeakyRelu(0.1), x);
            String steep = t.op(new LeakyRelu(3.0), x);
            check(t, t.build(relu, neg, abs, clip, clipLo, leaky, steep), 2);
        });
    }

    @Test
    void tableNonlinearities() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 2, 5);
            long lim = 3L << s;
            String sig = t.table(new Sigmoid(), -lim, lim, x);
            String tanh = t.table(new Tanh(), -lim, lim, x);
            String exp = t.table(new Exp(), -lim, lim, x);
            check(t, t.build(sig, tanh, exp), 2.5);
        });
    }

    @Test
    void softmaxAndLayerNorm() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 2, 3, 4);
            String sm = t.op(new Softmax(r.nextInt(3) - 3), x);
            // exp(lo / 2^s) * 2^s < 1/2 makes the clamp at lo exact.
            t.tables.put(sm, new TableSpec(-(long) Math.ceil((s + 1) * Math.log(2) * (1 << s)), 0, s, s));
            String ln = t.op(new LayerNorm(-1, 1e-5), x, t.w("gamma", 1, 4), t.w("beta", 1, 4));
            t.tables.put(ln, new TableSpec(0, 16L << s, s, s));
            String ln2 = t.op(new LayerNorm(1, 1e-3), x, t.w("gamma2", 1, 3, 4));
            t.tables.put(ln2, new TableSpec(0, 16L << s, s, s));
            check(t, t.build(sm, ln, ln2), 2);
        });
    }

    @Test
    void batchNormAndReductions() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 1, 3, 2, 2);
            String bn = t.op(new BatchNorm(1e-5), x, t.w("sc", 1, 3), t.w("bi", 1, 3), t.w("mu", 1, 3),
                    t.gb.initializer("var", new Tensor(Shape.of(3), new double[] {0.5, 1, 2})));
            String sum = t.op(new Reduce(Reduce.Kind.SUM, List.of(1), true), x);
            String mean = t.op(new Reduce(Reduce.Kind.MEAN, List.of(2, 3), false), x);
            String max = t.op(new Reduce(Reduce.Kind.MAX, List.of(), false), x);
            String min = t.op(new Reduce(Reduce.Kind.MIN, List.of(-1), true), x);
            String am = t.op(new ArgMax(1, true, false), x);
            String last = t.op(new ArgMax(-1, false, true), t.op(new Clip(-0.25, 0.25), x));
            check(t, t.build(bn, sum, mean, max, min, am, last), 2);
        });
    }

    @Test
    void dataMovement() {
        property((r, s) -> {
            G t = new G(r, s);
            String x = t.in("x", 2, 3, 4);
            String y = t.in("y", 2, 1, 4);
            String rs = t.op(new Reshape(List.of(6, 4)), x);
            String tr = t.op(new Transpose(List.of(2, 0, 1)), x);
            String fl = t.op(new Flatten(1), x);
            String sl = t.op(new Slice(List.of(1, 3), List.of(3, 0), List.of(1, 2), List.of(1, -2)), x);
            String cat = t.op(new Concat(1), x, y);
            String pad = t.op(new Pad(List.of(0, 1, 0, 0, 0, 2), Pad.Mode.CONSTANT, 0.5), x);
            String refl = t.op(new Pad(List.of(0, 0, 1, 0, 0, 1), Pad.Mode.REFLECT, 0), x);
            String ga = t.op(new Gather(2, List.of(3, 0, 3), List.of(3)), x);
            String wh = t.op(new Where(new Tensor(Shape.of(1, 1, 4), new double[] {1, 0, 0, 1})), x, y);
            check(t, t.build(rs, tr, fl, sl, cat, pad, refl, ga, wh), 2);
        });
    }

    @Test
    void everyGadgetCarriesItsNodesSourceLocation() {
        G t = new G(new Random(1), 5);
        String x = t.in("x", 1, 4);
        String h = t.op(Gemm.plain(), x, t.w("w", 1, 4, 4), t.w("b", 1, 4));
        String y = t.op(new Relu(), h);
        Graph g = t.build(y);
        GadgetProgram p = Lowering.lower(g, t.plan(g));
        for (Gadget gd : p.gadgets()) {
            assertTrue(gd.origin().startsWith("t.zk:") || gd.origin().equals("input 'x'"), gd.origin());
        }
        assertTrue(p.gadgets().stream().anyMatch(gd -> gd.origin().startsWith("t.zk:1:3") && gd.kind().equals("dot")));
        assertTrue(p.gadgets().stream().anyMatch(gd -> gd.origin().startsWith("t.zk:2:3") && gd.kind().equals("max")));
    }

    @Test
    void outOfRangeInputIsNamedAtWitnessTime() {
        G t = new G(new Random(2), 4);
        String x = t.in("x", 1, 3);
        Graph g = t.build(t.table(new Sigmoid(), -16, 16, x));
        CompiledCircuit cc = new Halo2StyleBackend().layout(Lowering.lower(g, t.plan(g)), LayoutOptions.defaults());
        var e = assertThrows(dev.zkmlc.circuit.gadget.RangeViolation.class,
                () -> cc.witness(Map.of("x", new long[] {0, 17, 1})));
        assertEquals(17, e.value());
        assertTrue(e.getMessage().contains("t.zk:1:3"), e.getMessage());
    }
}
