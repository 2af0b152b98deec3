package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.backend.CompiledCircuit.PublicValue;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a gadget program into rows of W advice columns. One pass does all placement, for both a
 * dry run and a real layout; it records where values go (as wire ids or auxiliary formulas), never
 * the values themselves.
 *
 * <p>Row kinds (each switched on by its selector): dot rows hold (W-2)/2 (x, w) pairs, a carry-in
 * and the running sum, chained across rows (with weights fixed by the circuit, W-2 inputs whose
 * weights sit in fixed columns); sum rows hold W-2 terms, carry and sum; linear, mul and
 * div-round rows hold W/3 triples; div-var, max and min rows hold W/5 groups of five; compare rows W/4 groups of four; lookup rows
 * hold W/2 (x, y) pairs checked against a tagged table, either a function table or the range table
 * (then only x is used); decomposition rows split a value wider than the table into limbs (W - 1
 * per row, continued on the rows below when more are needed). Each
 * gadget's own rows come first in gadget order, then each gadget's range-check rows, each with a
 * region naming the gadget and its origin.
 */
final class Layouter {
    private static final int NO_HOME = -1;

    /** A range-check obligation: sgn * value - base must lie in [0, 2^bits). */
    private record Check(int src, int col, int row, long sgn, long base, int bits) {}

    /** Checks with equal keys share range rows (the row's fixed columns hold the key). */
    private record CheckKey(long sgn, long base, int bits) {}

    private final GadgetProgram program;
    private final Layout out;
    private final int w;
    private final int b;
    private final int[] homeCol;
    private final int[] homeRow;
    private final int[] tableTag;
    private int zeroConstRow = -1;

    private Layouter(GadgetProgram program, int width, int tableBits, boolean record) {
        this.program = program;
        this.w = width;
        this.b = tableBits;
        this.out = new Layout(width, tableBits, record);
        this.homeCol = new int[program.wireCount()];
        this.homeRow = new int[program.wireCount()];
        Arrays.fill(homeCol, NO_HOME);
        this.tableTag = new int[program.tables().size()];
        for (int t = 0; t < tableTag.length; t++) {
            tableTag[t] = tableBits + 2 + t;
        }
    }

    /** Places the program; with {@code record} false (a dry run) cells and copies are counted, not stored. */
    static Layout place(GadgetProgram program, int width, int tableBits, boolean record) {
        if (width < Halo2StyleBackend.MIN_WIDTH) {
            throw new GadgetException("halo2-style layout needs at least " + Halo2StyleBackend.MIN_WIDTH
                    + " advice columns, got " + width);
        }
        Layouter l = new Layouter(program, width, tableBits, record);
        l.run();
        return l.out;
    }

    private void run() {
        List<Gadget> gadgets = program.gadgets();
        List<List<Check>> checks = new ArrayList<>();
        for (Gadget g : gadgets) {
            int first = out.rows;
            List<Check> cs = new ArrayList<>();
            placeGadget(g, cs);
            checks.add(cs);
            if (out.rows > first) {
                out.regions.add(new Region(g.kind(), g.origin(), first, out.rows - first));
            }
        }
        int maxBits = 0;
        for (List<Check> cs : checks) {
            for (Check c : cs) {
                maxBits = Math.max(maxBits, c.bits());
            }
        }
        out.decLimbs = maxBits > b ? (maxBits + b - 1) / b : 0;
        for (int i = 0; i < gadgets.size(); i++) {
            if (checks.get(i).isEmpty()) {
                continue;
            }
            int first = out.rows;
            placeChecks(checks.get(i));
            out.regions.add(new Region(gadgets.get(i).kind() + "/range", gadgets.get(i).origin(), first,
                    out.rows - first));
        }
        placePublic();
        placeHashed();
        placeTables();
    }

    // ---- cells -------------------------------------------------------------------------------

    private void cell(int col, int row, int src, boolean pad) {
        out.cells++;
        if (!out.record) {
            return;
        }
        if (pad) {
            out.padding.set(out.cellCount());
        }
        out.cellCol.add(col);
        out.cellRow.add(row);
        out.cellSrc.add(src);
    }

    private void copy(int colA, int rowA, int colB, int rowB) {
        out.copies++;
        if (!out.record) {
            return;
        }
        out.copyColA.add(colA);
        out.copyRowA.add(rowA);
        out.copyColB.add(colB);
        out.copyRowB.add(rowB);
    }

