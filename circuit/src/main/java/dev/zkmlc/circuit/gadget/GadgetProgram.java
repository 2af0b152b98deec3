package dev.zkmlc.circuit.gadget;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The gadget IR: integer wires, and gadgets over them in evaluation order. A wire is a graph
 * input element, a constant (a weight, or a structural constant such as 0), or the output of one
 * gadget. Every wire carries an {@link Interval} that the circuit proves it lies in; a backend
 * sizes range checks from these. Data movement (reshape, transpose, slice, ...) has no gadget: it
 * only permutes wire ids. Immutable once built; make one with {@link Builder}.
 */
public final class GadgetProgram {

    /** How a wire gets its value. */
    public enum WireKind { INPUT, CONSTANT, COMPUTED }

    /** A named tensor of wires: a graph input or output, row-major. */
    public record TensorWires(String name, int[] shape, int[] wires, boolean isPublic) {
        public int size() {
            return wires.length;
        }
    }

    private final String name;
    private final WireKind[] kinds;
    private final Interval[] intervals;
    private final long[] constantValues;
    private final boolean[] fixedConstants;
    private final List<TensorWires> inputs;
    private final List<TensorWires> outputs;
    private final List<TensorWires> hashed;
    private final List<Gadget> gadgets;
    private final RangeLayout[] rangeLayouts;
    private final RangeBase[] rangeBases;
    private final DotLayout[] dotLayouts;
    private final List<LookupTable> tables;

    private GadgetProgram(Builder b) {
        this.name = b.name;
        int n = b.kinds.size();
        this.kinds = b.kinds.toArray(new WireKind[0]);
        this.intervals = b.intervals.toArray(new Interval[0]);
        this.constantValues = Arrays.copyOf(b.constantValues, n);
        this.fixedConstants = Arrays.copyOf(b.fixedConstants, n);
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.hashed = List.copyOf(b.hashed);
        this.gadgets = List.copyOf(b.gadgets);
        this.rangeLayouts = b.rangeLayouts.toArray(new RangeLayout[0]);
        this.rangeBases = b.rangeBases.toArray(new RangeBase[0]);
        this.dotLayouts = b.dotLayouts.toArray(new DotLayout[0]);
        this.tables = List.copyOf(b.tables);
    }

    private GadgetProgram(GadgetProgram p, List<TensorWires> hashed, List<Gadget> gadgets, RangeLayout[] rangeLayouts,
            RangeBase[] rangeBases, DotLayout[] dotLayouts) {
        this.name = p.name;
        this.kinds = p.kinds;
        this.intervals = p.intervals;
        this.constantValues = p.constantValues;
        this.fixedConstants = p.fixedConstants;
        this.inputs = p.inputs;
        this.outputs = p.outputs;
        this.hashed = hashed;
        this.gadgets = List.copyOf(gadgets);
        this.rangeLayouts = rangeLayouts;
        this.rangeBases = rangeBases;
        this.dotLayouts = dotLayouts;
        this.tables = p.tables;
    }

    /**
     * This program with the gadgets at indexes [{@code from}, {@code to}) laid out as given, everything else shared:
     * what lowering again with another range layout, base or dot layout for the layer that made those gadgets gives
     * (the layouts are annotations; they change no gadget, wire or table), for the price of three array copies.
     */
    public GadgetProgram withLayouts(int from, int to, RangeLayout rangeLayout, RangeBase rangeBase, DotLayout dotLayout) {
        RangeLayout[] layouts = rangeLayouts.clone();
        RangeBase[] bases = rangeBases.clone();
        DotLayout[] dots = dotLayouts.clone();
        Arrays.fill(layouts, from, to, rangeLayout);
        Arrays.fill(bases, from, to, rangeBase);
        Arrays.fill(dots, from, to, dotLayout);
        return new GadgetProgram(this, hashed, gadgets, layouts, bases, dots);
    }

