package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.backend.Backend;
import dev.zkmlc.circuit.backend.Capabilities;
import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.backend.LayoutStats;
import dev.zkmlc.circuit.cs.CellList;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.Copies;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.backend.CompiledCircuit.PublicValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The halo2-style backend: wide rows of W advice columns with custom gates that use the width (a
 * dot product of (W-2)/2 pairs per row with a running sum across rows), a tagged lookup table in
 * fixed columns serving both range checks and nonlinearities, copy constraints between gadgets,
 * and one instance column for public inputs then public outputs.
 *
 * <p>Usage: {@code new Halo2StyleBackend().layout(program, LayoutOptions.defaults()).witness(inputs)}.
 */
public final class Halo2StyleBackend implements Backend {
    /** div-var and max groups take five cells. */
    public static final int MIN_WIDTH = 5;

    /**
     * Rows of the Poseidon chain that hashes {@code length} values (a hashed tensor's cost); they sit
     * on the chain's own columns, beside the wide rows.
     */
    public static int hashRows(int length) {
        return HashChains.rows(length);
    }

    @Override
    public String name() {
        return "halo2-style";
    }

    @Override
    public Capabilities capabilities(LayoutOptions options) {
        return new Capabilities(options.width(), true, true, 5, true, true);
    }

    @Override
    public CompiledCircuit layout(GadgetProgram program, LayoutOptions options) {
        Layout layout = Layouter.place(program, options.width(), options.tableBits(), options.tableSegments(), true);
        ConstraintSystemBuilder cb = ConstraintSystem.builder();
        Shape shape = new Shape(cb, layout);
        // Fixed columns are handed over as arrays (trimmed of trailing zeros, as cell-by-cell
        // assignment of the non-zero values would leave them), then dropped from the layout.
        for (Map.Entry<Fixed, Layout.LongList> e : layout.fixed.entrySet()) {
            Column c = shape.fixedIfPresent(e.getKey());
            if (c != null) {
                setFixedColumn(cb, c, e.getValue());
            }
        }
        for (int j = 0; j < layout.weights.length; j++) {
            if (layout.weights[j] != null) {
                setFixedColumn(cb, shape.weight[j], layout.weights[j]);
            }
        }
        for (int j = 0; j < shape.matrix.length; j++) {
            setFixedColumn(cb, shape.matrix[j], layout.matrixWeights.get(j));
        }
        for (Map.Entry<Layout.ShapedGate, Layout.LongList> e : layout.shapedSelectors.entrySet()) {
            setFixedColumn(cb, shape.shapedSelector.get(e.getKey()), e.getValue());
        }
        for (int seg = 0; seg < layout.segmentTables.size(); seg++) {
            for (int c = 0; c < 3; c++) {
                setFixedColumn(cb, shape.segmentColumns.get(seg)[c], layout.segmentTables.get(seg)[c]);
            }
        }
        layout.dropFixed();
        // Rewrite the layout's packed copies in place into the builder's packing, then hand them over.
        long[] ca = layout.copyA.array();
        long[] cbs = layout.copyB.array();
        int copies = layout.copyA.size();
        for (int i = 0; i < copies; i++) {
            ca[i] = shape.packed(ca[i]);
            cbs[i] = shape.packed(cbs[i]);
        }
        cb.copies(ca, cbs, copies);
        for (var r : layout.regions) {
            cb.region(r.name(), r.origin(), r.firstRow(), r.rowCount());
        }
        if (shape.hashes != null) {
            shape.hashes.layout(cb, shape.instance, layout.publicValues.size(), shape::cell);
        }
        int blind = cb.defaultBlindingRows();
        cb.k(Math.max(Math.max(1, options.minK()), ConstraintSystemBuilder.minimumK(shape.rowsNeeded(), blind)));
        ConstraintSystem cs = cb.build();
        LayoutStats stats = stats(layout, shape, options, cs.k(), cs.degree());

        Layout.IntList cellCol = layout.cellCol;
        Layout.IntList cellRow = layout.cellRow;
        Layout.IntList cellSrc = layout.cellSrc;
        BitSet padding = layout.padding;
        AuxRules auxRules = layout.aux;
        List<PublicValue> publicValues = layout.publicValues;
        Column[] advice = shape.advice;
        Column instance = shape.instance;
        HashChains hashes = shape.hashes;
        Supplier<List<CellRef>> dependent = () -> {
            int n = cellCol.size();
            long[] cells = new long[n - padding.cardinality()];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!padding.get(i)) {
                    cells[m++] = Copies.pack(ColumnKind.ADVICE, advice[cellCol.get(i)].index(), cellRow.get(i));
                }
            }
            return new CellList(cs, cells, m);
        };
        // The filler keeps only what it reads (not the layout, whose fixed values and copies now
        // live in the constraint system).
        CompiledCircuit.WitnessFiller filler = wires -> {
            long[] aux = auxRules.evaluate(wires);
            Witness.Builder wb = Witness.builder();
            for (int i = 0; i < cellCol.size(); i++) {
                int src = cellSrc.get(i);
                wb.set(advice[cellCol.get(i)], cellRow.get(i), src >= 0 ? wires[src] : aux[-src - 1]);
            }
            for (var pv : publicValues) {
                wb.set(instance, pv.row(), wires[pv.wire()]);
            }
            if (hashes != null) {
                hashes.assign(wb, wires, instance, publicValues.size());
            }
            return wb.build();
        };
        if (shape.ev == null) {
            return new CompiledCircuit(program, cs, stats, publicValues, dependent, filler);
        }
        FreivaldsWitness phaseOne = new FreivaldsWitness(cs, shape.advice, shape.fv, shape.gv, shape.ev,
                layout.freivaldsFirst, layout.freivaldsLast, shape.fixed, shape.matrix);
        return new CompiledCircuit(program, cs, stats, publicValues, dependent, filler, phaseOne::complete);
    }

    private static void setFixedColumn(ConstraintSystemBuilder cb, Column c, Layout.LongList values) {
        int n = values.size();
        long[] a = values.array();
        while (n > 0 && a[n - 1] == 0) {
            n--;
        }
        // The constraint system keeps the array: trim growth slack first (one column at a time).
        cb.fixedColumn(c, a.length > n + n / 4 + 64 ? Arrays.copyOf(a, n) : a, n);
    }

    @Override
    public LayoutStats dryRun(GadgetProgram program, LayoutOptions options) {
        Layout layout = Layouter.place(program, options.width(), options.tableBits(), options.tableSegments(), false);
        ConstraintSystemBuilder cb = ConstraintSystem.builder();
        Shape shape = new Shape(cb, layout);
        int blind = cb.defaultBlindingRows();
        int k = Math.max(Math.max(1, options.minK()), ConstraintSystemBuilder.minimumK(shape.rowsNeeded(), blind));
        int degree = layout.copies > 0 ? ConstraintSystem.PERMUTATION_DEGREE : 1;
        for (Gate g : shape.gates) {
            degree = Math.max(degree, g.degree());
        }
        for (Lookup l : shape.lookups) {
            degree = Math.max(degree, l.degree());
        }
        if (shape.hashes != null) {
            degree = Math.max(degree, shape.hashes.degree);
        }
        return stats(layout, shape, options, k, degree);
    }

    /**
     * A floor under the program's rows ({@link Layouter#rowsFloor}) and the k it needs with the fewest blinding rows
     * any layout reserves; W advice columns, all in the permutation, and the instance column when a value is public
     * (in the permutation too); W/2 lookups of degree 5 when some gadget checks a range or looks a value up ({@link
     * Layouter#checksOrLooksUp}); the gates and fixed columns of {@link Layouter#gatesAndFixedFloor}. Every layout
     * has at least these.
     */
    @Override
    public LayoutStats statsFloor(GadgetProgram program, LayoutOptions options) {
        int w = options.width();
        if (w < MIN_WIDTH) {
            return null;
        }
        long rows = Layouter.rowsFloor(program, w, options.tableBits());
        int k = rows + FEWEST_BLINDING_ROWS + 1 > (1L << ConstraintSystemBuilder.MAX_K) ? ConstraintSystemBuilder.MAX_K
                : ConstraintSystemBuilder.minimumK((int) rows, FEWEST_BLINDING_ROWS);
        k = Math.max(options.minK(), k);
        boolean lookups = Layouter.checksOrLooksUp(program);
        int publicValues = 0;
        for (GadgetProgram.TensorWires t : program.inputs()) {
            publicValues += t.isPublic() ? t.size() : 0;
        }
        for (GadgetProgram.TensorWires t : program.outputs()) {
            publicValues += t.isPublic() ? t.size() : 0;
        }
        int instance = publicValues > 0 ? 1 : 0;
        int[] gatesAndFixed = Layouter.gatesAndFixedFloor(program, w, options.tableBits());
        // Shape's lookups have inputs of degree 2 (selector times advice) into a degree-1 table: 2 + 2 + 1.
        return new LayoutStats(name(), w, k, (int) Math.min(Integer.MAX_VALUE, rows), 0, w, gatesAndFixed[1], instance,
                publicValues, gatesAndFixed[0], lookups ? w / 2 : 0, 0, w + instance, lookups ? 5 : 0, 0);
    }

    /** Blinding rows a layout reserves at the least ({@link ConstraintSystemBuilder#defaultBlindingRows}: 3 + 2). */
    private static final int FEWEST_BLINDING_ROWS = 5;

    private LayoutStats stats(Layout layout, Shape shape, LayoutOptions options, int k, int degree) {
        HashChains h = shape.hashes;
        int hashCount = layout.hashed.size();
        long hashCopies = 0;
        for (Layout.Hashed t : layout.hashed) {
            hashCopies += t.wires().length + 1;
        }
        return new LayoutStats(name(), options.width(), k, Math.max(layout.rows, h == null ? 0 : h.rows), layout.tableRows,
                shape.advice.length + shape.phaseOneColumns() + (h == null ? 0 : h.adviceColumns),
                shape.fixedColumnCount() + (h == null ? 0 : h.fixedColumns), shape.instance == null ? 0 : 1,
                layout.publicValues.size() + hashCount, shape.gates.size() + (h == null ? 0 : h.gates),
                shape.lookups.size(), layout.copies + hashCopies, shape.equalityColumns + (h == null ? 0 : h.equalityColumns),
                degree, layout.cells, shape.phaseOneColumns(), layout.tableSegments);
    }

    /** Declares the columns, gates and lookups a layout uses (only the gate kinds it placed). */
    private static final class Shape {
        final Column[] advice;
        final Map<Fixed, Column> fixed = new EnumMap<>(Fixed.class);
        final Map<Layout.ShapedGate, Column> shapedSelector = new LinkedHashMap<>();
        /** The table columns (tag, x, y) of segments 1.. (segment 0 is T_TAG, T_X, T_Y). */
        final List<Column[]> segmentColumns = new ArrayList<>();
        final Column[] weight;
        /** The matrix columns of fixed-weight Freivalds checks ({@link Layout#matrixWeights}), W_j entering with r^j. */
        final Column[] matrix;
        final Column instance;
        /**
         * The Freivalds checks' phase-1 columns (running Horner value, its multiplier, running difference) and
         * challenges; null without them (f, g and s also when every check has fixed weights: those need e and r alone).
         */
        final Column fv;
        final Column gv;
        final Column ev;
        final Expression r;
        final Expression s;
        final List<Gate> gates = new ArrayList<>();
        final List<Lookup> lookups = new ArrayList<>();
        /** The Poseidon chains of hashed tensors, on their own columns; null when nothing is hashed. */
        final HashChains hashes;
        final int layoutRows;
        int equalityColumns;
        private final ConstraintSystemBuilder cb;

        Shape(ConstraintSystemBuilder cb, Layout layout) {
            this.cb = cb;
            int w = layout.width;
            advice = new Column[w];
            for (int i = 0; i < w; i++) {
                advice[i] = cb.advice("a" + i);
                cb.enableEquality(advice[i]);
            }
            equalityColumns = w;
            if (layout.freivaldsFirst.size() > 0) {
                // Checks with fixed weights (Q_FX) or weights checked in place (Q_FW) need no Horner chain: e alone.
                boolean chains = layout.usedGates.contains(Fixed.Q_FR);
                fv = chains ? cb.advice("freivalds_f", 1) : null;
                gv = chains ? cb.advice("freivalds_g", 1) : null;
                ev = cb.advice("freivalds_e", 1);
                r = cb.challenge("freivalds_r");
                s = chains ? cb.challenge("freivalds_s") : null;
            } else {
                fv = null;
                gv = null;
                ev = null;
                r = null;
                s = null;
            }
            weight = new Column[w];
            matrix = new Column[layout.matrixWeights.size()];
            for (int j = 0; j < matrix.length; j++) {
                matrix[j] = cb.fixed("fmw" + j);
            }
            boolean usesConst = layout.fixed.containsKey(Fixed.CONST);
            if (usesConst) {
                cb.enableEquality(col(Fixed.CONST));
                equalityColumns++;
            }
            if (!layout.publicValues.isEmpty() || !layout.hashed.isEmpty()) {
                instance = cb.instance("instance");
                cb.enableEquality(instance);
                equalityColumns++;
            } else {
                instance = null;
            }
            for (Fixed sel : layout.usedGates) {
                addGate(sel, layout);
            }
            for (Layout.ShapedGate g : layout.shapedSelectors.keySet()) {
                Column selector = cb.fixed("q_" + g.gateName());
                shapedSelector.put(g, selector);
                if (g instanceof Layout.DecShape d) {
                    addDecomposeGate(d, selector, layout.width);
                } else if (g instanceof Layout.DotShape d) {
                    addPackedDotGate(d, selector, layout.width);
                } else if (g instanceof Layout.FusedShape f) {
                    addFusedGate(f, selector, layout.width);
                } else if (g instanceof Layout.TailShape t) {
                    addTailGate(t, selector, layout.width);
                }
            }
            if (layout.usesLookups) {
                Expression tag = col(Fixed.L_TAG).cur();
                Expression s = col(Fixed.L_S).cur();
                Expression b = col(Fixed.L_B).cur();
                Expression e = col(Fixed.L_E).cur();
                List<List<Expression>> segments = new ArrayList<>();
                segments.add(List.of(col(Fixed.T_TAG).cur(), col(Fixed.T_X).cur(), col(Fixed.T_Y).cur()));
                for (int seg = 1; seg < layout.tableSegments; seg++) {
                    Column[] t = {cb.fixed("t_tag_" + seg), cb.fixed("t_x_" + seg), cb.fixed("t_y_" + seg)};
                    segmentColumns.add(t);
                    segments.add(List.of(t[0].cur(), t[1].cur(), t[2].cur()));
                }
                for (int j = 0; j < w / 2; j++) {
                    Lookup l = new Lookup("lookup" + j, List.of(tag, s.times(a(2 * j)).minus(b), e.times(a(2 * j + 1))),
                            segments);
                    lookups.add(l);
                    cb.lookup(l);
                }
            }
            hashes = HashChains.configure(cb, layout);
            layoutRows = layout.rowsNeeded();
        }

        /** Rows of the wide layout or of the hash chains, whichever is more. */
        int rowsNeeded() {
            return Math.max(layoutRows, hashes == null ? 0 : hashes.rows);
        }

        Column col(Fixed f) {
            return fixed.computeIfAbsent(f, x -> cb.fixed(x.name().toLowerCase()));
        }

        /** Phase-1 advice columns. */
        int phaseOneColumns() {
            return (fv == null ? 0 : 1) + (gv == null ? 0 : 1) + (ev == null ? 0 : 1);
        }

        /** Σ_c a_c·ρ^(W-1-c), by Horner's rule. */
        private Expression hornerRow(Expression rho, int w) {
            Expression acc = a(0);
            for (int c = 1; c < w; c++) {
                acc = acc.times(rho).plus(a(c));
            }
            return acc;
        }

        private static Expression power(Expression rho, int e) {
            Expression acc = rho;
            for (int i = 1; i < e; i++) {
                acc = acc.times(rho);
            }
            return acc;
        }

        int fixedColumnCount() {
            int n = fixed.size() + shapedSelector.size() + 3 * segmentColumns.size() + matrix.length;
            for (Column c : weight) {
                n += c == null ? 0 : 1;
            }
            return n;
        }

        Column fixedIfPresent(Fixed f) {
            return fixed.get(f);
        }

        Expression a(int i) {
            return advice[i].cur();
        }

        /** A layout-packed cell ({@link Layout#cell}) in the constraint system's packing ({@link Copies#pack}). */
        long packed(long layoutCell) {
            int col = Layout.cellColumn(layoutCell);
            int row = Layout.cellRow(layoutCell);
            if (col == Layout.CONST_COLUMN) {
                return Copies.pack(fixed.get(Fixed.CONST), row);
            }
            if (col == Layout.INSTANCE_COLUMN) {
                return Copies.pack(instance, row);
            }
            return Copies.pack(advice[col], row);
        }

        CellRef cell(int col, int row) {
            if (col == Layout.CONST_COLUMN) {
                return new CellRef(fixed.get(Fixed.CONST), row);
            }
            if (col == Layout.INSTANCE_COLUMN) {
                return new CellRef(instance, row);
            }
            return new CellRef(advice[col], row);
        }

        private void add(String name, List<Expression> constraints) {
            Gate g = new Gate(name, constraints);
            gates.add(g);
            cb.gate(g);
        }

        /**
         * sgn * x - base = sum_j limb_j 2^(limbBits j), C1 and C2 holding sgn and base; one-bit limbs are also
         * held to 0 or 1 here (they are not looked up).
         */
        private void addDecomposeGate(Layout.DecShape d, Column selector, int w) {
            Expression q = selector.cur();
            Expression c1 = col(Fixed.C1).cur();
            Expression c2 = col(Fixed.C2).cur();
            int size = d.limbs() + 1;
            List<Expression> cs = new ArrayList<>();
            for (int g = 0; g < (d.packed() ? w / size : 1); g++) {
                Expression value = d.packed() ? a(g * size) : a(w - 1);
                List<Expression> limbs = new ArrayList<>();
                for (int j = 0; j < d.limbs(); j++) {
                    Expression limb = d.packed() ? a(g * size + 1 + j) : advice[j % (w - 1)].rot(j / (w - 1));
                    limbs.add(limb.times(Fr.of(2).pow((long) d.limbBits() * j)));
                    if (d.limbBits() == 1) {
                        cs.add(q.times(limb.times(Expression.constant(1).minus(limb))));
                    }
                }
                cs.add(q.times(c1.times(value).minus(c2).minus(Expression.sum(limbs))));
            }
            add(d.gateName(), cs);
        }

        /** Each segment: result = bias + sum of its products (weights from the fixed weight columns when fixed). */
        private void addPackedDotGate(Layout.DotShape d, Column selector, int w) {
            Expression q = selector.cur();
            int size = d.size();
            List<Expression> cs = new ArrayList<>();
            for (int g = 0; g + size <= w; g += size) {
                List<Expression> terms = new ArrayList<>();
                for (int j = 0; j < d.terms(); j++) {
                    terms.add(d.fixedWeights() ? a(g + j).times(weightColumn(g + j).cur())
                            : a(g + 2 * j).times(a(g + 2 * j + 1)));
                }
                cs.add(q.times(a(g + size - 1).minus(a(g + size - 2)).minus(Expression.sum(terms))));
            }
            add(d.gateName(), cs);
        }

        /**
         * The last row of a fused dense output: acc = carry + the row's products, and 2 acc + c - 2c q - r = 0 with
         * c = 2^shift; with relu q = (2b - 1) t + b - 1 for the sign bit b (b boolean) and the output y = b t. Degree 3
         * (selector times a product of two cells).
         */
        private void addFusedGate(Layout.FusedShape f, Column selector, int w) {
            Expression s = selector.cur();
            List<Expression> terms = new ArrayList<>();
            for (int j = 0; j < f.lastRowTerms(w); j++) {
                terms.add(f.fixedWeights() ? a(j).times(weightColumn(j).cur()) : a(2 * j).times(a(2 * j + 1)));
            }
            Expression acc = a(w - 1);
            List<Expression> cs = new ArrayList<>();
            cs.add(s.times(terms.isEmpty() ? acc.minus(a(w - 2)) : acc.minus(a(w - 2)).minus(Expression.sum(terms))));
            tailConstraints(cs, s, acc, f.relu(), f.shift(), f.tailColumn(w));
            add(f.gateName(), cs);
        }

        /** Each group of a tail row: the tail constraints over (acc, tail cells...) side by side. */
        private void addTailGate(Layout.TailShape t, Column selector, int w) {
            Expression s = selector.cur();
            List<Expression> cs = new ArrayList<>();
            for (int g = 0; g + t.groupCells() <= w; g += t.groupCells()) {
                tailConstraints(cs, s, a(g), t.relu(), t.shift(), g + 1);
            }
            add(t.gateName(), cs);
        }

        /**
         * 2 acc + c - 2c q - r = 0 (c = 2^shift) over the tail from column tc: (r, q), or with relu (r, b, t, y) with
         * q = (2b - 1) t + b - 1, b (1 - b) = 0 and y = b t.
         */
        private void tailConstraints(List<Expression> cs, Expression s, Expression acc, boolean relu, int shift, int tc) {
            long c = 1L << shift;
            Expression r = a(tc);
            Expression q;
            if (relu) {
                Expression bit = a(tc + 1);
                Expression t = a(tc + 2);
                Expression y = a(tc + 3);
                cs.add(s.times(bit.times(Expression.constant(1).minus(bit))));
                cs.add(s.times(y.minus(bit.times(t))));
                q = bit.times(t).times(2).minus(t).plus(bit).minus(1);
            } else {
                q = a(tc + 1);
            }
            cs.add(s.times(acc.times(2).plus(c).minus(q.times(2 * c)).minus(r)));
        }

        /** The fixed weight column multiplying advice column j (made when a gate first needs it). */
        Column weightColumn(int j) {
            if (weight[j] == null) {
                weight[j] = cb.fixed("fw" + j);
            }
            return weight[j];
        }

        private void addGate(Fixed sel, Layout layout) {
            int w = layout.width;
            Expression q = col(sel).cur();
            List<Expression> cs = new ArrayList<>();
            switch (sel) {
                case Q_DOT: {
                    List<Expression> terms = new ArrayList<>();
                    for (int j = 0; j < (w - 2) / 2; j++) {
                        terms.add(a(2 * j).times(a(2 * j + 1)));
                    }
                    cs.add(q.times(a(w - 1).minus(a(w - 2)).minus(Expression.sum(terms))));
                    add("dot", cs);
                    break;
                }
                case Q_DOTF: {
                    List<Expression> terms = new ArrayList<>();
                    for (int j = 0; j < w - 2; j++) {
                        terms.add(a(j).times(weightColumn(j).cur()));
                    }
                    cs.add(q.times(a(w - 1).minus(a(w - 2)).minus(Expression.sum(terms))));
                    add("dot_fixed", cs);
                    break;
                }
                case Q_CHAIN:
                    cs.add(q.times(a(w - 2).minus(advice[w - 1].prev())));
                    add("chain", cs);
                    break;
                case Q_SUM: {
                    List<Expression> terms = new ArrayList<>();
                    for (int j = 0; j < w - 2; j++) {
                        terms.add(a(j));
                    }
                    cs.add(q.times(a(w - 1).minus(a(w - 2)).minus(Expression.sum(terms))));
                    add("sum", cs);
                    break;
                }
                case Q_LIN: {
                    Expression c1 = col(Fixed.C1).cur();
                    Expression c2 = col(Fixed.C2).cur();
                    Expression c3 = col(Fixed.C3).cur();
                    for (int g = 0; g < w / 3; g++) {
                        cs.add(q.times(c1.times(a(3 * g)).plus(c2.times(a(3 * g + 1))).plus(c3).minus(a(3 * g + 2))));
                    }
                    add("linear", cs);
                    break;
                }
                case Q_MUL:
                    for (int g = 0; g < w / 3; g++) {
                        cs.add(q.times(a(3 * g).times(a(3 * g + 1)).minus(a(3 * g + 2))));
                    }
                    add("mul", cs);
                    break;
                case Q_DIV: {
                    Expression c = col(Fixed.C1).cur();
                    for (int g = 0; g < w / 3; g++) {
                        // 2v + c - 2c q - r = 0
                        cs.add(q.times(a(3 * g).times(2).plus(c).minus(c.times(a(3 * g + 1)).times(2)).minus(a(3 * g + 2))));
                    }
                    add("div_round", cs);
                    break;
                }
                case Q_DV:
                    for (int g = 0; g < w / 5; g++) {
                        Expression num = a(5 * g);
                        Expression den = a(5 * g + 1);
                        Expression quo = a(5 * g + 2);
                        Expression r = a(5 * g + 3);
                        Expression s = a(5 * g + 4);
                        cs.add(q.times(num.times(2).plus(den).minus(den.times(quo).times(2)).minus(r)));
                        cs.add(q.times(den.times(2).minus(1).minus(r).minus(s)));
                    }
                    add("div_var", cs);
                    break;
                case Q_MAX:
                case Q_MIN:
                    for (int g = 0; g < w / 5; g++) {
                        Expression x = a(5 * g);
                        Expression y = a(5 * g + 1);
                        Expression c = a(5 * g + 2);
                        Expression o = a(5 * g + 3);
                        Expression t = a(5 * g + 4);
                        Expression oneMinusC = Expression.constant(1).minus(c);
                        cs.add(q.times(c.times(oneMinusC)));
                        // c = [x >= y]; max = y + c (x - y), min = x + c (y - x)
                        cs.add(sel == Fixed.Q_MAX ? q.times(o.minus(y).minus(c.times(x.minus(y))))
                                : q.times(o.minus(x).minus(c.times(y.minus(x)))));
                        // t = c ? x - y : y - x - 1, and t is range-checked >= 0
                        cs.add(q.times(t.minus(c.times(2).minus(1).times(x.minus(y))).plus(oneMinusC)));
                    }
                    add(sel == Fixed.Q_MAX ? "max" : "min", cs);
                    break;
                case Q_CMP:
                    for (int g = 0; g < w / 4; g++) {
                        Expression x = a(4 * g);
                        Expression y = a(4 * g + 1);
                        Expression c = a(4 * g + 2);
                        Expression t = a(4 * g + 3);
                        Expression oneMinusC = Expression.constant(1).minus(c);
                        cs.add(q.times(c.times(oneMinusC)));
                        cs.add(q.times(t.minus(c.times(2).minus(1).times(x.minus(y))).plus(oneMinusC)));
                    }
                    add("compare", cs);
                    break;
                case Q_FS: {
                    // f = c·f[-1]·s^W + Σ a_c s^(W-1-c); and on every Freivalds row e = ce·e[-1] + end·f.
                    Expression c = col(Fixed.F_C).cur();
                    cs.add(q.times(fv.cur().minus(c.times(fv.prev()).times(power(s, w))).minus(hornerRow(s, w))));
                    add("freivalds_x", cs);
                    Expression rows = q.plus(col(Fixed.Q_FR).cur());
                    add("freivalds_e", List.of(rows.times(ev.cur().minus(col(Fixed.F_CE).cur().times(ev.prev()))
                            .minus(col(Fixed.F_END).cur().times(fv.cur())))));
                    break;
                }
                case Q_FR: {
                    Expression c = col(Fixed.F_C).cur();
                    cs.add(q.times(fv.cur().minus(c.times(fv.prev()).times(power(r, w)))
                            .minus(gv.cur().times(hornerRow(r, w)))));
                    add("freivalds_y", cs);
                    break;
                }
                case Q_FX: {
                    // e = ce·e[-1] + a0·Σ_j r^j M_j, the sum by Horner's rule from the highest power down.
                    Expression h = matrix[matrix.length - 1].cur();
                    for (int j = matrix.length - 2; j >= 0; j--) {
                        h = h.times(r).plus(matrix[j].cur());
                    }
                    cs.add(q.times(ev.cur().minus(col(Fixed.F_CE).cur().times(ev.prev())).minus(a(0).times(h))));
                    add("freivalds_fixed", cs);
                    break;
                }
                case Q_FW: {
                    // Input rows: e = ce·e[-1] + a1·h; the output row (Q_FWO): e = ce·e[-1] - h; h = Σ_j r^j a_2j.
                    Expression h = a(2 * (w / 2 - 1));
                    for (int j = w / 2 - 2; j >= 0; j--) {
                        h = h.times(r).plus(a(2 * j));
                    }
                    Expression out = col(Fixed.Q_FWO).cur();
                    Expression step = ev.cur().minus(col(Fixed.F_CE).cur().times(ev.prev()));
                    cs.add(q.plus(out).times(step).minus(q.times(a(1)).minus(out).times(h)));
                    add("freivalds_private", cs);
                    break;
                }
                case Q_FGY: {
                    // g = x_k, the A chain's result just above, carried along the B chain.
                    Expression c = col(Fixed.F_C).cur();
                    Expression one = Expression.constant(1);
                    cs.add(q.times(gv.cur().minus(c.times(gv.prev())).minus(one.minus(c).times(fv.prev()))));
                    add("freivalds_g_b", cs);
                    break;
                }
                case Q_FGC: {
                    // g = s^i: s times the previous C chain's g at a chain start, carried along the chain.
                    Expression c = col(Fixed.F_C).cur();
                    Expression one = Expression.constant(1);
                    cs.add(q.times(gv.cur().minus(gv.prev().times(c.plus(one.minus(c).times(s))))));
                    add("freivalds_g_c", cs);
                    break;
                }
                case Q_FG1:
                    cs.add(q.times(gv.cur().minus(1)));
                    add("freivalds_g_1", cs);
                    break;
                case Q_FFIN:
                    cs.add(q.times(ev.cur()));
                    add("freivalds_end", cs);
                    break;
                default:
                    throw new IllegalStateException("not a selector: " + sel);
            }
        }
    }
}