    /** Puts a wire's value in a cell, tied to the wire's first cell (or, for a fixed constant, to CONST). */
    private void wire(int wire, int col, int row) {
        cell(col, row, wire, false);
        if (homeCol[wire] == NO_HOME) {
            homeCol[wire] = col;
            homeRow[wire] = row;
            if (program.isFixedConstant(wire)) {
                int r = out.constRows++;
                out.setFixed(Fixed.CONST, r, program.constantValue(wire));
                copy(col, row, Layout.CONST_COLUMN, r);
            }
        } else {
            copy(homeCol[wire], homeRow[wire], col, row);
        }
    }

    /** A cell holding 0, tied to the constant 0 (padding that a gate would otherwise let vary). */
    private void zero(int col, int row) {
        if (zeroConstRow < 0) {
            zeroConstRow = out.constRows++;
            out.setFixed(Fixed.CONST, zeroConstRow, 0);
        }
        int a = addAux((wv, av) -> 0);
        cell(col, row, -(a + 1), false);
        copy(col, row, Layout.CONST_COLUMN, zeroConstRow);
    }

    private int addAux(Layout.Aux f) {
        if (out.record) {
            out.aux.add(f);
        }
        return out.auxCount++;
    }

    /** An auxiliary cell; returns its source code (negative). */
    private int auxCell(int col, int row, Layout.Aux f) {
        int src = -(addAux(f) + 1);
        cell(col, row, src, false);
        return src;
    }

    private void padCell(int col, int row, long value) {
        int a = addAux((wv, av) -> value);
        cell(col, row, -(a + 1), true);
    }

    private static long val(int src, long[] wv, long[] av) {
        return src >= 0 ? wv[src] : av[-src - 1];
    }

    private int newRow(Fixed selector) {
        int r = out.rows++;
        if (selector != null) {
            out.setFixed(selector, r, 1);
            out.usedGates.add(selector);
        }
        return r;
    }

    // ---- range obligations --------------------------------------------------------------------

    /** Obligations that the value at src (placed at col,row) lies in [lo, hi]. */
    private static void range(List<Check> cs, int src, int col, int row, Interval iv) {
        long width = iv.width();
        int bits = Interval.bitsFor(width);
        cs.add(new Check(src, col, row, 1, iv.lo(), bits));
        if (bits < 63 && width + 1 != (1L << bits)) {
            cs.add(new Check(src, col, row, -1, -iv.hi(), bits));
        }
    }

    // ---- gadgets ------------------------------------------------------------------------------

    private void placeGadget(Gadget g, List<Check> cs) {
        if (g instanceof Gadget.Dot d) {
            placeDot(d);
        } else if (g instanceof Gadget.Sum s) {
            placeSum(s);
        } else if (g instanceof Gadget.Linear l) {
            placeLinear(l);
        } else if (g instanceof Gadget.Mul m) {
            placeMul(m);
        } else if (g instanceof Gadget.DivRound d) {
            placeDivRound(d, cs);
        } else if (g instanceof Gadget.DivVar d) {
            placeDivVar(d, cs);
        } else if (g instanceof Gadget.Max m) {
            placeMax(m, cs);
        } else if (g instanceof Gadget.Compare c) {
            placeCompare(c, cs);
        } else if (g instanceof Gadget.Lookup l) {
            placeLookup(l);
        } else if (g instanceof Gadget.RangeCheck r) {
            for (int wire : r.wires()) {
                range(cs, wire, -1, -1, r.range());
            }
        } else {
            throw new IllegalStateException("unknown gadget " + g.kind());
        }
    }