    /**
     * This program with only the gadgets {@code keep} accepts and no hashed tensors (wires, tensors
     * and tables unchanged): a dry run of it beside one of {@code restrictedTo(g -> true)} measures
     * what the other gadgets cost (the compile report prices the weights' range checks so).
     */
    public GadgetProgram restrictedTo(Predicate<Gadget> keep) {
        List<Gadget> kept = new ArrayList<>();
        List<RangeLayout> layouts = new ArrayList<>();
        List<RangeBase> bases = new ArrayList<>();
        List<DotLayout> dots = new ArrayList<>();
        for (int i = 0; i < gadgets.size(); i++) {
            if (keep.test(gadgets.get(i))) {
                kept.add(gadgets.get(i));
                layouts.add(rangeLayouts[i]);
                bases.add(rangeBases[i]);
                dots.add(dotLayouts[i]);
            }
        }
        return new GadgetProgram(this, List.of(), kept, layouts.toArray(new RangeLayout[0]), bases.toArray(new RangeBase[0]),
                dots.toArray(new DotLayout[0]));
    }

    public String name() {
        return name;
    }

    public int wireCount() {
        return kinds.length;
    }

    public WireKind kind(int wire) {
        return kinds[wire];
    }

    public Interval interval(int wire) {
        return intervals[wire];
    }

    public long constantValue(int wire) {
        return constantValues[wire];
    }

    /** True for a constant the circuit fixes (the verifying key binds it); false for a private one. */
    public boolean isFixedConstant(int wire) {
        return kinds[wire] == WireKind.CONSTANT && fixedConstants[wire];
    }

    public List<TensorWires> inputs() {
        return inputs;
    }

    public List<TensorWires> outputs() {
        return outputs;
    }

    /**
     * Tensors whose {@link dev.zkmlc.circuit.hash.PoseidonChain#DEFAULT} hash is a public value
     * (hashed inputs, outputs and parameters), in this order after the public values of
     * {@link #inputs()} and {@link #outputs()}. Their wires stay private.
     */
    public List<TensorWires> hashed() {
        return hashed;
    }

    /** Every constant the prover supplies (private weights), in wire order: what a model commitment hashes. */
    public int[] privateConstants() {
        int n = 0;
        for (int w = 0; w < kinds.length; w++) {
            n += kinds[w] == WireKind.CONSTANT && !fixedConstants[w] ? 1 : 0;
        }
        int[] r = new int[n];
        int i = 0;
        for (int w = 0; w < kinds.length; w++) {
            if (kinds[w] == WireKind.CONSTANT && !fixedConstants[w]) {
                r[i++] = w;
            }
        }
        return r;
    }

    public List<Gadget> gadgets() {
        return gadgets;
    }

    public List<LookupTable> tables() {
        return tables;
    }

    /** How the wide range checks of gadget {@code index} (in {@link #gadgets()} order) are laid out. */
    public RangeLayout rangeLayout(int index) {
        return rangeLayouts[index];
    }

    /** The base the range checks of gadget {@code index} (in {@link #gadgets()} order) are proved in. */
    public RangeBase rangeBase(int index) {
        return rangeBases[index];
    }

    /** How the dot products of gadget {@code index} (in {@link #gadgets()} order) are laid out. */
    public DotLayout dotLayout(int index) {
        return dotLayouts[index];
    }

    /**
     * Computes every wire from the quantized inputs (by name, row-major), running each gadget's
     * exact integer rule; throws {@link GadgetException} for a missing or mis-sized input and
     * {@link RangeViolation} for a value outside the compiled ranges.
     */
    public long[] evaluate(Map<String, long[]> inputValues) {
        long[] v = new long[kinds.length];
        for (int w = 0; w < v.length; w++) {
            if (kinds[w] == WireKind.CONSTANT) {
                v[w] = constantValues[w];
            }
        }
        for (TensorWires in : inputs) {
            long[] given = inputValues.get(in.name());
            if (given == null) {
                throw new GadgetException("missing input '" + in.name() + "' (expected " + in.size() + " values)");
            }
            if (given.length != in.size()) {
                throw new GadgetException("input '" + in.name() + "' has " + given.length + " values, expected "
                        + in.size() + " for shape " + Arrays.toString(in.shape()));
            }
            for (int i = 0; i < given.length; i++) {
                v[in.wires()[i]] = given[i];
            }
        }
        for (Gadget g : gadgets) {
            g.evaluate(v, tables);
        }
        return v;
    }

