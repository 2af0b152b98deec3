package dev.zkmlc.optimizer.lower;

import dev.zkmlc.circuit.gadget.DotLayout;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.RangeBase;
import dev.zkmlc.circuit.gadget.RangeLayout;
import dev.zkmlc.ir.Graph;
import dev.zkmlc.ir.Input;
import dev.zkmlc.ir.Node;
import dev.zkmlc.ir.Output;
import dev.zkmlc.ir.Shape;
import dev.zkmlc.ir.Tensor;
import dev.zkmlc.ir.Visibility;
import dev.zkmlc.ir.fixed.FixedPointMath;
import dev.zkmlc.ir.fixed.FixedPointPlan;
import dev.zkmlc.ir.fixed.FixedTensor;
import dev.zkmlc.ir.fixed.LookupTable;
import dev.zkmlc.ir.fixed.QuantizedConstants;
import dev.zkmlc.ir.fixed.TableSpec;
import dev.zkmlc.ir.interp.IndexMaps;
import dev.zkmlc.ir.interp.Kernels;
import dev.zkmlc.ir.op.Abs;
import dev.zkmlc.ir.op.Add;
import dev.zkmlc.ir.op.ArgMax;
import dev.zkmlc.ir.op.AvgPool;
import dev.zkmlc.ir.op.BatchNorm;
import dev.zkmlc.ir.op.BinaryOp;
import dev.zkmlc.ir.op.Clip;
import dev.zkmlc.ir.op.Concat;
import dev.zkmlc.ir.op.Conv;
import dev.zkmlc.ir.op.ConvTranspose;
import dev.zkmlc.ir.op.Div;
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
import dev.zkmlc.ir.op.Softmax;
import dev.zkmlc.ir.op.Sub;
import dev.zkmlc.ir.op.UnaryOp;
import dev.zkmlc.ir.op.Where;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a graph under a fixed-point plan into a gadget program that computes exactly what
 * {@link dev.zkmlc.ir.fixed.FixedPointInterpreter} computes, rule for rule (FIXEDPOINT.md): matmul,
 * gemm and conv become dot products with their bias and one rescale; data movement only permutes
 * wires; nonlinearities become lookups into tables built by the interpreter's own
 * {@link LookupTable}; softmax and layer norm compose max, lookup, sum and division gadgets. Every
 * node output is held to the plan's activation bound, as the interpreter holds it, and every gadget
 * carries the node's source location as its origin.
 *
 * <p>Where a layer can be proved in more than one way ({@link GadgetChoice}: a nonlinearity's full table or a
 * trimmed shared table behind a clamp; wide range checks one per row or packed), {@link LoweringChoices} says
 * which, and {@link #lowerWith} reports every such place as a {@link ChoicePoint} so that the optimizer can weigh
 * the alternatives per layer.
 *
 * <p>Usage: {@code GadgetProgram p = Lowering.lower(graph, plan);}
 */
public final class Lowering {
    /** A lowered value: its wires (row-major), scale and shape. */
    private record Val(int[] wires, int scale, Shape shape) {}

    /** The name of the tensor of all weights, when they are public or hashed. */
    public static final String PARAMETERS = "#parameters";

    private final Graph g;
    private final FixedPointPlan plan;
    private final GadgetProgram.Builder b;
    private final Map<String, Val> vals = new HashMap<>();
    private final boolean fixedWeights;
    private final Interval activation;
    private final LoweringChoices choices;
    private final List<ChoicePoint> choicePoints = new ArrayList<>();
    /** The node that alone reads each value (a value read twice, or a graph output, has none). */
    private final Map<String, Node> soleReader = new HashMap<>();
    /** Relu nodes whose output a fused dense layer before them made already, by name. */
    private final Map<String, int[]> fusedRelu = new HashMap<>();
    /** Dense outputs a fused relu absorbed: no gadget computes them, nothing reads them. */
    private final java.util.Set<String> absorbed = new java.util.HashSet<>();
    /** Per input and node, the gadgets it made (the range and dot layouts its choices give them). */
    private final Map<String, Lowered.Window> windows = new HashMap<>();
    private final java.util.Set<String> twice = new java.util.HashSet<>();
    private Node node;
    private String origin;

    private Lowering(Graph g, FixedPointPlan plan, LoweringChoices choices) {
        this.g = g;
        this.plan = plan;
        this.choices = choices;
        this.b = GadgetProgram.builder(g.name());
        this.activation = new Interval(plan.minActivation(), plan.maxActivation());
        this.fixedWeights = g.parameterVisibility() == Visibility.FIXED;
        Map<String, Integer> reads = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                reads.merge(in, 1, Integer::sum);
                soleReader.put(in, n);
            }
        }
        for (Output o : g.outputs()) {
            reads.merge(o.name(), 1, Integer::sum);
        }
        reads.forEach((value, count) -> {
            if (count != 1) {
                soleReader.remove(value);
            }
        });
    }

    /** The gadget program of {@code g} under {@code plan}; throws {@link LoweringException} for what it cannot lower. */
    public static GadgetProgram lower(Graph g, FixedPointPlan plan) {
        return lowerWith(g, plan, LoweringChoices.defaults()).program();
    }

    /** As {@link #lower}, with the given per-layer gadget choices, reporting the layers that had a choice. */
    public static Lowered lowerWith(Graph g, FixedPointPlan plan, LoweringChoices choices) {
        Lowering l = new Lowering(g, plan, choices);
        GadgetProgram p = l.run();
        return new Lowered(p, choices, l.choicePoints, l.windows);
    }

    private GadgetProgram run() {
        for (Input in : g.inputs()) {
            Shape s = in.type().shape();
            origin = "input '" + in.name() + "'";
            rangeLayoutFor(in.name());
            int before = b.gadgets().size();
            int[] w = b.input(in.name(), s.dims(), in.visibility() == Visibility.PUBLIC, activation);
            if (in.visibility() == Visibility.HASHED) {
                b.hashed(in.name(), s.dims(), w);
            }
            vals.put(in.name(), new Val(w, plan.scale(in.name()), s));
            window(in.name(), before);
            offerRangeLayout(in.name(), before);
        }
        for (Node n : g.nodes()) {
            node = n;
            origin = originOf(n);
            rangeLayoutFor(n.name());
            int before = b.gadgets().size();
            try {
                int[] out = lowerNode(n);
                if (!absorbed.contains(n.output())) {
                    vals.put(n.output(), new Val(bounded(out), plan.scale(n.output()), g.typeOf(n.output()).shape()));
                }
            } catch (GadgetException | ArithmeticException e) {
                throw new LoweringException(origin + ": " + e.getMessage());
            }
            window(n.name(), before);
            offerRangeLayout(n.name(), before);
        }
        b.rangeLayout(RangeLayout.ROWS);
        b.rangeBase(RangeBase.TABLE);
        b.dotLayout(DotLayout.ROWS);
        for (Output o : g.outputs()) {
            Val v = operand(o.name());
            b.output(o.name(), v.shape().dims(), v.wires(), o.visibility() == Visibility.PUBLIC);
            if (o.visibility() == Visibility.HASHED) {
                b.hashed(o.name(), v.shape().dims(), v.wires());
            }
        }
        exposeParameters();
        return b.build();
    }

    /**
     * Public parameters become public values after the outputs, hashed ones one hash after the
     * other hashes (so it is the last public value): both over every private constant in wire
     * order, the vector a model commitment hashes (docs/visibility.md).
     */
    private void exposeParameters() {
        int[] weights = b.privateConstants();
        if (g.parameterVisibility() == Visibility.PUBLIC) {
            b.output(PARAMETERS, new int[] {weights.length}, weights, true);
        } else if (g.parameterVisibility() == Visibility.HASHED) {
            b.hashed(PARAMETERS, new int[] {weights.length}, weights);
        }
    }

    /** Records the gadgets {@code name} made; a name made twice (an input and a node) has no window. */
    private void window(String name, int from) {
        if (windows.containsKey(name) || twice.contains(name)) {
            windows.remove(name);
            twice.add(name);
        } else {
            windows.put(name, new Lowered.Window(from, b.gadgets().size()));
        }
    }

    /** Sets the range layout and base and the dot layout the choices give this layer's gadgets. */
    private void rangeLayoutFor(String name) {
        b.rangeLayout(rangeLayout(choices, name));
        b.rangeBase(rangeBase(choices, name));
        b.dotLayout(dotLayout(choices, name));
    }

    /** The range layout {@code choices} give the gadgets of input or node {@code name}. */
    static RangeLayout rangeLayout(LoweringChoices choices, String name) {
        String key = ChoicePoint.key(name, GadgetChoice.Kind.RANGE);
        return choices.choice(key, GadgetChoice.ROW_LIMBS) == GadgetChoice.PACKED_LIMBS ? RangeLayout.PACKED
                : RangeLayout.ROWS;
    }

    /** The range base {@code choices} give the gadgets of input or node {@code name}. */
    static RangeBase rangeBase(LoweringChoices choices, String name) {
        String base = ChoicePoint.key(name, GadgetChoice.Kind.BASE);
        return choices.choice(base, GadgetChoice.TABLE_BASE) == GadgetChoice.BIT_BASE ? RangeBase.BITS : RangeBase.TABLE;
    }

    /** The dot layout {@code choices} give the gadgets of input or node {@code name}. */
    static DotLayout dotLayout(LoweringChoices choices, String name) {
        String dot = ChoicePoint.key(name, GadgetChoice.Kind.DOT);
        return choices.choice(dot, GadgetChoice.ROW_DOTS) == GadgetChoice.PACKED_DOTS ? DotLayout.PACKED : DotLayout.ROWS;
    }

    /**
     * A layer whose gadgets (from index {@code from}) check ranges may have them packed or in bits; one with dot
     * products may have them side by side.
     */
    private void offerRangeLayout(String name, int from) {
        List<Gadget> gs = b.gadgets();
        for (int i = from; i < gs.size(); i++) {
            if (gs.get(i) instanceof Gadget.Dot) {
                choicePoints.add(new ChoicePoint(name, GadgetChoice.Kind.DOT, origin, "dot products",
                        List.of(GadgetChoice.ROW_DOTS, GadgetChoice.PACKED_DOTS)));
                break;
            }
        }
        for (int i = from; i < gs.size(); i++) {
            Gadget gd = gs.get(i);
            if (gd instanceof Gadget.RangeCheck || gd instanceof Gadget.DivRound || gd instanceof Gadget.DotRescale
                    || gd instanceof Gadget.DivVar
                    || gd instanceof Gadget.Max || gd instanceof Gadget.Compare) {
                choicePoints.add(new ChoicePoint(name, GadgetChoice.Kind.RANGE, origin, "range checks",
                        List.of(GadgetChoice.ROW_LIMBS, GadgetChoice.PACKED_LIMBS)));
                choicePoints.add(new ChoicePoint(name, GadgetChoice.Kind.BASE, origin, "range check base",
                        List.of(GadgetChoice.TABLE_BASE, GadgetChoice.BIT_BASE)));
                return;
            }
        }
    }

    private static String originOf(Node n) {
        String loc = n.location().toString();
        return loc + " (" + n.op().opName() + " '" + n.name() + "')";
    }

    private LoweringException unsupported(String what) {
        return new LoweringException(origin + ": " + what);
    }

    // ---- values ------------------------------------------------------------------------------

    private Val operand(String name) {
        Val v = vals.get(name);
        if (v != null) {
            return v;
        }
        Tensor t = g.initializers().get(name);
        if (t == null) {
            throw new LoweringException("no value named '" + name + "'");
        }
        int s = plan.scale(name);
        FixedTensor q = FixedTensor.quantize(t, s);
        String where = (origin == null ? "" : origin + ": ") + "parameter '" + name + "'";
        v = new Val(b.constants(where, q.toArray(), fixedWeights), s, t.shape());
        vals.put(name, v);
        return v;
    }

    private Tensor constant(int i, String role) {
        Tensor t = g.initializers().get(node.inputs().get(i));
        if (t == null) {
            throw unsupported(role + " '" + node.inputs().get(i) + "' must be a constant (an initializer)");
        }
        return t;
    }

    /** The plan's activation bound on a node output, checked only where intervals do not already prove it. */
    private int[] bounded(int[] wires) {
        List<Integer> loose = new ArrayList<>();
        for (int w : wires) {
            Interval iv = b.interval(w);
            if (iv.lo() < activation.lo() || iv.hi() > activation.hi()) {
                loose.add(w);
            }
        }
        if (!loose.isEmpty()) {
            b.rangeCheck(origin, loose.stream().mapToInt(Integer::intValue).toArray(), activation);
        }
        return wires;
    }

    private static int[] gather(int[] wires, int[] map) {
        int[] r = new int[map.length];
        for (int i = 0; i < map.length; i++) {
            r[i] = wires[map[i]];
        }
        return r;
    }

    private Interval hull(int[] wires) {
        Interval h = b.interval(wires[0]);
        for (int w : wires) {
            h = h.hull(b.interval(w));
        }
        return h;
    }

    /** divRound by c of an interval: exact, since divRound is monotone. */
    private static Interval divided(Interval iv, long c) {
        return new Interval(FixedPointMath.divRound(iv.lo(), c), FixedPointMath.divRound(iv.hi(), c));
    }

    /**
     * rescale(v, d): divRound by 2^d for d > 0 (quotient bounded by what the operands allow, and by
     * {@code cap} when given, which the witness then enforces), exact scaling up for d < 0.
     */
    private int[] rescale(int[] w, int d, Interval cap) {
        if (w.length == 0 || d == 0) {
            return w;
        }
        if (d < 0) {
            if (-d > FixedPointMath.MAX_SHIFT) {
                throw unsupported("scale-up by 2^" + -d + " overflows");
            }
            return b.linear(origin, w, null, 1L << -d, 0, 0);
        }
        if (d > 40) {
            throw unsupported("rescale by 2^" + d + " is too large for the circuit (at most 2^40)");
        }
        Interval natural = divided(hull(w), 1L << d);
        return b.rescale(origin, w, d, cap == null ? natural : capped(natural, cap));
    }

    /** The part of {@code natural} inside {@code cap}, or {@code cap} when they do not meet. */
    private static Interval capped(Interval natural, Interval cap) {
        long lo = Math.max(natural.lo(), cap.lo());
        long hi = Math.min(natural.hi(), cap.hi());
        return lo <= hi ? new Interval(lo, hi) : cap;
    }

    private int[] align(int[] w, int from, int to) {
        return rescale(w, from - to, null);
    }

    private int[] divRound(int[] w, long c) {
        if (c == 1 || w.length == 0) {
            return w;
        }
        return b.divRound(origin, w, c, divided(hull(w), c));
    }

    private int fixed(long v) {
        return b.fixedConstant(v);
    }

    private int[] fixedFill(int n, long v) {
        int[] r = new int[n];
        Arrays.fill(r, fixed(v));
        return r;
    }

    /** Max (or min) over each group, as a tree: one gadget per level over all groups. */
    private int[] reduceMax(int[][] groups, boolean min) {
        int[][] cur = new int[groups.length][];
        for (int i = 0; i < groups.length; i++) {
            if (groups[i].length == 0) {
                throw unsupported("max over an empty window");
            }
            cur[i] = groups[i].clone();
        }
        while (true) {
            List<Integer> as = new ArrayList<>();
            List<Integer> bs = new ArrayList<>();
            for (int[] c : cur) {
                for (int j = 0; j + 1 < c.length; j += 2) {
                    as.add(c[j]);
                    bs.add(c[j + 1]);
                }
            }
            if (as.isEmpty()) {
                break;
            }
            int[] a = as.stream().mapToInt(Integer::intValue).toArray();
            int[] bb = bs.stream().mapToInt(Integer::intValue).toArray();
            int[] r = min ? b.min(origin, a, bb) : b.max(origin, a, bb);
            int at = 0;
            for (int i = 0; i < cur.length; i++) {
                int[] c = cur[i];
                int[] next = new int[(c.length + 1) / 2];
                for (int j = 0; j + 1 < c.length; j += 2) {
                    next[j / 2] = r[at++];
                }
                if (c.length % 2 == 1) {
                    next[next.length - 1] = c[c.length - 1];
                }
                cur[i] = next;
            }
        }
        int[] out = new int[cur.length];
        for (int i = 0; i < cur.length; i++) {
            out[i] = cur[i][0];
        }
        return out;
    }

    private Shape shapeOf(String value) {
        return g.typeOf(value).shape();
    }

    // ---- nodes -------------------------------------------------------------------------------

    private int[] lowerNode(Node n) {
        int[] fused = fusedRelu.remove(n.name());
        if (fused != null) {
            return fused;
        }
        Op op = n.op();
        Shape out = shapeOf(n.output());
        int so = plan.scale(n.output());
        Val x = operand(n.inputs().get(0));
        if (op instanceof UnaryOp u) {
            return unary(u, x, so);
        }
        if (op instanceof BinaryOp bo) {
            return binary(bo, out, so);
        }
        if (IndexMaps.isDataMovement(op)) {
            int[] map = IndexMaps.dataMovement(op, x.shape(), out);
            int[] y = new int[map.length];
            int fill = -1;
            for (int i = 0; i < y.length; i++) {
                if (map[i] == IndexMaps.PAD) {
                    if (fill < 0) {
                        fill = fixed(FixedPointMath.quantize(((Pad) op).value(), x.scale()));
                    }
                    y[i] = fill;
                } else {
                    y[i] = x.wires()[map[i]];
                }
            }
            return align(y, x.scale(), so);
        }
        if (op instanceof MatMul) {
            Val w = operand(n.inputs().get(1));
            return matmul(x.wires(), x.shape(), w.wires(), w.shape(), null, x.scale() + w.scale() - so);
        }
        if (op instanceof Gemm gm) {
            return gemm(gm, out, so);
        }
        if (op instanceof Conv || op instanceof ConvTranspose) {
            return conv(x, out, so);
        }
        if (op instanceof Softmax s) {
            return softmax(s, x, so);
        }
        if (op instanceof LayerNorm ln) {
            return layerNorm(ln, x, so);
        }
        if (op instanceof BatchNorm bn) {
            return batchNorm(bn, x, so);
        }
        if (op instanceof MaxPool || op instanceof AvgPool) {
            return pool(x, out, so);
        }
        if (op instanceof GlobalAvgPool || op instanceof GlobalMaxPool) {
            int planes = out.size();
            int size = x.wires().length / Math.max(planes, 1);
            int[][] groups = new int[planes][];
            for (int p = 0; p < planes; p++) {
                groups[p] = Arrays.copyOfRange(x.wires(), p * size, (p + 1) * size);
            }
            int[] y = op instanceof GlobalMaxPool ? reduceMax(groups, false) : divRound(b.sum(origin, groups), size);
            return align(y, x.scale(), so);
        }
        if (op instanceof Reduce r) {
            return reduce(r, x, out, so);
        }
        if (op instanceof ArgMax a) {
            return align(argMax(a, x), 0, so);
        }
        if (op instanceof Concat c) {
            List<Shape> shapes = new ArrayList<>();
            List<int[]> parts = new ArrayList<>();
            for (String in : n.inputs()) {
                Val v = operand(in);
                shapes.add(v.shape());
                parts.add(align(v.wires(), v.scale(), so));
            }
            int[][] map = IndexMaps.concat(shapes, out, c.axis());
            int[] y = new int[out.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = parts.get(map[0][i])[map[1][i]];
            }
            return y;
        }
        if (op instanceof Where w) {
            Val bv = operand(n.inputs().get(1));
            int[] mc = IndexMaps.broadcast(w.condition().shape(), out);
            int[] xa = align(gather(x.wires(), IndexMaps.broadcast(x.shape(), out)), x.scale(), so);
            int[] xb = align(gather(bv.wires(), IndexMaps.broadcast(bv.shape(), out)), bv.scale(), so);
            int[] y = new int[out.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = w.condition().get(mc[i]) != 0 ? xa[i] : xb[i];
            }
            return y;
        }
        throw unsupported("op " + op.opName() + " has no circuit lowering yet");
    }

    private int[] unary(UnaryOp u, Val x, int so) {
        int sx = x.scale();
        int[] w = x.wires();
        int[] y;
        if (u instanceof Relu) {
            y = b.max(origin, w, fixedFill(w.length, 0));
        } else if (u instanceof Neg) {
            y = b.linear(origin, w, null, -1, 0, 0);
        } else if (u instanceof Abs) {
            y = b.max(origin, w, b.linear(origin, w, null, -1, 0, 0));
        } else if (u instanceof Clip c) {
            Long lo = QuantizedConstants.clipBound(c.min(), sx);
            Long hi = QuantizedConstants.clipBound(c.max(), sx);
            y = w;
            if (lo != null) {
                y = b.max(origin, y, fixedFill(w.length, lo));
            }
            if (hi != null) {
                y = b.min(origin, y, fixedFill(w.length, hi));
            }
        } else if (u instanceof LeakyRelu lr) {
            int sw = plan.weightScale();
            long alpha = FixedPointMath.quantize(lr.alpha(), sw);
            if (alpha < 0) {
                throw unsupported("leaky_relu with a negative alpha (" + lr.alpha() + ") is not supported");
            }
            // For 0 <= alpha <= 1, rescale(q alpha) lies between 0 and q, so the spec's
            // "q >= 0 ? q : rescale(q alpha)" is max(q, rescale(q alpha)); for alpha >= 1 it is the min.
            int[] scaled = rescale(b.linear(origin, w, null, alpha, 0, 0), sw, null);
            y = alpha <= (1L << sw) ? b.max(origin, w, scaled) : b.min(origin, w, scaled);
        } else {
            TableSpec spec = plan.table(node.name());
            if (spec.inScale() != sx) {
                throw unsupported("the plan's table reads scale " + spec.inScale() + " but the input has scale " + sx);
            }
            LookupTable t = LookupTable.build(u, spec.lo(), spec.hi(), spec.inScale(), spec.outScale(),
                    plan.activationBits());
            return align(tableLookup(u.opName(), t, w), spec.outScale(), so);
        }
        return align(y, sx, so);
    }

    /** The flat tails of a table: values below {@code lo} equal f(lo), values above {@code hi} equal f(hi). */
    private record Trim(long lo, long hi) {}

    /** The smallest sub-domain outside which the table is constant on each side. */
    private static Trim trim(LookupTable t) {
        long[] v = t.values();
        int first = 0;
        while (first + 1 < v.length && v[first + 1] == v[0]) {
            first++;
        }
        int last = v.length - 1;
        while (last - 1 > first && v[last - 1] == v[v.length - 1]) {
            last--;
        }
        return new Trim(t.lo() + first, t.lo() + last);
    }

    /**
     * Records this layer as a choice point and returns the trim to apply, or null for the full table (the
     * layer's choice, or nothing to share or trim).
     */
    private Trim offer(String function, LookupTable t) {
        ChoicePoint p = new ChoicePoint(node.name(), GadgetChoice.Kind.TABLE, origin,
                function + " table [" + t.lo() + ", " + t.hi() + "]",
                List.of(GadgetChoice.FULL_TABLE, GadgetChoice.TRIMMED_TABLE));
        choicePoints.add(p);
        return choices.choice(p) == GadgetChoice.TRIMMED_TABLE ? trim(t) : null;
    }

    private int ownTable(String function, LookupTable t) {
        return b.table(new dev.zkmlc.circuit.gadget.LookupTable(function + " '" + node.name() + "'", t.lo(), t.values()));
    }

    /** A table named by its contents, so that every layer with the same function, range and scales shares it. */
    private int sharedTable(String function, LookupTable t, Trim trim) {
        int from = (int) (trim.lo() - t.lo());
        int to = (int) (trim.hi() - t.lo()) + 1;
        String name = String.format("%s [%d, %d] 2^-%d -> 2^-%d", function, trim.lo(), trim.hi(), t.inScale(),
                t.outScale());
        return b.table(new dev.zkmlc.circuit.gadget.LookupTable(name, trim.lo(), Arrays.copyOfRange(t.values(), from, to)));
    }

    /**
     * y = t(x), by the layer's choice: one lookup into the node's own full table, or (trimmed) x held to the
     * table's domain by a range check, clamped into the trimmed domain and looked up in a shared table.
     */
    private int[] tableLookup(String function, LookupTable t, int[] x) {
        Trim trim = offer(function, t);
        if (trim == null) {
            return b.lookup(origin, ownTable(function, t), x);
        }
        int[] c = x;
        if (x.length > 0 && (trim.lo() > t.lo() || trim.hi() < t.hi())) {
            Interval domain = new Interval(t.lo(), t.hi());
            Interval proved = hull(x);
            if (proved.lo() < domain.lo() || proved.hi() > domain.hi()) {
                b.narrow(origin, x, domain);
            }
            if (trim.lo() > t.lo()) {
                c = b.max(origin, c, fixedFill(c.length, trim.lo()));
            }
            if (trim.hi() < t.hi()) {
                c = b.min(origin, c, fixedFill(c.length, trim.hi()));
            }
        }
        return b.lookup(origin, sharedTable(function, t, trim), c);
    }

    private int[] binary(BinaryOp op, Shape out, int so) {
        Val a = operand(node.inputs().get(0));
        Val c;
        if (op instanceof Div) {
            Tensor divisor = constant(1, "divisor");
            int sc = plan.scale(node.inputs().get(1));
            c = new Val(b.constants(origin, QuantizedConstants.reciprocal(divisor, sc), fixedWeights), sc, divisor.shape());
        } else {
            c = operand(node.inputs().get(1));
        }
        int[] wa = gather(a.wires(), IndexMaps.broadcast(a.shape(), out));
        int[] wc = gather(c.wires(), IndexMaps.broadcast(c.shape(), out));
        if (op instanceof Mul || op instanceof Div) {
            return rescale(b.mul(origin, wa, wc), a.scale() + c.scale() - so, activation);
        }
        int[] u = align(wa, a.scale(), so);
        int[] v = align(wc, c.scale(), so);
        if (op instanceof Add) {
            return b.linear(origin, u, v, 1, 1, 0);
        }
        if (op instanceof Sub) {
            return b.linear(origin, u, v, 1, -1, 0);
        }
        if (op instanceof Max) {
            return b.max(origin, u, v);
        }
        if (op instanceof Min) {
            return b.min(origin, u, v);
        }
        throw unsupported("op " + op.opName() + " has no circuit lowering yet");
    }

    /** Below this many products a matmul is not offered the Freivalds check: its three phase-1 columns cannot pay. */
    static final long FREIVALDS_MIN_PRODUCTS = 512;

    /**
     * Numpy matmul as dot products, or (the layer's choice) one Freivalds check per batch, offered when the right
     * operand is witnessed or fixed by the circuit (then the backend keeps its matrix in fixed columns, one input per
     * row); {@code bias[i]} (or 0) starts output i's sum. With {@code rescaleBy} the sums are
     * rescaled by 2^rescaleBy to the activation bound ({@link #denseRescaled}), else returned as they are.
     */
    private int[] matmul(int[] a, Shape as, int[] w, Shape ws, int[] bias, Integer rescaleBy) {
        Kernels.MatMulGeometry geo = Kernels.MatMulGeometry.of(as, ws);
        int m = geo.m();
        int k = geo.k();
        int n = geo.n();
        int total = geo.batches() * m * n;
        if ((long) total * k >= FREIVALDS_MIN_PRODUCTS) {
            ChoicePoint p = new ChoicePoint(node.name(), GadgetChoice.Kind.MATMUL, origin,
                    "matmul " + m + "x" + k + " by " + k + "x" + n + (geo.batches() > 1 ? " (" + geo.batches() + " batches)" : ""),
                    List.of(GadgetChoice.DOT_PRODUCTS, GadgetChoice.FREIVALDS));
            choicePoints.add(p);
            if (choices.choice(p) == GadgetChoice.FREIVALDS) {
                int[] c = freivalds(geo, a, w, bias);
                return rescaleBy == null ? c : rescale(c, rescaleBy, activation);
            }
        }
        int[][] xs = new int[total][];
        int[][] wsl = new int[total][];
        int[] bs = new int[total];
        int zero = bias == null ? fixed(0) : -1;
        for (int bi = 0; bi < geo.batches(); bi++) {
            int aOff = geo.aBatch()[bi] * m * k;
            int bOff = geo.bBatch()[bi] * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int o = (bi * m + i) * n + j;
                    xs[o] = new int[k];
                    wsl[o] = new int[k];
                    for (int p = 0; p < k; p++) {
                        xs[o][p] = a[aOff + i * k + p];
                        wsl[o][p] = w[bOff + p * n + j];
                    }
                    bs[o] = bias == null ? zero : bias[o];
                }
            }
        }
        return rescaleBy == null ? b.dot(origin, xs, wsl, bs) : denseRescaled(xs, wsl, bs, rescaleBy);
    }

    /**
     * Dot products rescaled by 2^d to the activation bound: a dot gadget and a rescale, then the relu that alone reads
     * this layer (if any) as its own node; or, the layer's choice ({@link GadgetChoice#FUSED}), one
     * {@link Gadget.DotRescale} that also takes that relu in. Offered for a real rescale (d in [1, 40]) only.
     */
    private int[] denseRescaled(int[][] xs, int[][] ws, int[] bias, int d) {
        if (d < 1 || d > 40 || xs.length == 0) {
            return rescale(b.dot(origin, xs, ws, bias), d, activation);
        }
        Node relu = soleReader.get(node.output());
        if (relu != null && !(relu.op() instanceof Relu && plan.scale(relu.output()) == plan.scale(node.output()))) {
            relu = null;
        }
        ChoicePoint p = new ChoicePoint(node.name(), GadgetChoice.Kind.FUSE, origin,
                relu == null ? "dot + rescale" : "dot + rescale + relu '" + relu.name() + "'",
                List.of(GadgetChoice.SEPARATE, GadgetChoice.FUSED));
        choicePoints.add(p);
        if (choices.choice(p) != GadgetChoice.FUSED) {
            return rescale(b.dot(origin, xs, ws, bias), d, activation);
        }
        Interval acc = b.dotInterval(xs[0], ws[0], bias[0]);
        for (int i = 1; i < xs.length; i++) {
            acc = acc.hull(b.dotInterval(xs[i], ws[i], bias[i]));
        }
        Interval q = capped(divided(acc, 1L << d), activation);
        if (relu == null) {
            return b.dotRescale(origin, xs, ws, bias, d, q, false);
        }
        // The fused relu proves q in [-2^m, 2^m - 1] by its sign split: the smallest such range holding q's, inside
        // the activation bound (which is of this form), so on every value the accumulators allow it refuses exactly
        // what the interpreter's activation bound refuses.
        int m = Interval.bitsFor(Math.max(q.hi(), -q.lo() - 1));
        int[] y = b.dotRescale(origin, xs, ws, bias, d, new Interval(-(1L << m), (1L << m) - 1), true);
        fusedRelu.put(relu.name(), y);
        absorbed.add(node.output());
        return y;
    }

    /** Whether some entry of a matmul operand is a wire the prover supplies (not a constant the circuit fixes). */
    private boolean witnessed(int[] w) {
        for (int x : w) {
            if (!b.isConstant(x) || !fixedWeights) {
                return true;
            }
        }
        return false;
    }

    /**
     * One {@link Gadget.MatMul} per batch, then the bias added; except that a bias the circuit fixes, over a
     * one-row product with weights it fixes too, becomes one more row of the matrix (times a constant 1 input), so
     * the check proves x·W + bias at once.
     */
    private int[] freivalds(Kernels.MatMulGeometry geo, int[] a, int[] w, int[] bias) {
        int m = geo.m();
        int k = geo.k();
        int n = geo.n();
        if (bias != null && m == 1 && !witnessed(w) && !witnessed(bias)) {
            int[] out = new int[geo.batches() * n];
            int one = fixed(1);
            for (int bi = 0; bi < geo.batches(); bi++) {
                int aOff = geo.aBatch()[bi] * k;
                int bOff = geo.bBatch()[bi] * k * n;
                int[] x = Arrays.copyOfRange(a, aOff, aOff + k + 1);
                x[k] = one;
                int[] wb = Arrays.copyOfRange(w, bOff, bOff + (k + 1) * n);
                System.arraycopy(bias, bi * n, wb, k * n, n);
                System.arraycopy(b.matmul(origin, 1, k + 1, n, x, wb), 0, out, bi * n, n);
            }
            return out;
        }
        int[] out = new int[geo.batches() * m * n];
        for (int bi = 0; bi < geo.batches(); bi++) {
            int aOff = geo.aBatch()[bi] * m * k;
            int bOff = geo.bBatch()[bi] * k * n;
            int[] c = b.matmul(origin, m, k, n, java.util.Arrays.copyOfRange(a, aOff, aOff + m * k),
                    java.util.Arrays.copyOfRange(w, bOff, bOff + k * n));
            System.arraycopy(c, 0, out, bi * m * n, m * n);
        }
        return bias == null ? out : b.linear(origin, out, bias, 1, 1, 0);
    }

    private static int[] transpose2d(int[] a, Shape s) {
        int r = s.dim(0);
        int c = s.dim(1);
        int[] t = new int[a.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                t[j * r + i] = a[i * c + j];
            }
        }
        return t;
    }

    private int[] gemm(Gemm gm, Shape out, int so) {
        String an = node.inputs().get(0);
        String bn = node.inputs().get(1);
        int sa = plan.scale(an);
        int sb = plan.scale(bn);
        int[] a;
        int[] bw;
        long alphaFactor = 1;
        int accScale = sa + sb;
        if (gm.alpha() == 1.0) {
            a = operand(an).wires();
            bw = operand(bn).wires();
        } else if (g.initializers().containsKey(bn)) {
            a = operand(an).wires();
            bw = b.constants(origin, QuantizedConstants.scaled(g.initializers().get(bn), gm.alpha(), sb), fixedWeights);
        } else if (g.initializers().containsKey(an)) {
            a = b.constants(origin, QuantizedConstants.scaled(g.initializers().get(an), gm.alpha(), sa), fixedWeights);
            bw = operand(bn).wires();
        } else {
            a = operand(an).wires();
            bw = operand(bn).wires();
            alphaFactor = FixedPointMath.quantize(gm.alpha(), plan.weightScale());
            accScale += plan.weightScale();
        }
        Shape as = shapeOf(an);
        Shape bs = shapeOf(bn);
        if (gm.transA()) {
            a = transpose2d(a, as);
            as = Shape.of(as.dim(1), as.dim(0));
        }
        if (gm.transB()) {
            bw = transpose2d(bw, bs);
            bs = Shape.of(bs.dim(1), bs.dim(0));
        }
        if (alphaFactor == 1) {
            return matmul(a, as, bw, bs, node.inputs().size() == 3 ? gemmBias(out, accScale) : null, accScale - so);
        }
        int[] acc = b.linear(origin, matmul(a, as, bw, bs, null, null), null, alphaFactor, 0, 0);
        if (node.inputs().size() == 3) {
            acc = b.linear(origin, acc, gemmBias(out, accScale), 1, 1, 0);
        }
        return rescale(acc, accScale - so, activation);
    }

    /** Gemm's C, times beta, at the accumulator's scale, broadcast to the output. */
    private int[] gemmBias(Shape out, int accScale) {
        Gemm gm = (Gemm) node.op();
        String cn = node.inputs().get(2);
        int sc = plan.scale(cn);
        int[] mc = IndexMaps.broadcast(shapeOf(cn), out);
        Tensor ct = g.initializers().get(cn);
        if (ct != null) {
            long[] c = QuantizedConstants.scaled(ct, gm.beta(), sc);
            long[] aligned = new long[c.length];
            for (int i = 0; i < c.length; i++) {
                aligned[i] = FixedPointMath.align(c[i], sc, accScale);
            }
            return gather(b.constants(origin, aligned, fixedWeights), mc);
        }
        int[] c = operand(cn).wires();
        if (gm.beta() != 1.0) {
            c = b.linear(origin, c, null, FixedPointMath.quantize(gm.beta(), plan.weightScale()), 0, 0);
            sc += plan.weightScale();
        }
        return gather(align(c, sc, accScale), mc);
    }

    private int[] conv(Val x, Shape out, int so) {
        Val w = operand(node.inputs().get(1));
        Kernels.ConvGeometry geo = node.op() instanceof Conv c ? new Kernels.ConvGeometry(x.shape(), w.shape(), out, c)
                : new Kernels.ConvGeometry(x.shape(), w.shape(), out, (ConvTranspose) node.op());
        int accScale = x.scale() + w.scale();
        // Two passes over the same loops: count each output's terms, then fill flat arrays (the
        // largest models make tens of millions of terms; no per-term objects).
        int[][] xs = new int[out.size()][];
        int[][] ws = new int[out.size()][];
        int[] fill = new int[out.size()];
        for (int pass = 0; pass < 2; pass++) {
            convTerms(geo, node.op() instanceof Conv, x.wires(), w.wires(), xs, ws, fill, pass == 1);
            if (pass == 0) {
                for (int i = 0; i < fill.length; i++) {
                    xs[i] = new int[fill[i]];
                    ws[i] = new int[fill[i]];
                    fill[i] = 0;
                }
            }
        }
        int[] bias = fixedFill(out.size(), 0);
        if (node.inputs().size() == 3) {
            int[] aligned = alignedBias(accScale);
            int channels = out.dim(1);
            int plane = out.size() / Math.max(out.dim(0) * channels, 1);
            for (int i = 0; i < bias.length; i++) {
                bias[i] = aligned[(i / plane) % channels];
            }
        }
        return denseRescaled(xs, ws, bias, accScale - so);
    }

    /** Visits every (input, weight) term of a conv or conv_transpose; counts them, or stores them when {@code store}. */
    private static void convTerms(Kernels.ConvGeometry geo, boolean forward, int[] xw, int[] ww, int[][] xs, int[][] ws,
            int[] fill, boolean store) {
        int cg = geo.inChannels() / geo.group();
        int mg = geo.outChannels() / geo.group();
        int[] table = geo.table();
        for (int n = 0; n < geo.batch(); n++) {
            if (forward) {
                int outS = geo.outSize();
                for (int m = 0; m < geo.outChannels(); m++) {
                    int yBase = (n * geo.outChannels() + m) * outS;
                    int firstC = (m / mg) * cg;
                    for (int c = 0; c < cg; c++) {
                        int xBase = (n * geo.inChannels() + firstC + c) * geo.inSize();
                        int wBase = (m * cg + c) * geo.kernelSize();
                        for (int kp = 0; kp < geo.kernelSize(); kp++) {
                            for (int o = 0; o < outS; o++) {
                                int idx = table[kp * outS + o];
                                if (idx >= 0) {
                                    int y = yBase + o;
                                    if (store) {
                                        xs[y][fill[y]] = xw[xBase + idx];
                                        ws[y][fill[y]] = ww[wBase + kp];
                                    }
                                    fill[y]++;
                                }
                            }
                        }
                    }
                }
            } else {
                int inS = geo.inSize();
                for (int c = 0; c < geo.inChannels(); c++) {
                    int xBase = (n * geo.inChannels() + c) * inS;
                    int firstM = (c / cg) * mg;
                    for (int mm = 0; mm < mg; mm++) {
                        int yBase = (n * geo.outChannels() + firstM + mm) * geo.outSize();
                        int wBase = (c * mg + mm) * geo.kernelSize();
                        for (int kp = 0; kp < geo.kernelSize(); kp++) {
                            for (int i = 0; i < inS; i++) {
                                int idx = table[kp * inS + i];
                                if (idx >= 0) {
                                    int y = yBase + idx;
                                    if (store) {
                                        xs[y][fill[y]] = xw[xBase + i];
                                        ws[y][fill[y]] = ww[wBase + kp];
                                    }
                                    fill[y]++;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A bias brought to the accumulator's scale: folded at compile time when it is a constant (then
     * the unscaled bias gets no wire of its own, which nothing would read).
     */
    private int[] alignedBias(int accScale) {
        String name = node.inputs().get(2);
        Tensor t = g.initializers().get(name);
        if (t == null) {
            Val bv = operand(name);
            return align(bv.wires(), bv.scale(), accScale);
        }
        int s = plan.scale(name);
        long[] q = FixedTensor.quantize(t, s).toArray();
        for (int i = 0; i < q.length; i++) {
            q[i] = FixedPointMath.align(q[i], s, accScale);
        }
        return b.constants(origin, q, fixedWeights);
    }

    private int[] pool(Val x, Shape out, int so) {
        Kernels.PoolGeometry geo = Kernels.PoolGeometry.of(node.op(), x.shape(), out);
        boolean max = node.op() instanceof MaxPool;
        boolean includePad = node.op() instanceof AvgPool ap && ap.countIncludePad();
        int[] table = geo.table();
        int outS = geo.outSize();
        int[][] groups = new int[geo.planes() * outS][];
        long[] counts = new long[groups.length];
        for (int p = 0; p < geo.planes(); p++) {
            int xBase = p * geo.inSize();
            for (int o = 0; o < outS; o++) {
                List<Integer> window = new ArrayList<>();
                int count = 0;
                for (int kp = 0; kp < geo.kernelSize(); kp++) {
                    int idx = table[kp * outS + o];
                    if (idx >= 0) {
                        window.add(x.wires()[xBase + idx]);
                        count++;
                    } else if (idx == IndexMaps.PAD && includePad) {
                        count++;
                    }
                }
                if (window.isEmpty()) {
                    throw unsupported("a pooling window covers only padding");
                }
                groups[p * outS + o] = window.stream().mapToInt(Integer::intValue).toArray();
                counts[p * outS + o] = count;
            }
        }
        int[] y;
        if (max) {
            y = reduceMax(groups, false);
        } else {
            int[] sums = b.sum(origin, groups);
            y = new int[sums.length];
            // Windows at the border may have other counts: one gadget per distinct count.
            Map<Long, List<Integer>> byCount = new java.util.TreeMap<>();
            for (int i = 0; i < sums.length; i++) {
                byCount.computeIfAbsent(counts[i], c -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<Long, List<Integer>> e : byCount.entrySet()) {
                int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
                int[] q = divRound(gather(sums, idx), e.getKey());
                for (int i = 0; i < idx.length; i++) {
                    y[idx[i]] = q[i];
                }
            }
        }
        return align(y, x.scale(), so);
    }

    private int[] reduce(Reduce r, Val x, Shape out, int so) {
        int[] map = IndexMaps.reduction(x.shape(), r.reducedAxes(x.shape().rank()));
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < map.length; i++) {
            groups.get(map[i]).add(x.wires()[i]);
        }
        int[][] gs = new int[groups.size()][];
        for (int i = 0; i < gs.length; i++) {
            gs[i] = groups.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        int[] y;
        switch (r.kind()) {
            case MAX:
                y = reduceMax(gs, false);
                break;
            case MIN:
                y = reduceMax(gs, true);
                break;
            case MEAN:
                y = gs.length == 0 ? new int[0] : divRound(b.sum(origin, gs), x.wires().length / gs.length);
                break;
            default:
                y = b.sum(origin, gs);
        }
        return align(y, x.scale(), so);
    }

    /**
     * The interpreter's scan: best starts at element 0 and moves to t when x_t > best (or >= with
     * selectLastIndex). Per step: c = [x_t >= best (+ 1)], best' = max(x_t, best),
     * idx' = idx + c (t - idx); one gadget per step across all rows.
     */
    private int[] argMax(ArgMax a, Val x) {
        Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(x.shape(), a.axis());
        int rows = geo.outer() * geo.inner();
        int[][] col = new int[geo.n()][rows];
        for (int o = 0; o < geo.outer(); o++) {
            for (int in = 0; in < geo.inner(); in++) {
                int r = o * geo.inner() + in;
                for (int t = 0; t < geo.n(); t++) {
                    col[t][r] = x.wires()[o * geo.n() * geo.inner() + in + t * geo.inner()];
                }
            }
        }
        int[] best = col[0];
        int[] idx = fixedFill(rows, 0);
        for (int t = 1; t < geo.n(); t++) {
            int[] threshold = a.selectLastIndex() ? best : b.linear(origin, best, null, 1, 0, 1);
            int[] c = b.compare(origin, col[t], threshold);
            int[] step = b.mul(origin, c, b.linear(origin, idx, null, -1, 0, t));
            idx = b.linear(origin, idx, step, 1, 1, 0);
            if (t + 1 < geo.n()) {
                best = b.max(origin, col[t], best);
            }
        }
        return idx;
    }

    private int[] softmax(Softmax s, Val x, int so) {
        TableSpec spec = plan.table(node.name());
        if (spec.inScale() != x.scale()) {
            throw unsupported("the plan's exp table reads scale " + spec.inScale() + " but the input has scale "
                    + x.scale());
        }
        if (spec.lo() > 0 || spec.hi() < 0) {
            throw unsupported("a softmax exp table must cover 0, got [" + spec.lo() + ", " + spec.hi() + "]");
        }
        if (so < 0 || so > 40) {
            throw unsupported("softmax output scale " + so + " is outside 0..40");
        }
        Kernels.AxisGeometry geo = Kernels.AxisGeometry.of(x.shape(), s.axis());
        int n = geo.n();
        int rows = geo.outer() * geo.inner();
        int[][] groups = new int[rows][n];
        int[] pos = new int[rows * n];
        for (int o = 0; o < geo.outer(); o++) {
            for (int in = 0; in < geo.inner(); in++) {
                int r = o * geo.inner() + in;
                int base = o * n * geo.inner() + in;
                for (int t = 0; t < n; t++) {
                    groups[r][t] = x.wires()[base + t * geo.inner()];
                    pos[r * n + t] = base + t * geo.inner();
                }
            }
        }
        int[] m = reduceMax(groups, false);
        int[] xs = new int[rows * n];
        int[] ms = new int[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < n; t++) {
                xs[r * n + t] = groups[r][t];
                ms[r * n + t] = m[r];
            }
        }
        int[] d = b.linear(origin, xs, ms, 1, -1, 0);
        LookupTable t = LookupTable.build(LookupTable.EXP, spec.lo(), spec.hi(), spec.inScale(), spec.outScale(),
                plan.activationBits());
        // d <= 0 always, and the specification clamps it up to the table's low end; a trimmed table clamps to
        // where exp stops being 0 instead, which changes no value. Only the low tail is dropped: nothing clamps d
        // from above, and d = 0 (each row's maximum) may lie in a flat top (exp rounds to 1 near 0).
        Trim offered = offer("exp", t);
        Trim trim = offered == null ? null : new Trim(offered.lo(), t.hi());
        int[] clamped = b.max(origin, d, fixedFill(d.length, trim == null ? spec.lo() : trim.lo()));
        int[] e = b.lookup(origin, trim == null ? ownTable("exp", t) : sharedTable("exp", t, trim), clamped);
        int[][] eg = new int[rows][];
        for (int r = 0; r < rows; r++) {
            eg[r] = Arrays.copyOfRange(e, r * n, (r + 1) * n);
        }
        int[] sums = b.sum(origin, eg);
        int[] den = new int[rows * n];
        for (int i = 0; i < den.length; i++) {
            den[i] = sums[i / n];
        }
        int[] num = b.linear(origin, e, null, 1L << so, 0, 0);
        // e_i <= S, so every quotient lies in [0, 2^so].
        int[] q = b.divVar(origin, num, den, new Interval(0, 1L << so));
        int[] y = new int[q.length];
        for (int i = 0; i < q.length; i++) {
            y[pos[i]] = q[i];
        }
        return y;
    }

    private int[] layerNorm(LayerNorm ln, Val x, int so) {
        int sx = x.scale();
        TableSpec spec = plan.table(node.name());
        if (spec.inScale() != sx) {
            throw unsupported("the plan's rsqrt table reads scale " + spec.inScale() + " but the input has scale " + sx);
        }
        Shape norm = Kernels.normalisedShape(x.shape(), ln.axis());
        int n = norm.size();
        int rows = x.wires().length / Math.max(n, 1);
        Val gamma = operand(node.inputs().get(1));
        int[] mg = IndexMaps.broadcast(gamma.shape(), norm);
        Val beta = node.inputs().size() == 3 ? operand(node.inputs().get(2)) : null;
        long eps = FixedPointMath.quantize(ln.epsilon(), sx);
        int sr = spec.outScale();
        int[][] groups = new int[rows][];
        for (int r = 0; r < rows; r++) {
            groups[r] = Arrays.copyOfRange(x.wires(), r * n, (r + 1) * n);
        }
        int[] mu = divRound(b.sum(origin, groups), n);
        int[] muB = new int[rows * n];
        for (int i = 0; i < muB.length; i++) {
            muB[i] = mu[i / n];
        }
        int[] d = b.linear(origin, x.wires(), muB, 1, -1, 0);
        int[] sq = b.mul(origin, d, d);
        int[][] sqg = new int[rows][];
        for (int r = 0; r < rows; r++) {
            sqg[r] = Arrays.copyOfRange(sq, r * n, (r + 1) * n);
        }
        int[] var = rescale(divRound(b.sum(origin, sqg), n), sx, null);
        int[] v = eps == 0 ? var : b.linear(origin, var, null, 1, 0, eps);
        LookupTable t = LookupTable.build(LookupTable.RSQRT, spec.lo(), spec.hi(), spec.inScale(), spec.outScale(),
                plan.activationBits());
        int[] inv = tableLookup("rsqrt", t, v);
        int[] invB = new int[rows * n];
        int[] gammaB = new int[rows * n];
        for (int i = 0; i < invB.length; i++) {
            invB[i] = inv[i / n];
            gammaB[i] = gamma.wires()[mg[i % n]];
        }
        int[] z = rescale(b.mul(origin, d, invB), sx + sr - so, null);
        int[] y = rescale(b.mul(origin, z, gammaB), gamma.scale(), beta == null ? activation : null);
        if (beta != null) {
            int[] mb = IndexMaps.broadcast(beta.shape(), norm);
            int[] betaB = new int[rows * n];
            int[] ba = align(beta.wires(), beta.scale(), so);
            for (int i = 0; i < betaB.length; i++) {
                betaB[i] = ba[mb[i % n]];
            }
            y = b.linear(origin, y, betaB, 1, 1, 0);
        }
        return y;
    }

    private int[] batchNorm(BatchNorm bn, Val x, int so) {
        int sw = plan.weightScale();
        QuantizedConstants.Affine affine = QuantizedConstants.batchNorm(bn.epsilon(), constant(1, "scale"),
                constant(2, "bias"), constant(3, "mean"), constant(4, "variance"), sw, so);
        int channels = x.shape().dim(1);
        int plane = x.wires().length / Math.max(x.shape().dim(0) * channels, 1);
        int[] a = b.constants(origin, affine.a(), fixedWeights);
        int[] bb = b.constants(origin, affine.b(), fixedWeights);
        int[] aB = new int[x.wires().length];
        int[] bB = new int[x.wires().length];
        for (int i = 0; i < aB.length; i++) {
            int c = (i / plane) % channels;
            aB[i] = a[c];
            bB[i] = bb[c];
        }
        int[] y = rescale(b.mul(origin, x.wires(), aB), x.scale() + sw - so, null);
        return b.linear(origin, y, bB, 1, 1, 0);
    }
}