    private boolean fixedWeights(int[] ws) {
        for (int x : ws) {
            if (!program.isFixedConstant(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Weights the verifying key fixes sit in fixed columns beside the inputs: W - 2 products per row,
     * no weight cells and no copies for them. Unused positions have weight 0, so their cells are free.
     */
    private void placeFixedDot(int[] xs, int[] ws, int bias, int result) {
        int per = w - 2;
        int nRows = Math.max(1, (xs.length + per - 1) / per);
        int carrySrc = bias;
        for (int r = 0; r < nRows; r++) {
            int row = newRow(Fixed.Q_DOTF);
            int from = r * per;
            int to = Math.min(xs.length, from + per);
            for (int k = from; k < to; k++) {
                wire(xs[k], k - from, row);
                out.setWeight(k - from, row, program.constantValue(ws[k]));
            }
            if (r == 0) {
                wire(bias, w - 2, row);
            } else {
                out.setFixed(Fixed.Q_CHAIN, row, 1);
                out.usedGates.add(Fixed.Q_CHAIN);
                int prev = carrySrc;
                auxCell(w - 2, row, (wv, av) -> val(prev, wv, av));
            }
            if (r == nRows - 1) {
                wire(result, w - 1, row);
            } else {
                int prev = carrySrc;
                carrySrc = auxCell(w - 1, row, (wv, av) -> {
                    long acc = val(prev, wv, av);
                    for (int k = from; k < to; k++) {
                        acc += wv[xs[k]] * wv[ws[k]];
                    }
                    return acc;
                });
            }
        }
    }

    private void placeDot(Gadget.Dot d) {
        int pairs = (w - 2) / 2;
        for (int i = 0; i < d.out().length; i++) {
            int[] xs = d.xs()[i];
            int[] ws = d.ws()[i];
            if (fixedWeights(ws)) {
                placeFixedDot(xs, ws, d.bias()[i], d.out()[i]);
                continue;
            }
            int nRows = Math.max(1, (xs.length + pairs - 1) / pairs);
            int carrySrc = d.bias()[i];
            for (int r = 0; r < nRows; r++) {
                int row = newRow(Fixed.Q_DOT);
                int from = r * pairs;
                int to = Math.min(xs.length, from + pairs);
                for (int j = 0; j < pairs; j++) {
                    if (from + j < to) {
                        wire(xs[from + j], 2 * j, row);
                        wire(ws[from + j], 2 * j + 1, row);
                    } else {
                        zero(2 * j, row);
                    }
                }
                if (r == 0) {
                    wire(d.bias()[i], w - 2, row);
                } else {
                    out.setFixed(Fixed.Q_CHAIN, row, 1);
                    out.usedGates.add(Fixed.Q_CHAIN);
                    int prev = carrySrc;
                    auxCell(w - 2, row, (wv, av) -> val(prev, wv, av));
                }
                if (r == nRows - 1) {
                    wire(d.out()[i], w - 1, row);
                } else {
                    int prev = carrySrc;
                    carrySrc = auxCell(w - 1, row, (wv, av) -> {
                        long acc = val(prev, wv, av);
                        for (int k = from; k < to; k++) {
                            acc += wv[xs[k]] * wv[ws[k]];
                        }
                        return acc;
                    });
                }
            }
        }
    }

    private void placeSum(Gadget.Sum s) {
        int per = w - 2;
        for (int i = 0; i < s.out().length; i++) {
            int[] ts = s.terms()[i];
            int nRows = Math.max(1, (ts.length + per - 1) / per);
            int carrySrc = 0;
            for (int r = 0; r < nRows; r++) {
                int row = newRow(Fixed.Q_SUM);
                int from = r * per;
                int to = Math.min(ts.length, from + per);
                for (int j = 0; j < per; j++) {
                    if (from + j < to) {
                        wire(ts[from + j], j, row);
                    } else {
                        zero(j, row);
                    }
                }
                if (r == 0) {
                    zero(w - 2, row);
                } else {
                    out.setFixed(Fixed.Q_CHAIN, row, 1);
                    out.usedGates.add(Fixed.Q_CHAIN);
                    int prev = carrySrc;
                    auxCell(w - 2, row, (wv, av) -> val(prev, wv, av));
                }
                if (r == nRows - 1) {
                    wire(s.out()[i], w - 1, row);
                } else {
                    int prev = carrySrc;
                    boolean first = r == 0;
                    carrySrc = auxCell(w - 1, row, (wv, av) -> {
                        long acc = first ? 0 : val(prev, wv, av);
                        for (int k = from; k < to; k++) {
                            acc += wv[ts[k]];
                        }
                        return acc;
                    });
                }
            }
        }
    }

    /** Rows of `groups` groups of `size` cells; returns the (row, column) of element e's group. */
    private int[] groupSlot(int e, int groups, int[] rowOf, Fixed selector) {
        int g = e % groups;
        if (g == 0) {
            rowOf[0] = newRow(selector);
        }
        return new int[] {rowOf[0], g};
    }

    private void placeLinear(Gadget.Linear l) {
        int groups = w / 3;
        int n = l.out().length;
        int[] rowOf = new int[1];
        for (int e = 0; e < roundUp(n, groups); e++) {
            int[] slot = groupSlot(e, groups, rowOf, Fixed.Q_LIN);
            int row = slot[0];
            int c = 3 * slot[1];
            if (slot[1] == 0) {
                out.setFixed(Fixed.C1, row, l.ca());
                out.setFixed(Fixed.C2, row, l.b() == null ? 0 : l.cb());
                out.setFixed(Fixed.C3, row, l.k());
            }
            if (e < n) {
                wire(l.a()[e], c, row);
                if (l.b() != null) {
                    wire(l.b()[e], c + 1, row);
                }
                wire(l.out()[e], c + 2, row);
            } else {
                padCell(c + 2, row, l.k());
            }
        }
    }

    private void placeMul(Gadget.Mul m) {
        int groups = w / 3;
        int n = m.out().length;
        int[] rowOf = new int[1];
        for (int e = 0; e < n; e++) {
            int[] slot = groupSlot(e, groups, rowOf, Fixed.Q_MUL);
            int c = 3 * slot[1];
            wire(m.a()[e], c, slot[0]);
            wire(m.b()[e], c + 1, slot[0]);
            wire(m.out()[e], c + 2, slot[0]);
        }
    }

    private void placeDivRound(Gadget.DivRound d, List<Check> cs) {
        int groups = w / 3;
        int n = d.out().length;
        long c = d.divisor();
        int[] rowOf = new int[1];
        Interval rem = new Interval(0, 2 * c - 1);
        for (int e = 0; e < roundUp(n, groups); e++) {
            int[] slot = groupSlot(e, groups, rowOf, Fixed.Q_DIV);
            int row = slot[0];
            int col = 3 * slot[1];
            if (slot[1] == 0) {
                out.setFixed(Fixed.C1, row, c);
            }
            if (e < n) {
                int v = d.in()[e];
                int q = d.out()[e];
                wire(v, col, row);
                wire(q, col + 1, row);
                int r = auxCell(col + 2, row, (wv, av) -> 2 * wv[v] + c - 2 * c * wv[q]);
                range(cs, q, -1, -1, d.outRange());
                range(cs, r, col + 2, row, rem);
            } else {
                padCell(col + 2, row, c);
            }
        }
    }

    private void placeDivVar(Gadget.DivVar d, List<Check> cs) {
        int groups = w / 5;
        int n = d.out().length;
        int[] rowOf = new int[1];
        for (int e = 0; e < roundUp(n, groups); e++) {
            int[] slot = groupSlot(e, groups, rowOf, Fixed.Q_DV);
            int row = slot[0];
            int col = 5 * slot[1];
            if (e < n) {
                int num = d.num()[e];
                int den = d.den()[e];
                int q = d.out()[e];
                Interval denIv = program.interval(den);
                long denHi = Math.max(1, denIv.hi());
                wire(num, col, row);
                wire(den, col + 1, row);
                wire(q, col + 2, row);
                int r = auxCell(col + 3, row, (wv, av) -> 2 * wv[num] + wv[den] - 2 * wv[den] * wv[q]);
                int s = auxCell(col + 4, row, (wv, av) -> 2 * wv[den] - 1 - (2 * wv[num] + wv[den] - 2 * wv[den] * wv[q]));
                range(cs, q, -1, -1, d.outRange());
                range(cs, den, -1, -1, new Interval(1, denHi));
                int bits = Interval.bitsFor(Math.multiplyExact(2, denHi) - 1);
                cs.add(new Check(r, col + 3, row, 1, 0, bits));
                cs.add(new Check(s, col + 4, row, 1, 0, bits));
            } else {
                padCell(col + 1, row, 1);
                padCell(col + 3, row, 1);
            }
        }
    }

    private void placeMax(Gadget.Max m, List<Check> cs) {
        int groups = w / 5;
        int n = m.out().length;
        int[] rowOf = new int[1];
        Fixed sel = m.min() ? Fixed.Q_MIN : Fixed.Q_MAX;
        for (int e = 0; e < roundUp(n, groups); e++) {
            int[] slot = groupSlot(e, groups, rowOf, sel);
            int row = slot[0];
            int col = 5 * slot[1];
            if (e < n) {
                int a = m.a()[e];
                int bw = m.b()[e];
                wire(a, col, row);
                wire(bw, col + 1, row);
                int o = m.out()[e];
                // c follows the claimed output (not the operands), so a witness claiming the other
                // operand gets a negative t and fails its range check, as it must.
                int chosen = m.min() ? bw : a;
                auxCell(col + 2, row, (wv, av) -> wv[o] == wv[chosen] ? 1 : 0);
                wire(o, col + 3, row);
                int t = auxCell(col + 4, row, (wv, av) -> wv[o] == wv[chosen] ? wv[a] - wv[bw] : wv[bw] - wv[a] - 1);
                Interval ia = program.interval(a);
                Interval ib = program.interval(bw);
                long tMax = Math.max(0, Math.max(Math.subtractExact(ia.hi(), ib.lo()),
                        Math.subtractExact(Math.subtractExact(ib.hi(), ia.lo()), 1)));
                cs.add(new Check(t, col + 4, row, 1, 0, Interval.bitsFor(tMax)));
            } else {
                padCell(col + 2, row, 1);
            }
        }
    }

    private void placeCompare(Gadget.Compare m, List<Check> cs) {
        int groups = w / 4;
        int n = m.out().length;
        int[] rowOf = new int[1];
        for (int e = 0; e < roundUp(n, groups); e++) {
            int[] slot = groupSlot(e, groups, rowOf, Fixed.Q_CMP);
            int row = slot[0];
            int col = 4 * slot[1];
            if (e < n) {
                int a = m.a()[e];
                int bw = m.b()[e];
                int c = m.out()[e];
                wire(a, col, row);
                wire(bw, col + 1, row);
                wire(c, col + 2, row);
                // t follows the claimed bit, so a wrong claim leaves t negative and out of range.
                int t = auxCell(col + 3, row, (wv, av) -> wv[c] == 1 ? wv[a] - wv[bw] : wv[bw] - wv[a] - 1);
                Interval ia = program.interval(a);
                Interval ib = program.interval(bw);
                long tMax = Math.max(0, Math.max(Math.subtractExact(ia.hi(), ib.lo()),
                        Math.subtractExact(Math.subtractExact(ib.hi(), ia.lo()), 1)));
                cs.add(new Check(t, col + 3, row, 1, 0, Interval.bitsFor(tMax)));
            } else {
                padCell(col + 2, row, 1);
            }
        }
    }

    private void placeLookup(Gadget.Lookup l) {
        LookupTable t = program.tables().get(l.table());
        int groups = w / 2;
        int n = l.out().length;
        int[] rowOf = new int[1];
        out.usesLookups = true;
        for (int e = 0; e < roundUp(n, groups); e++) {
            int[] slot = groupSlot(e, groups, rowOf, null);
            int row = slot[0];
            int col = 2 * slot[1];
            if (slot[1] == 0) {
                out.setFixed(Fixed.L_TAG, row, tableTag[l.table()]);
                out.setFixed(Fixed.L_S, row, 1);
                out.setFixed(Fixed.L_E, row, 1);
            }
            if (e < n) {
                wire(l.in()[e], col, row);
                wire(l.out()[e], col + 1, row);
            } else {
                padCell(col, row, t.lo());
                padCell(col + 1, row, t.apply(t.lo()));
            }
        }
    }

    private static int roundUp(int n, int groups) {
        return (n + groups - 1) / groups * groups;
    }

    // ---- range rows ---------------------------------------------------------------------------

    private void placeChecks(List<Check> checks) {
        List<Check> narrow = new ArrayList<>();
        for (Check c : checks) {
            if (c.bits() <= b) {
                narrow.add(c);
            } else {
                decompose(c, narrow);
            }
        }
        Map<CheckKey, List<Check>> byKey = new LinkedHashMap<>();
        for (Check c : narrow) {
            byKey.computeIfAbsent(new CheckKey(c.sgn(), c.base(), c.bits()), k -> new ArrayList<>()).add(c);
        }
        int per = w / 2;
        for (List<Check> group : byKey.values()) {
            Check first = group.get(0);
            out.usesLookups = true;
            out.rangeTagMaxBits = Math.max(out.rangeTagMaxBits, first.bits());
            for (int e = 0; e < roundUp(group.size(), per); e++) {
                int row;
                if (e % per == 0) {
                    row = newRow(null);
                    out.setFixed(Fixed.L_TAG, row, first.bits() + 1);
                    out.setFixed(Fixed.L_S, row, first.sgn());
                    out.setFixed(Fixed.L_B, row, first.base());
                } else {
                    row = out.rows - 1;
                }
                int col = 2 * (e % per);
                if (e < group.size()) {
                    checkedCopy(group.get(e), col, row);
                } else {
                    padCell(col, row, first.sgn() * first.base());
                }
            }
        }
    }

    /** Places the checked value in a range row cell, tied to where it lives. */
    private void checkedCopy(Check c, int col, int row) {
        if (c.src() >= 0 && c.col() < 0) {
            wire(c.src(), col, row);
        } else {
            cell(col, row, c.src(), false);
            copy(c.col(), c.row(), col, row);
        }
    }

    /** Rows of one decomposition: W - 1 limbs per row, the gate on the first row reading the rest by rotation. */
    private int decRows() {
        return (out.decLimbs + w - 2) / (w - 1);
    }

    /** sgn * x - base = sum_j limb_j 2^(b j), limbs range-checked: the top one to the bits left over. */
    private void decompose(Check c, List<Check> narrow) {
        int limbs = out.decLimbs;
        int needed = (c.bits() + b - 1) / b;
        int row = newRow(Fixed.Q_DEC);
        for (int extra = 1; extra < decRows(); extra++) {
            newRow(null);
        }
        out.setFixed(Fixed.C1, row, c.sgn());
        out.setFixed(Fixed.C2, row, c.base());
        checkedCopy(c, w - 1, row);
        int src = c.src();
        long sgn = c.sgn();
        long base = c.base();
        for (int j = 0; j < limbs; j++) {
            int shift = b * j;
            int col = j % (w - 1);
            int limbRow = row + j / (w - 1);
            int limb = auxCell(col, limbRow, (wv, av) -> ((sgn * val(src, wv, av) - base) >>> shift) & ((1L << b) - 1));
            int bits = j < needed - 1 ? b : j == needed - 1 ? c.bits() - b * (needed - 1) : 0;
            narrow.add(new Check(limb, col, limbRow, 1, 0, bits));
        }
    }

    // ---- public values and tables -------------------------------------------------------------

    private void placePublic() {
        int instRow = 0;
        for (boolean outputs : new boolean[] {false, true}) {
            for (GadgetProgram.TensorWires t : outputs ? program.outputs() : program.inputs()) {
                if (!t.isPublic()) {
                    continue;
                }
                for (int i = 0; i < t.size(); i++) {
                    int wire = t.wires()[i];
                    if (homeCol[wire] == NO_HOME) {
                        int row = newRow(null);
                        wire(wire, 0, row);
                    }
                    copy(homeCol[wire], homeRow[wire], Layout.INSTANCE_COLUMN, instRow);
                    out.publicValues.add(new PublicValue(instRow, t.name(), i, outputs, wire));
                    instRow++;
                }
            }
        }
    }

    /** Gives every hashed wire a home cell, which the Poseidon chain's value cells copy. */
    private void placeHashed() {
        for (GadgetProgram.TensorWires t : program.hashed()) {
            int[] cols = new int[t.size()];
            int[] rows = new int[t.size()];
            for (int i = 0; i < t.size(); i++) {
                int wire = t.wires()[i];
                if (homeCol[wire] == NO_HOME) {
                    int row = newRow(null);
                    wire(wire, 0, row);
                }
                cols[i] = homeCol[wire];
                rows[i] = homeRow[wire];
            }
            out.hashed.add(new Layout.Hashed(t.name(), t.wires(), cols, rows));
        }
    }

    /** Row 0 is (0, 0, 0), which every row with the lookup switched off produces. */
    private void placeTables() {
        if (!out.usesLookups) {
            return;
        }
        int row = 1;
        for (int bits = 0; bits <= out.rangeTagMaxBits; bits++) {
            for (long v = 0; v < (1L << bits); v++) {
                out.setFixed(Fixed.T_TAG, row, bits + 1);
                out.setFixed(Fixed.T_X, row, v);
                row++;
            }
        }
        for (int t = 0; t < tableTag.length; t++) {
            LookupTable table = program.tables().get(t);
            for (int i = 0; i < table.size(); i++) {
                out.setFixed(Fixed.T_TAG, row, tableTag[t]);
                out.setFixed(Fixed.T_X, row, table.lo() + i);
                out.setFixed(Fixed.T_Y, row, table.valueAt(i));
                row++;
            }
        }
        out.tableRows = row;
    }
}