    /** The output tensors' values, by name, from a full evaluation. */
    public Map<String, long[]> outputValues(long[] wireValues) {
        Map<String, long[]> r = new LinkedHashMap<>();
        for (TensorWires o : outputs) {
            long[] vals = new long[o.size()];
            for (int i = 0; i < vals.length; i++) {
                vals[i] = wireValues[o.wires()[i]];
            }
            r.put(o.name(), vals);
        }
        return r;
    }

    @Override
    public String toString() {
        return GadgetPrinter.print(this);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Appends gadgets in evaluation order and derives each new wire's interval from its operands',
     * so every later range check is sized from proved bounds.
     */
    public static final class Builder {
        private final String name;
        private final List<WireKind> kinds = new ArrayList<>();
        private final List<Interval> intervals = new ArrayList<>();
        private long[] constantValues = new long[64];
        private boolean[] fixedConstants = new boolean[64];
        private final List<TensorWires> inputs = new ArrayList<>();
        private final List<TensorWires> outputs = new ArrayList<>();
        private final List<TensorWires> hashed = new ArrayList<>();
        private final List<Gadget> gadgets = new ArrayList<>();
        private final List<RangeLayout> rangeLayouts = new ArrayList<>();
        private RangeLayout rangeLayout = RangeLayout.ROWS;
        private final List<RangeBase> rangeBases = new ArrayList<>();
        private RangeBase rangeBase = RangeBase.TABLE;
        private final List<DotLayout> dotLayouts = new ArrayList<>();
        private DotLayout dotLayout = DotLayout.ROWS;
        private final List<LookupTable> tables = new ArrayList<>();
        private final Map<Long, Integer> fixedConstantWires = new HashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** The gadgets added so far, in order (read-only). */
        public List<Gadget> gadgets() {
            return java.util.Collections.unmodifiableList(gadgets);
        }

        /** The range-check layout of the gadgets added from now on (until changed). */
        public void rangeLayout(RangeLayout layout) {
            this.rangeLayout = layout;
        }

        /** The base of the range checks of the gadgets added from now on (until changed). */
        public void rangeBase(RangeBase base) {
            this.rangeBase = base;
        }

        /** The layout of the dot products of the gadgets added from now on (until changed). */
        public void dotLayout(DotLayout layout) {
            this.dotLayout = layout;
        }

        private void addGadget(Gadget g) {
            gadgets.add(g);
            rangeLayouts.add(rangeLayout);
            rangeBases.add(rangeBase);
            dotLayouts.add(dotLayout);
        }

        private int newWire(WireKind kind, Interval interval) {
            int id = kinds.size();
            kinds.add(kind);
            intervals.add(interval);
            if (id >= constantValues.length) {
                constantValues = Arrays.copyOf(constantValues, id * 2);
                fixedConstants = Arrays.copyOf(fixedConstants, id * 2);
            }
            return id;
        }

        public Interval interval(int wire) {
            return intervals.get(wire);
        }

        public WireKind kind(int wire) {
            return kinds.get(wire);
        }

        public boolean isConstant(int wire) {
            return kinds.get(wire) == WireKind.CONSTANT;
        }

        public long constantValue(int wire) {
            return constantValues[wire];
        }

        /**
         * A graph input of the given shape; each element is range-checked to {@code range}, which
         * bounds everything computed from it.
         */
        public int[] input(String inputName, int[] shape, boolean isPublic, Interval range) {
            int n = Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact));
            int[] wires = new int[n];
            for (int i = 0; i < n; i++) {
                wires[i] = newWire(WireKind.INPUT, range);
            }
            inputs.add(new TensorWires(inputName, shape.clone(), wires, isPublic));
            addGadget(new Gadget.RangeCheck("input '" + inputName + "'", wires, range));
            return wires;
        }

