package dev.zkmlc.backend.plonk;

import static dev.zkmlc.backend.plonk.PlonkLayout.A;
import static dev.zkmlc.backend.plonk.PlonkLayout.B;
import static dev.zkmlc.backend.plonk.PlonkLayout.C;
import static dev.zkmlc.backend.plonk.PlonkLayout.EMPTY;

import dev.zkmlc.circuit.backend.CompiledCircuit.PublicValue;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.circuit.gadget.RangeBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Places a gadget program into vanilla PLONK rows: three cells a, b, c per row and the one gate
 * qL·a + qR·b + qO·c + qM·a·b + qC = 0 with per-row coefficients. One pass does all placement, for a
 * dry run and a real layout alike; it records where values go (wire ids or auxiliary formulas),
 * never the values.
 *
 * <p>Fixed constants (weights bound by the circuit, structural zeros) are folded into the gate
 * coefficients wherever they meet a gate, so a dot product with fixed weights costs one row per
 * term; a constant that must sit in a cell is bound by a row {@code a - v = 0}. Range checks
 * decompose {@code sgn·x - base} into bits (booleanity rows plus a doubling chain), or, with the
 * lookup table, into table-bit limbs that are looked up on the chain rows themselves (unless the gadget's
 * checks are in bits, {@link RangeBase#BITS}). Each check has the limbs its own range needs.
 * Nonlinearities use the table, or without it a multiplexer tree over the bits of {@code x - lo}.
 */
final class PlonkLayouter {
    private static final int NO_HOME = -1;
    /** Rows of the largest domain (2^28) the field's roots of unity allow. */
    private static final int MAX_ROWS = 1 << 28;
    /** Without the table, a nonlinearity costs about 2^(bits + 1) rows per element: refuse wider domains. */
    static final int MAX_MUX_BITS = 20;

    /** A gate operand: a cell source, or a constant folded into the coefficients. */
    private record Op(int src, long value, boolean constant) {
        static Op cell(int src) {
            return new Op(src, 0, false);
        }

        static Op of(long v) {
            return new Op(EMPTY, v, true);
        }
    }

    private final GadgetProgram program;
    private final PlonkLayout out;
    private final boolean lookups;
    private final int tb;
    private final int[] wireHomeCol;
    private final int[] wireHomeRow;
    /** Home cells of aux values (only a real layout keeps them); a dry run keeps one bit per aux value. */
    private final PlonkLayout.IntList auxHomeCol = new PlonkLayout.IntList();
    private final PlonkLayout.IntList auxHomeRow = new PlonkLayout.IntList();
    private long[] auxPlaced = new long[16];
    private final int[] tableTag;
    /** The table segments asked for ({@link LayoutOptions#tableSegments}). */
    private final int segments;
    private String origin = "";

    private PlonkLayouter(GadgetProgram program, boolean lookups, int tableBits, int segments, boolean record) {
        this.program = program;
        this.segments = segments;
        this.lookups = lookups;
        this.tb = tableBits;
        this.out = new PlonkLayout(lookups, tableBits, record);
        this.wireHomeCol = new int[program.wireCount()];
        this.wireHomeRow = new int[program.wireCount()];
        Arrays.fill(wireHomeCol, NO_HOME);
        this.tableTag = new int[program.tables().size()];
        for (int t = 0; t < tableTag.length; t++) {
            tableTag[t] = tableBits + 2 + t;
        }
    }

    /** Places the program with its table (if any) in one segment. */
    static PlonkLayout place(GadgetProgram program, boolean lookups, int tableBits, boolean record) {
        return place(program, lookups, tableBits, 1, record);
    }

    /**
     * Places the program, its table (if any) spread over {@code segments} tuples of fixed columns; with
     * {@code record} false (a dry run) cells, copies and aux rules are only counted.
     */
    static PlonkLayout place(GadgetProgram program, boolean lookups, int tableBits, int segments, boolean record) {
        PlonkLayouter l = new PlonkLayouter(program, lookups, tableBits, segments, record);
        l.run();
        return l.out;
    }

    private void run() {
        for (int gi = 0; gi < program.gadgets().size(); gi++) {
            Gadget g = program.gadgets().get(gi);
            origin = g.origin();
            int limbBits = lookups && program.rangeBase(gi) == RangeBase.TABLE ? tb : 1;
            int first = out.rows;
            List<long[]> checks = new ArrayList<>();
            placeGadget(g, checks);
            if (out.rows > first) {
                out.regions.add(new Region(g.kind(), g.origin(), first, out.rows - first));
            }
            int mid = out.rows;
            for (long[] c : checks) {
                decompose((int) c[0], c[1], c[2], (int) c[3], limbBits);
            }
            if (out.rows > mid) {
                out.regions.add(new Region(g.kind() + "/range", g.origin(), mid, out.rows - mid));
            }
        }
        int first = out.rows;
        placePublic();
        placeHashed();
        if (out.rows > first) {
            out.regions.add(new Region("public", "public values", first, out.rows - first));
        }
        placeTables();
    }

    // ---- cells, rows and copies -----------------------------------------------------------------

    private int newRow() {
        if (out.rows >= MAX_ROWS) {
            throw new GadgetException(origin + ": the PLONK layout needs more than 2^28 rows;"
                    + (lookups ? "" : " the lookup table variant (--backend plonk) or") + " the halo2-style backend needs fewer");
        }
        return out.rows++;
    }

    private void copy(int colA, int rowA, int colB, int rowB) {
        out.addCopy(colA, rowA, colB, rowB);
    }

    /** Puts a source into a cell: the first placement is its home, later ones are copies of it. */
    private void put(int col, int row, int src) {
        out.setCell(col, row, src);
        if (src >= 0) {
            if (wireHomeCol[src] == NO_HOME) {
                if (program.isFixedConstant(src)) {
                    // A bound constant that has to sit in a cell: a row a - v = 0 is its home.
                    int r = newRow();
                    out.setCell(A, r, src);
                    out.setFixed(Selector.QL, r, 1);
                    out.setFixed(Selector.QC, r, negate(program.constantValue(src)));
                    wireHomeCol[src] = A;
                    wireHomeRow[src] = r;
                    copy(A, r, col, row);
                } else {
                    wireHomeCol[src] = col;
                    wireHomeRow[src] = row;
                }
            } else {
                copy(wireHomeCol[src], wireHomeRow[src], col, row);
            }
        } else {
            int id = -src - 1;
            if (!out.record) {
                if ((id >>> 6) >= auxPlaced.length) {
                    auxPlaced = Arrays.copyOf(auxPlaced, Math.max(2 * auxPlaced.length, (id >>> 6) + 1));
                }
                if ((auxPlaced[id >>> 6] & (1L << id)) == 0) {
                    auxPlaced[id >>> 6] |= 1L << id;
                } else {
                    copy(0, 0, col, row); // counted only
                }
            } else if (auxHomeCol.get(id) == EMPTY) {
                auxHomeCol.set(id, col);
                auxHomeRow.set(id, row);
            } else {
                copy(auxHomeCol.get(id), auxHomeRow.get(id), col, row);
            }
        }
    }

    private Op op(int wire) {
        return program.isFixedConstant(wire) ? Op.of(program.constantValue(wire)) : Op.cell(wire);
    }

    private long mul(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new GadgetException(origin + ": a gate coefficient exceeds 64 bits (" + a + " * " + b + ")");
        }
    }

    private long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new GadgetException(origin + ": a gate coefficient exceeds 64 bits (" + a + " + " + b + ")");
        }
    }

    private long negate(long a) {
        return mul(a, -1);
    }

    /**
     * One gate row {@code out = qL·x + qR·y + qM·x·y + qC} with out in c (qO = -1), constants folded
     * into the coefficients and operands with a zero coefficient left out. {@code outSrc} is a wire
     * or aux source; with {@code EMPTY} a fresh aux whose value the gate itself computes. Returns the
     * output source.
     */
    private int gate(Op x, Op y, long qL, long qR, long qM, long qC, int outSrc) {
        if (x != null && x.constant()) {
            qC = add(qC, mul(qL, x.value()));
            qR = add(qR, mul(qM, x.value()));
            qL = 0;
            qM = 0;
            x = null;
        }
        if (y != null && y.constant()) {
            qC = add(qC, mul(qR, y.value()));
            if (x != null) {
                qL = add(qL, mul(qM, y.value()));
            }
            qR = 0;
            qM = 0;
            y = null;
        }
        if (x != null && qL == 0 && qM == 0) {
            x = null;
        }
        if (y != null && qR == 0 && qM == 0) {
            y = null;
        }
        int row = newRow();
        if (x != null) {
            put(A, row, x.src());
        }
        if (y != null) {
            put(B, row, y.src());
        }
        out.setFixed(Selector.QL, row, qL);
        out.setFixed(Selector.QR, row, qR);
        out.setFixed(Selector.QM, row, qM);
        out.setFixed(Selector.QC, row, qC);
        out.setFixed(Selector.QO, row, -1);
        int target = outSrc == EMPTY ? out.auxGateOutput(row) : outSrc;
        put(C, row, target);
        return target;
    }

    /** A gate row whose output is a new aux value. */
    private int gateAux(Op x, Op y, long qL, long qR, long qM, long qC) {
        return gate(x, y, qL, qR, qM, qC, EMPTY);
    }

    /** A row constraining the cell source {@code v} to be boolean: v·v - v = 0. */
    private void boolRow(int v) {
        int row = newRow();
        put(A, row, v);
        put(B, row, v);
        out.setFixed(Selector.QM, row, 1);
        out.setFixed(Selector.QL, row, -1);
    }

    /** out = k + sum coef_j · op_j, as a chain of rows (two terms on the first row, one per row after). */
    private void linear(List<Op> ops, List<Long> coefs, long k, int outSrc) {
        List<Op> cells = new ArrayList<>();
        List<Long> cs = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op o = ops.get(i);
            long c = coefs.get(i);
            if (o.constant()) {
                k = add(k, mul(c, o.value()));
            } else if (c != 0) {
                cells.add(o);
                cs.add(c);
            }
        }
        int n = cells.size();
        if (n <= 2) {
            gate(n > 0 ? cells.get(0) : null, n > 1 ? cells.get(1) : null, n > 0 ? cs.get(0) : 0,
                    n > 1 ? cs.get(1) : 0, 0, k, outSrc);
            return;
        }
        int acc = gateAux(cells.get(0), cells.get(1), cs.get(0), cs.get(1), 0, k);
        for (int i = 2; i < n; i++) {
            acc = gate(Op.cell(acc), cells.get(i), 1, cs.get(i), 0, 0, i == n - 1 ? outSrc : EMPTY);
        }
    }

    // ---- gadgets ----------------------------------------------------------------------------------

    private void placeGadget(Gadget g, List<long[]> checks) {
        if (g instanceof Gadget.Dot d) {
            placeDot(d);
        } else if (g instanceof Gadget.Sum s) {
            for (int i = 0; i < s.out().length; i++) {
                List<Op> ops = new ArrayList<>();
                List<Long> cs = new ArrayList<>();
                for (int t : s.terms()[i]) {
                    ops.add(op(t));
                    cs.add(1L);
                }
                linear(ops, cs, 0, s.out()[i]);
            }
        } else if (g instanceof Gadget.Linear l) {
            for (int i = 0; i < l.out().length; i++) {
                List<Op> ops = new ArrayList<>(List.of(op(l.a()[i])));
                List<Long> cs = new ArrayList<>(List.of(l.ca()));
                if (l.b() != null) {
                    ops.add(op(l.b()[i]));
                    cs.add(l.cb());
                }
                linear(ops, cs, l.k(), l.out()[i]);
            }
        } else if (g instanceof Gadget.Mul m) {
            for (int i = 0; i < m.out().length; i++) {
                gate(op(m.a()[i]), op(m.b()[i]), 0, 0, 1, 0, m.out()[i]);
            }
        } else if (g instanceof Gadget.DivRound d) {
            placeDivRound(d, checks);
        } else if (g instanceof Gadget.DivVar d) {
            placeDivVar(d, checks);
        } else if (g instanceof Gadget.Max m) {
            placeMax(m, checks);
        } else if (g instanceof Gadget.Compare c) {
            placeCompare(c, checks);
        } else if (g instanceof Gadget.Lookup l) {
            placeLookup(l);
        } else if (g instanceof Gadget.RangeCheck r) {
            for (int wire : r.wires()) {
                range(checks, wire, r.range());
            }
        } else {
            throw new IllegalStateException("unknown gadget " + g.kind());
        }
    }

    /** Terms in the gadget's own order (bias first), so every partial sum is a prefix the builder bounded. */
    private void placeDot(Gadget.Dot d) {
        for (int i = 0; i < d.out().length; i++) {
            List<Op> ops = new ArrayList<>();
            List<Long> cs = new ArrayList<>();
            ops.add(op(d.bias()[i]));
            cs.add(1L);
            int[] xs = d.xs()[i];
            int[] ws = d.ws()[i];
            for (int j = 0; j < xs.length; j++) {
                Op x = op(xs[j]);
                Op w = op(ws[j]);
                if (w.constant()) {
                    ops.add(x);
                    cs.add(w.value());
                } else if (x.constant()) {
                    ops.add(w);
                    cs.add(x.value());
                } else {
                    ops.add(Op.cell(gateAux(x, w, 0, 0, 1, 0)));
                    cs.add(1L);
                }
            }
            linear(ops, cs, 0, d.out()[i]);
        }
    }

    /** 2v + c = 2c·q + r: one row r = 2v - 2c·q + c, with q and r range-checked. */
    private void placeDivRound(Gadget.DivRound d, List<long[]> checks) {
        long c = d.divisor();
        for (int i = 0; i < d.out().length; i++) {
            int q = d.out()[i];
            int r = gateAux(op(d.in()[i]), op(q), 2, negate(mul(2, c)), 0, c);
            range(checks, q, d.outRange());
            range(checks, r, new Interval(0, 2 * c - 1));
        }
    }

    /** e = den - 2 den q; r = 2 num + e; s = 2 den - 1 - r; r, s >= 0, den in [1, hi], q in range. */
    private void placeDivVar(Gadget.DivVar d, List<long[]> checks) {
        for (int i = 0; i < d.out().length; i++) {
            int q = d.out()[i];
            Op den = op(d.den()[i]);
            int e = gateAux(den, op(q), 1, 0, -2, 0);
            int r = gateAux(op(d.num()[i]), Op.cell(e), 2, 1, 0, 0);
            int s = gateAux(den, Op.cell(r), 2, -1, 0, -1);
            long denHi = Math.max(1, program.interval(d.den()[i]).hi());
            range(checks, q, d.outRange());
            range(checks, d.den()[i], new Interval(1, denHi));
            int bits = Interval.bitsFor(mul(2, denHi) - 1);
            checks.add(new long[] {r, 1, 0, bits});
            checks.add(new long[] {s, 1, 0, bits});
        }
    }

    /**
     * c = [a >= b] boolean, D = a - b, t = (2c - 1) D + c - 1 >= 0 (range-checked), M = c D, and
     * max = b + M, min = a - M. c follows the claimed output, so a wrong claim leaves t negative.
     */
    private void placeMax(Gadget.Max m, List<long[]> checks) {
        for (int i = 0; i < m.out().length; i++) {
            int a = m.a()[i];
            int bw = m.b()[i];
            int o = m.out()[i];
            int chosen = m.min() ? bw : a;
            int c = out.auxEqual(o, chosen);
            boolRow(c);
            int diff = gateAux(op(a), op(bw), 1, -1, 0, 0);
            int t = gateAux(Op.cell(c), Op.cell(diff), 1, -1, 2, -1);
            int prod = gateAux(Op.cell(c), Op.cell(diff), 0, 0, 1, 0);
            if (m.min()) {
                gate(op(a), Op.cell(prod), 1, -1, 0, 0, o);
            } else {
                gate(op(bw), Op.cell(prod), 1, 1, 0, 0, o);
            }
            checks.add(new long[] {t, 1, 0, Interval.bitsFor(tMax(a, bw))});
        }
    }

    private long tMax(int a, int b) {
        Interval ia = program.interval(a);
        Interval ib = program.interval(b);
        return Math.max(0, Math.max(Math.subtractExact(ia.hi(), ib.lo()),
                Math.subtractExact(Math.subtractExact(ib.hi(), ia.lo()), 1)));
    }

    private void placeCompare(Gadget.Compare g, List<long[]> checks) {
        for (int i = 0; i < g.out().length; i++) {
            int a = g.a()[i];
            int bw = g.b()[i];
            int c = g.out()[i];
            boolRow(c);
            int diff = gateAux(op(a), op(bw), 1, -1, 0, 0);
            int t = gateAux(Op.cell(c), Op.cell(diff), 1, -1, 2, -1);
            checks.add(new long[] {t, 1, 0, Interval.bitsFor(tMax(a, bw))});
        }
    }

    private void placeLookup(Gadget.Lookup l) {
        LookupTable t = program.tables().get(l.table());
        for (int i = 0; i < l.out().length; i++) {
            if (lookups) {
                out.usesTable = true;
                int row = newRow();
                put(B, row, l.in()[i]);
                put(C, row, l.out()[i]);
                out.setFixed(Selector.QK, row, 1);
                out.setFixed(Selector.QY, row, 1);
                out.setFixed(Selector.QT, row, tableTag[l.table()]);
            } else {
                muxLookup(t, l.in()[i], l.out()[i]);
            }
        }
    }

    /**
     * y = f(x) without a table: the bits of x - lo (from its range check) select the value through a
     * multiplexer tree, node = L + bit·(R - L), with constant subtrees folded into coefficients.
     */
    private void muxLookup(LookupTable t, int x, int y) {
        Interval domain = t.domain();
        int n = Interval.bitsFor(domain.width());
        if (n > MAX_MUX_BITS) {
            throw new GadgetException(origin + ": table '" + t.name() + "' has a domain of 2^" + n + " points; without"
                    + " a lookup table that costs about 2^" + (n + 1) + " rows per element; use the lookup table"
                    + " variant (--backend plonk) or narrow the input range");
        }
        int[] bits = decompose(x, 1, t.lo(), n);
        if (n < 63 && domain.width() + 1 != (1L << n)) {
            decompose(x, -1, negate(t.hi()), n);
        }
        Op[] level = new Op[1 << n];
        for (int i = 0; i < level.length; i++) {
            level[i] = Op.of(t.valueAt(Math.min(i, t.size() - 1)));
        }
        for (int j = 0; j < n; j++) {
            Op bit = Op.cell(bits[j]);
            Op[] next = new Op[level.length / 2];
            for (int i = 0; i < next.length; i++) {
                next[i] = muxNode(bit, level[2 * i], level[2 * i + 1], next.length == 1 ? y : EMPTY);
            }
            level = next;
        }
        if (level[0].constant() || n == 0) {
            gate(level[0], null, 1, 0, 0, 0, y);
        }
    }

    /**
     * A floor under the rows the arithmetic gadgets take, from their lengths alone: each dot product output takes one
     * row per product of two cells ({@link #placeDot}: a weight or input that is a fixed constant folds into a
     * coefficient instead) and then its chain ({@link #linear}: one row for up to two cells, one per cell after the
     * first otherwise, the products among them); each output of a sum, a linear combination or a product takes at
     * least one row. Every row counted is a distinct {@link #gate} call.
     */
    static long arithmeticRowsFloor(GadgetProgram program) {
        long rows = 0;
        for (Gadget g : program.gadgets()) {
            if (g instanceof Gadget.Dot d) {
                for (int i = 0; i < d.out().length; i++) {
                    int[] xs = d.xs()[i];
                    int[] ws = d.ws()[i];
                    long products = 0;
                    for (int j = 0; j < xs.length; j++) {
                        if (!program.isFixedConstant(xs[j]) && !program.isFixedConstant(ws[j])) {
                            products++;
                        }
                    }
                    rows += products + Math.max(1, products - 1);
                }
            } else if (g instanceof Gadget.Sum s) {
                rows += s.out().length;
            } else if (g instanceof Gadget.Linear l) {
                rows += l.out().length;
            } else if (g instanceof Gadget.Mul m) {
                rows += m.out().length;
            }
        }
        return rows;
    }

    /**
     * The rows {@link #muxLookup} places for one element of {@code t}'s lookups apart from the decompositions of x: its
     * tree folded over the table's constants exactly as placed (one row per node of two unequal constants or a
     * constant and a cell, two for a constant left of a cell, three for two cells, one for a constant root); 0 for a
     * domain too wide to multiplex (placing it fails).
     */
    static long muxTreeRows(LookupTable t) {
        int n = Interval.bitsFor(t.domain().width());
        if (n > MAX_MUX_BITS) {
            return 0;
        }
        long[] value = new long[1 << n];
        boolean[] constant = new boolean[value.length];
        for (int i = 0; i < value.length; i++) {
            value[i] = t.valueAt(Math.min(i, t.size() - 1));
            constant[i] = true;
        }
        long rows = 0;
        for (int size = value.length / 2; size >= 1; size /= 2) {
            boolean root = size == 1;
            for (int i = 0; i < size; i++) {
                boolean lc = constant[2 * i];
                boolean rc = constant[2 * i + 1];
                if (lc && rc && value[2 * i] == value[2 * i + 1] && !root) {
                    value[i] = value[2 * i];
                    constant[i] = true;
                    continue;
                }
                rows += lc && rc ? 1 : lc ? 2 : rc ? 1 : 3;
                constant[i] = false;
            }
        }
        return n == 0 || constant[0] ? rows + 1 : rows;
    }

    private Op muxNode(Op bit, Op l, Op r, int outSrc) {
        if (l.constant() && r.constant()) {
            if (l.value() == r.value() && outSrc == EMPTY) {
                return l;
            }
            return Op.cell(gate(bit, null, add(r.value(), negate(l.value())), 0, 0, l.value(), outSrc));
        }
        if (l.constant()) {
            int diff = gateAux(r, null, 1, 0, 0, negate(l.value()));
            return Op.cell(gate(bit, Op.cell(diff), 0, 0, 1, l.value(), outSrc));
        }
        if (r.constant()) {
            return Op.cell(gate(bit, l, r.value(), 1, -1, 0, outSrc));
        }
        int m = gateAux(bit, r, 0, 0, 1, 0);
        int rest = gateAux(bit, l, 0, 1, -1, 0);
        return Op.cell(gate(Op.cell(m), Op.cell(rest), 1, 1, 0, 0, outSrc));
    }

    // ---- range checks ---------------------------------------------------------------------------

    /** Obligations that the source lies in [lo, hi]: src - lo and (where needed) hi - src in [0, 2^bits). */
    private static void range(List<long[]> checks, int src, Interval iv) {
        long width = iv.width();
        int bits = Interval.bitsFor(width);
        checks.add(new long[] {src, 1, iv.lo(), bits});
        if (bits < 63 && width + 1 != (1L << bits)) {
            checks.add(new long[] {src, -1, -iv.hi(), bits});
        }
    }

    /**
     * Proves sgn·x - base in [0, 2^n) by limbs (bits, or table-bit limbs looked up in the table),
     * most significant first on a chain acc' = 2^limbBits · acc + limb whose last row reads x itself.
     * Returns the limb sources, least significant first.
     */
    private int[] decompose(int src, long sgn, long base, int n) {
        return decompose(src, sgn, base, n, lookups ? tb : 1);
    }

    /** As above in limbs of {@code limbBits} bits: the table's (looked up), or 1 (bits, proved boolean). */
    private int[] decompose(int src, long sgn, long base, int n, int limbBits) {
        if (n == 0) {
            int row = newRow();
            put(A, row, src);
            out.setFixed(Selector.QL, row, sgn);
            out.setFixed(Selector.QC, row, negate(base));
            return new int[0];
        }
        int count = (n + limbBits - 1) / limbBits;
        int dec = out.decomposition(src, sgn, base);
        boolean looked = limbBits > 1;
        if (looked && count == 1) {
            int d = out.auxDecomposed(dec, 0, false);
            int row = newRow();
            put(A, row, src);
            put(B, row, d);
            out.setFixed(Selector.QL, row, sgn);
            out.setFixed(Selector.QR, row, -1);
            out.setFixed(Selector.QC, row, negate(base));
            lookupRange(row, n);
            return new int[] {d};
        }
        int[] limbs = new int[count];
        for (int j = 0; j < count; j++) {
            limbs[j] = limbBits == 1 ? out.auxBit(dec, j) : out.auxDecomposed(dec, limbBits * j, true);
        }
        int topBits = n - limbBits * (count - 1);
        if (looked) {
            int row = newRow();
            put(B, row, limbs[count - 1]);
            lookupRange(row, topBits);
        } else {
            for (int j = count - 1; j >= 0; j--) {
                boolRow(limbs[j]);
            }
        }
        if (count == 1) {
            // One bit: bit = sgn·x - base.
            int row = newRow();
            put(A, row, limbs[0]);
            put(C, row, src);
            out.setFixed(Selector.QL, row, 1);
            out.setFixed(Selector.QO, row, negate(sgn));
            out.setFixed(Selector.QC, row, base);
            return limbs;
        }
        int acc = limbs[count - 1];
        for (int j = count - 2; j >= 0; j--) {
            int row = newRow();
            put(A, row, acc);
            put(B, row, limbs[j]);
            if (looked) {
                lookupRange(row, limbBits);
            }
            out.setFixed(Selector.QL, row, 1L << limbBits);
            out.setFixed(Selector.QR, row, 1);
            if (j == 0) {
                put(C, row, src);
                out.setFixed(Selector.QO, row, negate(sgn));
                out.setFixed(Selector.QC, row, base);
            } else {
                acc = out.auxDecomposed(dec, limbBits * j, false);
                put(C, row, acc);
                out.setFixed(Selector.QO, row, -1);
            }
        }
        return limbs;
    }

    /** Looks the row's b cell up in the range part of the table: b in [0, 2^bits). */
    private void lookupRange(int row, int bits) {
        out.usesTable = true;
        out.maxRangeBits = Math.max(out.maxRangeBits, bits);
        out.setFixed(Selector.QK, row, 1);
        out.setFixed(Selector.QT, row, bits + 1);
    }

    // ---- public values and the table --------------------------------------------------------------

    private void placePublic() {
        int instRow = 0;
        for (boolean outputs : new boolean[] {false, true}) {
            for (GadgetProgram.TensorWires t : outputs ? program.outputs() : program.inputs()) {
                if (!t.isPublic()) {
                    continue;
                }
                for (int i = 0; i < t.size(); i++) {
                    int wire = t.wires()[i];
                    if (wireHomeCol[wire] == NO_HOME) {
                        put(A, newRow(), wire);
                    }
                    copy(wireHomeCol[wire], wireHomeRow[wire], PlonkLayout.INSTANCE, instRow);
                    out.publicValues.add(new PublicValue(instRow, t.name(), i, outputs, wire));
                    instRow++;
                }
            }
        }
    }

    /** Gives every hashed wire a home cell, which the hash chain's input cells copy. */
    private void placeHashed() {
        for (GadgetProgram.TensorWires t : program.hashed()) {
            int[] cols = new int[t.size()];
            int[] rows = new int[t.size()];
            for (int i = 0; i < t.size(); i++) {
                int wire = t.wires()[i];
                if (wireHomeCol[wire] == NO_HOME) {
                    put(A, newRow(), wire);
                }
                cols[i] = wireHomeCol[wire];
                rows[i] = wireHomeRow[wire];
            }
            out.hashed.add(new PlonkLayout.Hashed(t.name(), t.wires(), cols, rows));
        }
    }

    /**
     * The table's tuples in order (first (0, 0, 0), the tuple every row with the lookup switched off produces, then
     * the range rows of 0..max bits, then each function table), split over the segments: tuple i goes to segment
     * i / per, row i % per, per = ceil(tuples / segments); a segment's rows past its tuples stay (0, 0, 0). With one
     * segment this is the one-column table as it always was.
     */
    private void placeTables() {
        if (!out.usesTable) {
            return;
        }
        long total = 1;
        for (int bits = 0; bits <= out.maxRangeBits; bits++) {
            total += 1L << bits;
        }
        for (LookupTable table : program.tables()) {
            total += table.size();
        }
        if (total >= MAX_ROWS) {
            throw new GadgetException("the lookup table would need " + total + " rows, more than 2^28");
        }
        int per = LayoutOptions.rowsPerSegment((int) total, segments);
        out.tableRows = (int) total;
        out.tableSegments = (int) ((total + per - 1) / per);
        int i = 1;
        for (int bits = 0; bits <= out.maxRangeBits; bits++) {
            for (long v = 0; v < (1L << bits); v++) {
                out.setTable(i / per, i % per, bits + 1, v, 0, false);
                i++;
            }
        }
        for (int t = 0; t < tableTag.length; t++) {
            LookupTable table = program.tables().get(t);
            for (int j = 0; j < table.size(); j++) {
                out.setTable(i / per, i % per, tableTag[t], table.lo() + j, table.valueAt(j), true);
                i++;
            }
        }
    }
}