        /** A constant the circuit binds (in a fixed column); equal values share one wire. */
        public int fixedConstant(long value) {
            Integer w = fixedConstantWires.get(value);
            if (w != null) {
                return w;
            }
            int id = newWire(WireKind.CONSTANT, Interval.point(value));
            constantValues[id] = value;
            fixedConstants[id] = true;
            fixedConstantWires.put(value, id);
            return id;
        }

        /** As {@link #constants(String, long[], boolean)} with a generic origin. */
        public int[] constants(long[] values, boolean fixed) {
            return constants("parameters", values, fixed);
        }

        /**
         * Weights: bound into the circuit when {@code fixed}, else private witness values the
         * prover supplies (hidden from the verifier). Private values are range-checked to the
         * signed power-of-two range that holds them, so the intervals derived from them are proved
         * too (a prover cannot slip in a field element that is no small integer).
         */
        public int[] constants(String origin, long[] values, boolean fixed) {
            int[] wires = new int[values.length];
            if (fixed) {
                for (int i = 0; i < values.length; i++) {
                    wires[i] = fixedConstant(values[i]);
                }
                return wires;
            }
            long magnitude = 0;
            for (long v : values) {
                magnitude = Math.max(magnitude, v == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(v));
            }
            int bits = Math.min(63, Interval.bitsFor(magnitude) + 1);
            Interval range = Interval.signedBits(bits);
            for (int i = 0; i < values.length; i++) {
                wires[i] = newWire(WireKind.CONSTANT, range);
                constantValues[wires[i]] = values[i];
            }
            if (wires.length > 0) {
                addGadget(new Gadget.RangeCheck(origin, wires, range));
            }
            return wires;
        }

        public int table(LookupTable t) {
            int i = tables.indexOf(t);
            if (i >= 0) {
                return i;
            }
            tables.add(t);
            return tables.size() - 1;
        }

        public LookupTable tableAt(int index) {
            return tables.get(index);
        }

        public void output(String outputName, int[] shape, int[] wires, boolean isPublic) {
            outputs.add(new TensorWires(outputName, shape.clone(), wires.clone(), isPublic));
        }

        /** Makes the Poseidon chain hash of {@code wires} a public value (see {@link GadgetProgram#hashed()}). */
        public void hashed(String tensorName, int[] shape, int[] wires) {
            hashed.add(new TensorWires(tensorName, shape.clone(), wires.clone(), false));
        }

        /** The wires of every private constant made so far, in wire order. */
        public int[] privateConstants() {
            List<Integer> r = new ArrayList<>();
            for (int w = 0; w < kinds.size(); w++) {
                if (kinds.get(w) == WireKind.CONSTANT && !fixedConstants[w]) {
                    r.add(w);
                }
            }
            return r.stream().mapToInt(Integer::intValue).toArray();
        }

        private int[] computed(int n, java.util.function.IntFunction<Interval> bound, String origin) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                Interval iv;
                try {
                    iv = bound.apply(i);
                } catch (ArithmeticException e) {
                    throw new GadgetException(origin + ": the value range of an intermediate result exceeds 64 bits;"
                            + " lower the scales or the activation bit bound");
                }
                out[i] = newWire(WireKind.COMPUTED, iv);
            }
            return out;
        }

        public int[] dot(String origin, int[][] xs, int[][] ws, int[] bias) {
            int[] out = computed(xs.length, i -> dotInterval(xs[i], ws[i], bias[i]), origin);
            addGadget(new Gadget.Dot(origin, xs, ws, bias, out));
            return out;
        }

        /** What bias + sum xs[j] ws[j] may be, by exact interval arithmetic; throws ArithmeticException past 64 bits. */
        public Interval dotInterval(int[] xs, int[] ws, int bias) {
            long lo = intervals.get(bias).lo();
            long hi = intervals.get(bias).hi();
            for (int j = 0; j < xs.length; j++) {
                Interval x = intervals.get(xs[j]);
                Interval w = intervals.get(ws[j]);
                long a = Math.multiplyExact(x.lo(), w.lo());
                long b = Math.multiplyExact(x.lo(), w.hi());
                long c = Math.multiplyExact(x.hi(), w.lo());
                long d = Math.multiplyExact(x.hi(), w.hi());
                lo = Math.addExact(lo, Math.min(Math.min(a, b), Math.min(c, d)));
                hi = Math.addExact(hi, Math.max(Math.max(a, b), Math.max(c, d)));
            }
            return new Interval(lo, hi);
        }

        /**
         * Dot products, each rescaled by 2^shift to {@code outRange} and, with {@code relu}, held at 0 from below, as
         * one {@link Gadget.DotRescale}. The outputs' interval is {@code outRange} (with relu its non-negative part),
         * narrowed to what the accumulators allow.
         */
        public int[] dotRescale(String origin, int[][] xs, int[][] ws, int[] bias, int shift, Interval outRange,
                boolean relu) {
            long c = 1L << Math.max(0, Math.min(shift, 40));
            int[] out = computed(xs.length, i -> {
                Interval acc = dotInterval(xs[i], ws[i], bias[i]);
                long lo = Math.max(outRange.lo(), Math.floorDiv(Math.addExact(Math.multiplyExact(2, acc.lo()), c), 2 * c));
                long hi = Math.min(outRange.hi(), Math.floorDiv(Math.addExact(Math.multiplyExact(2, acc.hi()), c), 2 * c));
                Interval q = lo <= hi ? new Interval(lo, hi) : outRange;
                return relu ? new Interval(Math.max(0, q.lo()), Math.max(0, q.hi())) : q;
            }, origin);
            addGadget(new Gadget.DotRescale(origin, xs, ws, bias, shift, outRange, relu, out));
            return out;
        }

        /**
         * C = A·B (row-major, m×n by n×p), checked by Freivalds (see {@link Gadget.MatMul}); C's intervals are
         * those the m·p dot products would have.
         */
        public int[] matmul(String origin, int m, int n, int p, int[] a, int[] b) {
            int[] out = computed(m * p, o -> {
                int i = o / p;
                int j = o % p;
                long lo = 0;
                long hi = 0;
                for (int k = 0; k < n; k++) {
                    Interval x = intervals.get(a[i * n + k]);
                    Interval w = intervals.get(b[k * p + j]);
                    long c1 = Math.multiplyExact(x.lo(), w.lo());
                    long c2 = Math.multiplyExact(x.lo(), w.hi());
                    long c3 = Math.multiplyExact(x.hi(), w.lo());
                    long c4 = Math.multiplyExact(x.hi(), w.hi());
                    lo = Math.addExact(lo, Math.min(Math.min(c1, c2), Math.min(c3, c4)));
                    hi = Math.addExact(hi, Math.max(Math.max(c1, c2), Math.max(c3, c4)));
                }
                return new Interval(lo, hi);
            }, origin);
            addGadget(new Gadget.MatMul(origin, m, n, p, a, b, out));
            return out;
        }

        public int[] linear(String origin, int[] a, int[] b, long ca, long cb, long k) {
            int[] out = computed(a.length, i -> {
                Interval r = intervals.get(a[i]).scale(ca).add(Interval.point(k));
                return b == null ? r : r.add(intervals.get(b[i]).scale(cb));
            }, origin);
            addGadget(new Gadget.Linear(origin, a, b, ca, cb, k, out));
            return out;
        }

        public int[] mul(String origin, int[] a, int[] b) {
            int[] out = computed(a.length, i -> intervals.get(a[i]).mul(intervals.get(b[i])), origin);
            addGadget(new Gadget.Mul(origin, a, b, out));
            return out;
        }

        public int[] sum(String origin, int[][] terms) {
            int[] out = computed(terms.length, i -> {
                Interval acc = Interval.point(0);
                for (int t : terms[i]) {
                    acc = acc.add(intervals.get(t));
                }
                return acc;
            }, origin);
            addGadget(new Gadget.Sum(origin, terms, out));
            return out;
        }

        /** divRound by a positive constant; the quotient is range-checked to {@code outRange}. */
        public int[] divRound(String origin, int[] in, long divisor, Interval outRange) {
            int[] out = computed(in.length, i -> outRange, origin);
            addGadget(new Gadget.DivRound(origin, in, divisor, outRange, out));
            return out;
        }

        /** rescale(v, d) = divRound(v, 2^d); d = 0 is the identity and adds no gadget. */
        public int[] rescale(String origin, int[] in, int d, Interval outRange) {
            if (d < 0) {
                throw new GadgetException(origin + ": negative rescale " + d + " (scale up with linear)");
            }
            if (d == 0) {
                return in;
            }
            if (d > 40) {
                throw new GadgetException(origin + ": rescale by 2^" + d + " is too large (at most 2^40)");
            }
            return divRound(origin, in, 1L << d, outRange);
        }

        public int[] divVar(String origin, int[] num, int[] den, Interval outRange) {
            int[] out = computed(num.length, i -> outRange, origin);
            addGadget(new Gadget.DivVar(origin, num, den, outRange, out));
            return out;
        }

        public void rangeCheck(String origin, int[] wires, Interval range) {
            addGadget(new Gadget.RangeCheck(origin, wires, range));
        }

        /**
         * Range-checks every wire to {@code range} and narrows its interval to the intersection, so the
         * gadgets that read it after this size their own checks from the tighter bound. Sound wherever the
         * check sits in the program: the circuit enforces all of its constraints at once.
         */
        public void narrow(String origin, int[] wires, Interval range) {
            addGadget(new Gadget.RangeCheck(origin, wires.clone(), range));
            for (int w : wires) {
                Interval iv = intervals.get(w);
                long lo = Math.max(iv.lo(), range.lo());
                long hi = Math.min(iv.hi(), range.hi());
                intervals.set(w, lo <= hi ? new Interval(lo, hi) : range);
            }
        }

        public int[] lookup(String origin, int table, int[] in) {
            Interval r = tables.get(table).range();
            int[] out = computed(in.length, i -> r, origin);
            addGadget(new Gadget.Lookup(origin, table, in, out));
            return out;
        }

        public int[] max(String origin, int[] a, int[] b) {
            int[] out = computed(a.length, i -> new Interval(
                    Math.max(intervals.get(a[i]).lo(), intervals.get(b[i]).lo()),
                    Math.max(intervals.get(a[i]).hi(), intervals.get(b[i]).hi())), origin);
            addGadget(new Gadget.Max(origin, a, b, false, out));
            return out;
        }

        public int[] min(String origin, int[] a, int[] b) {
            int[] out = computed(a.length, i -> new Interval(
                    Math.min(intervals.get(a[i]).lo(), intervals.get(b[i]).lo()),
                    Math.min(intervals.get(a[i]).hi(), intervals.get(b[i]).hi())), origin);
            addGadget(new Gadget.Max(origin, a, b, true, out));
            return out;
        }

        /** 1 where a >= b, else 0. */
        public int[] compare(String origin, int[] a, int[] b) {
            int[] out = computed(a.length, i -> new Interval(0, 1), origin);
            addGadget(new Gadget.Compare(origin, a, b, out));
            return out;
        }

        public GadgetProgram build() {
            return new GadgetProgram(this);
        }
    }
}
