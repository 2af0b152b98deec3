package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.backend.CompiledCircuit.PublicValue;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.gadget.DotLayout;
import dev.zkmlc.circuit.gadget.Gadget;
import dev.zkmlc.circuit.gadget.GadgetException;
import dev.zkmlc.circuit.gadget.GadgetProgram;
import dev.zkmlc.circuit.gadget.Interval;
import dev.zkmlc.circuit.gadget.LookupTable;
import dev.zkmlc.circuit.gadget.RangeBase;
import dev.zkmlc.circuit.gadget.RangeLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Places a gadget program into rows of W advice columns. One pass does all placement, for both a
 * dry run and a real layout; it records where values go (as wire ids or auxiliary formulas), never
 * the values themselves.
 *
 * <p>Row kinds (each switched on by its selector): dot rows hold (W-2)/2 (x, w) pairs, a carry-in
 * and the running sum, chained across rows (with weights fixed by the circuit, W-2 inputs whose
 * weights sit in fixed columns), or, for a layer whose dot products are packed, several short
 * products side by side ({@link Layout.DotShape}); sum rows hold W-2 terms, carry and sum; linear, mul and
 * div-round rows hold W/3 triples; div-var, max and min rows hold W/5 groups of five; compare rows W/4 groups of four; lookup rows
 * hold W/2 (x, y) pairs checked against a tagged table, either a function table or the range table
 * (then only x is used); decomposition rows split a value into as many limbs as its own range needs, of
 * the table's bits (each looked up) or of one bit (each proved boolean by the gate, no lookup), W - 1 per row
 * continued on the rows below when more are needed, or packed side by side; each limb count and base has a gate of
 * its own ({@link Layout.DecShape}). Each
 * gadget's own rows come first in gadget order, then each gadget's range-check rows, each with a
 * region naming the gadget and its origin.
 */
final class Layouter {

    /**
     * Range-check obligations, flat (a large model has millions): obligation i says that
     * sgn * value - base lies in [0, 2^bits), for the value of source src[i] placed at (col[i], row[i])
     * (col -1: not placed yet). The sign rides on bits: bits[i] < 0 means sgn = -1 and |bits| - 1 bits.
     */
    private static final class Checks {
        int n;
        int[] src = new int[16];
        int[] col = new int[16];
        int[] row = new int[16];
        int[] sbits = new int[16];
        long[] base = new long[16];

        void add(int s, int c, int r, long sgn, long b, int bits) {
            if (n == src.length) {
                int m = 2 * n;
                src = Arrays.copyOf(src, m);
                col = Arrays.copyOf(col, m);
                row = Arrays.copyOf(row, m);
                sbits = Arrays.copyOf(sbits, m);
                base = Arrays.copyOf(base, m);
            }
            src[n] = s;
            col[n] = c;
            row[n] = r;
            sbits[n] = sgn < 0 ? -(bits + 1) : bits + 1;
            base[n] = b;
            n++;
        }

        long sgn(int i) {
            return sbits[i] < 0 ? -1 : 1;
        }

        int bits(int i) {
            return Math.abs(sbits[i]) - 1;
        }

        boolean isEmpty() {
            return n == 0;
        }
    }

    /**
     * Numbers the distinct check keys (sgn, bits, base) 0, 1, 2... in order of first appearance:
     * checks with equal keys share range rows (the row's fixed columns hold the key). Open addressing
     * on two primitive arrays, since a model asks this for every one of millions of checks.
     */
    private static final class KeyIds {
        private int[] sbits = new int[64];
        private long[] base = new long[64];
        private int[] id = filledMinusOne(64);
        private int count;

        private static int[] filledMinusOne(int n) {
            int[] a = new int[n];
            Arrays.fill(a, -1);
            return a;
        }

        int idOf(int sb, long b) {
            int mask = id.length - 1;
            int h = (int) ((b * 0x9E3779B97F4A7C15L + sb * 0xC2B2AE3DL) >>> 40) & mask;
            while (id[h] >= 0) {
                if (sbits[h] == sb && base[h] == b) {
                    return id[h];
                }
                h = (h + 1) & mask;
            }
            sbits[h] = sb;
            base[h] = b;
            id[h] = count++;
            if (2 * count > id.length) {
                grow();
            }
            return count - 1;
        }

        private void grow() {
            int[] os = sbits;
            long[] ob = base;
            int[] oi = id;
            sbits = new int[2 * os.length];
            base = new long[2 * ob.length];
            id = filledMinusOne(2 * oi.length);
            int mask = id.length - 1;
            for (int i = 0; i < oi.length; i++) {
                if (oi[i] >= 0) {
                    int h = (int) ((ob[i] * 0x9E3779B97F4A7C15L + os[i] * 0xC2B2AE3DL) >>> 40) & mask;
                    while (id[h] >= 0) {
                        h = (h + 1) & mask;
                    }
                    sbits[h] = os[i];
                    base[h] = ob[i];
                    id[h] = oi[i];
                }
            }
        }
    }

    /** A growable int array. */
    private static final class IntArray {
        int[] a = new int[16];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }
    }

    private final GadgetProgram program;
    private final Layout out;
    private final int w;
    private final int b;
    /** One bit per wire: placed already (its first cell is its home, later cells are copies of it). */
    private final long[] placed;
    /** The home cell of each placed wire; only a real layout keeps them (a dry run only counts copies). */
    private final int[] homeCol;
    private final int[] homeRow;
    private final FixedWeights weightsFixed;
    private final InPlaceWeightChecks inPlace;
    private final int[] tableTag;
    /** The table segments asked for ({@link LayoutOptions#tableSegments}). */
    private final int segments;
    private int zeroConstRow = -1;

    private Layouter(GadgetProgram program, int width, int tableBits, int segments, boolean record, Layout sized) {
        this.program = program;
        this.weightsFixed = new FixedWeights(program);
        this.inPlace = new InPlaceWeightChecks(program, tableBits);
        this.segments = segments;
        this.w = width;
        this.b = tableBits;
        this.out = new Layout(width, tableBits, record, sized);
        this.placed = new long[(program.wireCount() + 63) >>> 6];
        this.homeCol = record ? new int[program.wireCount()] : null;
        this.homeRow = record ? new int[program.wireCount()] : null;
        this.tableTag = new int[program.tables().size()];
        for (int t = 0; t < tableTag.length; t++) {
            tableTag[t] = tableBits + 2 + t;
        }
    }

    /** Places the program with its table in one segment. */
    static Layout place(GadgetProgram program, int width, int tableBits, boolean record) {
        return place(program, width, tableBits, 1, record);
    }

    /**
     * Places the program, its table spread over {@code segments} tuples of fixed columns; with {@code record} false
     * (a dry run) cells and copies are counted, not stored.
     */
    static Layout place(GadgetProgram program, int width, int tableBits, int segments, boolean record) {
        if (width < Halo2StyleBackend.MIN_WIDTH) {
            throw new GadgetException("halo2-style layout needs at least " + Halo2StyleBackend.MIN_WIDTH
                    + " advice columns, got " + width);
        }
        // A real layout is preceded by a dry run of the same placement: its counts size every list
        // exactly, so tens of millions of cells and copies are stored without growth copies or slack.
        Layout sized = null;
        if (record) {
            Layouter dry = new Layouter(program, width, tableBits, segments, false, null);
            dry.run();
            sized = dry.out;
        }
        Layouter l = new Layouter(program, width, tableBits, segments, record, sized);
        l.run();
        return l.out;
    }

    private void run() {
        List<Gadget> gadgets = program.gadgets();
        List<Checks> checks = new ArrayList<>();
        for (int gi = 0; gi < gadgets.size(); gi++) {
            Gadget g = gadgets.get(gi);
            int first = out.rows;
            Checks cs = new Checks();
            boolean sideBySide = g instanceof Gadget.Dot d && program.dotLayout(gi) == DotLayout.PACKED
                    && placePackedDots(d);
            if (!sideBySide) {
                placeGadget(gi, g, cs);
            }
            checks.add(cs);
            if (out.rows > first) {
                out.regions.add(new Region(g.kind(), g.origin(), first, out.rows - first));
            }
        }
        for (int i = 0; i < gadgets.size(); i++) {
            if (checks.get(i).isEmpty()) {
                continue;
            }
            int first = out.rows;
            placeChecks(checks.get(i), program.rangeLayout(i) == RangeLayout.PACKED,
                    program.rangeBase(i) == RangeBase.BITS ? 1 : b);
            checks.set(i, null); // placed: let the collector have it
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
        out.copyA.add(Layout.cell(colA, rowA));
        out.copyB.add(Layout.cell(colB, rowB));
    }

    /** Puts a wire's value in a cell, tied to the wire's first cell (or, for a fixed constant, to CONST). */
    private void wire(int wire, int col, int row) {
        cell(col, row, wire, false);
        if (!isPlaced(wire)) {
            placed[wire >>> 6] |= 1L << wire;
            if (out.record) {
                homeCol[wire] = col;
                homeRow[wire] = row;
            }
            if (program.isFixedConstant(wire)) {
                int r = out.constRows++;
                out.setFixed(Fixed.CONST, r, program.constantValue(wire));
                copy(col, row, Layout.CONST_COLUMN, r);
            }
        } else {
            copyFromHome(wire, col, row);
        }
    }

    private boolean isPlaced(int wire) {
        return (placed[wire >>> 6] & (1L << wire)) != 0;
    }

    /** A copy from the wire's home cell (whose position only a real layout remembers). */
    private void copyFromHome(int wire, int col, int row) {
        if (out.record) {
            copy(homeCol[wire], homeRow[wire], col, row);
        } else {
            out.copies++;
        }
    }

    /** A cell holding 0, tied to the constant 0 (padding that a gate would otherwise let vary). */
    private void zero(int col, int row) {
        if (zeroConstRow < 0) {
            zeroConstRow = out.constRows++;
            out.setFixed(Fixed.CONST, zeroConstRow, 0);
        }
        if (out.record) {
            out.aux.zero();
        }
        auxCell(col, row);
        copy(col, row, Layout.CONST_COLUMN, zeroConstRow);
    }

    /**
     * An auxiliary cell whose rule the caller has just added to {@code out.aux} (a real layout) or not (a
     * dry run only counts); returns its source code (negative).
     */
    private int auxCell(int col, int row) {
        int src = -(out.auxCount++ + 1);
        cell(col, row, src, false);
        return src;
    }

    private void padCell(int col, int row, long value) {
        if (out.record) {
            out.aux.constant(value);
        }
        cell(col, row, -(out.auxCount++ + 1), true);
    }

    /** The first partial sum of a chain over {@code xs} (with {@code ws}, products), span terms per row: its term entry. */
    private int terms(int[] xs, int[] ws, int span, int rows) {
        return out.record && rows > 1 ? out.aux.terms(xs, ws, span) : -1;
    }

    /** The carry into a chained row: a copy of the previous row's partial sum. */
    private void carryIn(int row, int prev) {
        if (out.record) {
            out.aux.copyOf(prev);
        }
        auxCell(w - 2, row);
    }

    /** The partial sum a chained row passes on; returns its source. */
    private int carryOut(int row, int prev, int entry, int from) {
        if (out.record) {
            out.aux.partialSum(prev, entry, from);
        }
        return auxCell(w - 1, row);
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
    private static void range(Checks cs, int src, int col, int row, Interval iv) {
        long width = iv.width();
        int bits = Interval.bitsFor(width);
        cs.add(src, col, row, 1, iv.lo(), bits);
        if (bits < 63 && width + 1 != (1L << bits)) {
            cs.add(src, col, row, -1, -iv.hi(), bits);
        }
    }

    // ---- gadgets ------------------------------------------------------------------------------

    private void placeGadget(int gi, Gadget g, Checks cs) {
        if (g instanceof Gadget.Dot d) {
            placeDot(d);
        } else if (g instanceof Gadget.DotRescale d) {
            placeDotRescale(d, cs);
        } else if (g instanceof Gadget.MatMul mm) {
            placeMatMul(gi, mm);
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
                if (!inPlace.covers(wire, r.range())) {
                    range(cs, wire, -1, -1, r.range());
                }
            }
        } else {
            throw new IllegalStateException("unknown gadget " + g.kind());
        }
    }

    /**
     * C = A·B as a Freivalds check (the identity is in {@link Gadget.MatMul}; the gates in
     * {@link Halo2StyleBackend}). Rows hold W phase-0 values each and, in the phase-1 columns, the running Horner
     * value f, its multiplier g and the running difference e. Per k: a chain over A's column k with s (x_k in f
     * at its end), then a chain over B's row k with r, scaled by g = x_k (x_k·y_k at its end, added to e); then
     * per i a chain over C's row i with r, scaled by g = s^i (subtracted from e); e ends at 0. Chains start with
     * their highest power; a chain whose length W does not divide starts with cells tied to 0.
     */
    private void placeMatMul(int gi, Gadget.MatMul mm) {
        if (fixedWeights(mm.b())) {
            placeFixedMatMul(mm);
            return;
        }
        Interval weightRange = inPlace.matmulRange(gi);
        if (weightRange != null) {
            placeInPlaceMatVec(mm, weightRange);
            return;
        }
        int m = mm.m();
        int n = mm.n();
        int p = mm.p();
        int first = out.rows;
        int[] seq = new int[Math.max(m, p)];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < m; i++) {
                seq[i] = mm.a()[(m - 1 - i) * n + k];
            }
            horner(seq, m, Fixed.Q_FS, null, null, 0);
            for (int j = 0; j < p; j++) {
                seq[j] = mm.b()[k * p + p - 1 - j];
            }
            horner(seq, p, Fixed.Q_FR, Fixed.Q_FGY, Fixed.Q_FGY, 1);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < p; j++) {
                seq[j] = mm.out()[i * p + p - 1 - j];
            }
            horner(seq, p, Fixed.Q_FR, i == 0 ? Fixed.Q_FG1 : Fixed.Q_FGC, Fixed.Q_FGC, -1);
        }
        closeFreivalds(first);
    }

    /** The most matrix columns a fixed-weight Freivalds check uses; wider products are split into blocks of this many. */
    static final int MATRIX_COLUMNS = 64;

    /**
     * C = A·B for a B the verifying key fixes, as one Freivalds check per row i of A and block of at most {@link
     * #MATRIX_COLUMNS} columns [j0, j1) of B, all its rows under {@link Fixed#Q_FX}, which adds a0·Σ_j r^j·M_j to e
     * (M_j the matrix columns): input rows t = 0..n-1 hold x_t = A[i][t] and M_j = B[t][j0 + j] (no cells, no copies
     * for the weights); then output rows j = 0..j1-j0-1 hold C[i][j0 + j] and M_j = -1, the other M 0; e ends at 0.
     * So Σ_j r^j (Σ_t x_t B[t][j0 + j] - C[i][j0 + j]) = 0, a polynomial in r of degree j1 - j0 - 1 that a wrong C
     * leaves non-zero: it passes with probability at most (j1 - j0 - 1)/|F|. Each x_t is one cell (a copy of its
     * home) per check, where dot products copy it once per output; the only phase-1 column is e.
     */
    private void placeFixedMatMul(Gadget.MatMul mm) {
        int n = mm.n();
        int p = mm.p();
        for (int i = 0; i < mm.m(); i++) {
            for (int j0 = 0; j0 < p; j0 += MATRIX_COLUMNS) {
                int cols = Math.min(MATRIX_COLUMNS, p - j0);
                int first = out.rows;
                for (int t = 0; t < n; t++) {
                    int row = newRow(Fixed.Q_FX);
                    wire(mm.a()[i * n + t], 0, row);
                    for (int j = 0; j < cols; j++) {
                        out.setMatrixWeight(j, row, program.constantValue(mm.b()[t * p + j0 + j]));
                    }
                }
                for (int j = 0; j < cols; j++) {
                    int row = newRow(Fixed.Q_FX);
                    wire(mm.out()[i * p + j0 + j], 0, row);
                    out.setMatrixWeight(j, row, -1);
                }
                closeFreivalds(first);
            }
        }
    }

    /**
     * C = A·B for one row A and a B the prover supplies ({@link InPlaceWeightChecks}), as one Freivalds check per block
     * of at most W/2 columns [j0, j1) of B: input rows t = 0..n-1 under {@link Fixed#Q_FW} hold x_t = A[t] in column 1
     * and B[t][j0 + j] in column 2j, range-checked there by the row's lookups; one output row under {@link Fixed#Q_FWO}
     * holds C[j0 + j] in column 2j. Then e = Σ_j r^j (Σ_t x_t B[t][j0 + j] - C[j0 + j]) must end at 0: a polynomial
     * in r that a wrong C leaves non-zero (probability of passing at most (W/2 - 1)/|F|). Columns 2j of a narrower
     * block are free cells: whatever the prover puts there is another coefficient of the same polynomial, so it
     * cannot cancel a wrong C, and it is range-checked like a weight (the honest value is 0).
     */
    private void placeInPlaceMatVec(Gadget.MatMul mm, Interval weightRange) {
        int n = mm.n();
        int p = mm.p();
        int per = w / 2;
        int bits = Interval.bitsFor(weightRange.width());
        out.usesLookups = true;
        out.rangeTagMaxBits = Math.max(out.rangeTagMaxBits, bits);
        for (int j0 = 0; j0 < p; j0 += per) {
            int cols = Math.min(per, p - j0);
            int first = out.rows;
            for (int t = 0; t < n; t++) {
                int row = newRow(Fixed.Q_FW);
                out.setFixed(Fixed.L_TAG, row, bits + 1);
                out.setFixed(Fixed.L_S, row, 1);
                out.setFixed(Fixed.L_B, row, weightRange.lo());
                wire(mm.a()[t], 1, row);
                for (int j = 0; j < cols; j++) {
                    wire(mm.b()[t * p + j0 + j], 2 * j, row);
                }
            }
            // Q_FWO is no gate of its own (Q_FW's gate reads it), so not among the used gates.
            int row = newRow(null);
            out.setFixed(Fixed.Q_FWO, row, 1);
            for (int j = 0; j < cols; j++) {
                wire(mm.out()[j0 + j], 2 * j, row);
            }
            closeFreivalds(first);
        }
    }

    /** Ends the Freivalds check whose rows start at {@code first}: e carried from its second row on, 0 on its last. */
    private void closeFreivalds(int first) {
        int last = out.rows - 1;
        out.setFixed(Fixed.Q_FFIN, last, 1);
        out.usedGates.add(Fixed.Q_FFIN);
        for (int row = first + 1; row <= last; row++) {
            out.setFixed(Fixed.F_CE, row, 1);
        }
        out.freivaldsFirst.add(first);
        out.freivaldsLast.add(last);
    }

    /**
     * One Horner chain over the wires seq[0..len) (highest power first): its rows under {@code horner}, the g rule
     * {@code gFirst} on its first row and {@code gRest} on the others, and its result entering e with sign {@code end}.
     */
    private void horner(int[] seq, int len, Fixed horner, Fixed gFirst, Fixed gRest, int end) {
        int rows = (len + w - 1) / w;
        int pad = rows * w - len;
        for (int t = 0; t < rows; t++) {
            int row = newRow(horner);
            Fixed g = t == 0 ? gFirst : gRest;
            if (g != null) {
                out.setFixed(g, row, 1);
                out.usedGates.add(g);
            }
            if (t > 0) {
                out.setFixed(Fixed.F_C, row, 1);
            }
            for (int c = 0; c < w; c++) {
                int e = t * w + c - pad;
                if (e < 0) {
                    zero(c, row);
                } else {
                    wire(seq[e], c, row);
                }
            }
            if (t == rows - 1 && end != 0) {
                out.setFixed(Fixed.F_END, row, end);
            }
        }
    }

    private boolean fixedWeights(int[] ws) {
        return weightsFixed.of(ws);
    }

    /**
     * Whether every weight wire of an array is a constant the verifying key fixes, remembered for the last array
     * asked about: consecutive outputs of a layer usually share their weight array.
     */
    private static final class FixedWeights {
        private final GadgetProgram program;
        private int[] last;
        private boolean lastFixed;

        FixedWeights(GadgetProgram program) {
            this.program = program;
        }

        boolean of(int[] ws) {
            if (ws != last) {
                last = ws;
                lastFixed = true;
                for (int x : ws) {
                    if (!program.isFixedConstant(x)) {
                        lastFixed = false;
                        break;
                    }
                }
            }
            return lastFixed;
        }
    }

    /**
     * Weights the verifying key fixes sit in fixed columns beside the inputs: W - 2 products per row,
     * no weight cells and no copies for them. Unused positions have weight 0, so their cells are free.
     */
    private void placeFixedDot(int[] xs, int[] ws, int bias, int result) {
        int per = w - 2;
        int nRows = Math.max(1, (xs.length + per - 1) / per);
        int entry = terms(xs, ws, per, nRows);
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
                carryIn(row, carrySrc);
            }
            if (r == nRows - 1) {
                wire(result, w - 1, row);
            } else {
                carrySrc = carryOut(row, carrySrc, entry, from);
            }
        }
    }

    /**
     * Places the dot products side by side ({@link DotLayout#PACKED}): one segment per product, of the layer's
     * longest product's terms then bias and result, W / size segments per row under the packed gate of that length.
     * Returns false, placing nothing, when fewer than two segments fit a row (the chained rows are then as good)
     * or when the weights are fixed for some products and not others.
     */
    private boolean placePackedDots(Gadget.Dot d) {
        int n = d.out().length;
        int terms = 0;
        int fixedCount = 0;
        for (int i = 0; i < n; i++) {
            terms = Math.max(terms, d.xs()[i].length);
            fixedCount += fixedWeights(d.ws()[i]) ? 1 : 0;
        }
        if (n == 0 || (fixedCount != 0 && fixedCount != n)) {
            return false;
        }
        Layout.DotShape shape = new Layout.DotShape(fixedCount == n, terms);
        int size = shape.size();
        int per = w / size;
        if (per < 2) {
            return false;
        }
        int row = -1;
        for (int i = 0; i < n; i++) {
            int s = i % per;
            if (s == 0) {
                row = newRow(null);
                out.setShapedSelector(shape, row);
            }
            int col = s * size;
            int[] xs = d.xs()[i];
            int[] ws = d.ws()[i];
            for (int j = 0; j < terms; j++) {
                if (shape.fixedWeights()) {
                    if (j < xs.length) {
                        wire(xs[j], col + j, row);
                        out.setWeight(col + j, row, program.constantValue(ws[j]));
                    }
                } else if (j < xs.length) {
                    wire(xs[j], col + 2 * j, row);
                    wire(ws[j], col + 2 * j + 1, row);
                } else {
                    // An unused pair's input is tied to 0, so whatever its weight cell holds adds nothing.
                    zero(col + 2 * j, row);
                }
            }
            wire(d.bias()[i], col + size - 2, row);
            wire(d.out()[i], col + size - 1, row);
        }
        return true;
    }

    /**
     * A floor under the rows a layout of the program takes at width {@code w} and table bits {@code b}, counted from
     * the gadgets' lengths and declared ranges alone: every gadget's own rows start on a row of their own and are
     * disjoint from the others' (a chain per dot product or sum output, {@code ceil(n / groups)} rows for grouped
     * gadgets; dot products that may sit side by side, {@link DotLayout#PACKED}, count none), and so are its
     * range-check rows ({@link #rangeRowsFloor}). Public values and Freivalds chains are not counted.
     */
    static long rowsFloor(GadgetProgram program, int w, int b) {
        long rows = 0;
        FixedWeights weightsFixed = new FixedWeights(program);
        InPlaceWeightChecks inPlace = new InPlaceWeightChecks(program, b);
        List<Gadget> gadgets = program.gadgets();
        for (int gi = 0; gi < gadgets.size(); gi++) {
            Gadget g = gadgets.get(gi);
            if (g instanceof Gadget.Dot d && program.dotLayout(gi) != DotLayout.PACKED) {
                for (int i = 0; i < d.out().length; i++) {
                    boolean fixed = weightsFixed.of(d.ws()[i]);
                    int per = fixed ? w - 2 : (w - 2) / 2;
                    rows += Math.max(1, (d.xs()[i].length + per - 1) / per);
                }
            } else if (g instanceof Gadget.DotRescale d) {
                long tails = 0;
                for (int i = 0; i < d.out().length; i++) {
                    boolean fixed = weightsFixed.of(d.ws()[i]);
                    Layout.FusedShape shape = new Layout.FusedShape(fixed, d.relu(), d.shift());
                    int len = d.xs()[i].length;
                    if (shape.fitsInPlace(len, w)) {
                        rows += shape.rowsOf(len, w);
                    } else {
                        int per = Layout.FusedShape.rowTerms(fixed, w);
                        rows += Math.max(1, (len + per - 1) / per);
                        tails++;
                    }
                }
                rows += groupRows(tails, w / new Layout.TailShape(d.relu(), d.shift()).groupCells());
            } else if (g instanceof Gadget.Sum s) {
                for (int[] ts : s.terms()) {
                    rows += Math.max(1, (ts.length + w - 3) / (w - 2));
                }
            } else if (g instanceof Gadget.Linear l) {
                rows += groupRows(l.out().length, w / 3);
            } else if (g instanceof Gadget.Mul m) {
                rows += groupRows(m.out().length, w / 3);
            } else if (g instanceof Gadget.DivRound d) {
                rows += groupRows(d.out().length, w / 3);
            } else if (g instanceof Gadget.DivVar d) {
                rows += groupRows(d.out().length, w / 5);
            } else if (g instanceof Gadget.Max m) {
                rows += groupRows(m.out().length, w / 5);
            } else if (g instanceof Gadget.Compare c) {
                rows += groupRows(c.out().length, w / 4);
            } else if (g instanceof Gadget.Lookup l) {
                rows += groupRows(l.out().length, w / 2);
            }
            rows += rangeRowsFloor(program, gi, w, b, inPlace);
        }
        return rows;
    }

    /**
     * A floor under the rows {@link #placeChecks} gives gadget {@code gi}'s range obligations at width {@code w} and
     * table bits {@code b}. Rescales, fused rescales and range checks state their obligations' ranges (see their place
     * methods and {@link #range}), so each takes its own path: in the table base one of at most b bits is a slot of a
     * W/2-slot lookup row; a wider one, or any in the bit base, is decomposed into limbs, on {@link
     * Layout.DecShape#rowsOf} rows of its own or, packed, W/(L+1) side by side (per limb count), each limb of more than
     * one bit a slot. Every other gadget's obligations count one slot each in the table base, none in the bit base.
     */
    private static long rangeRowsFloor(GadgetProgram program, int gi, int w, int b, InPlaceWeightChecks inPlace) {
        boolean bits = program.rangeBase(gi) == RangeBase.BITS;
        long[] byBits = statedObligations(program, program.gadgets().get(gi), inPlace);
        if (byBits == null) {
            return bits ? 0 : groupRows(tableObligations(program, gi), w / 2);
        }
        int limbBits = bits ? 1 : b;
        boolean packed = program.rangeLayout(gi) == RangeLayout.PACKED;
        long rows = 0;
        long slots = 0;
        long[] packedByLimbs = new long[65];
        for (int cbits = 0; cbits < byBits.length; cbits++) {
            long n = byBits[cbits];
            if (n == 0) {
                continue;
            }
            if (limbBits > 1 && cbits <= b) {
                slots += n;
                continue;
            }
            int limbs = limbsFor(cbits, limbBits);
            if (packed && 2 * (limbs + 1) <= w) {
                packedByLimbs[limbs] += n;
            } else {
                rows += n * Layout.DecShape.rowsOf(limbs, w);
            }
            if (limbBits > 1) {
                slots += n * limbs;
            }
        }
        for (int limbs = 0; limbs < packedByLimbs.length; limbs++) {
            if (packedByLimbs[limbs] > 0) {
                rows += groupRows(packedByLimbs[limbs], w / (limbs + 1));
            }
        }
        return rows + groupRows(slots, w / 2);
    }

    /**
     * The range obligations of a rescale, a fused rescale, a range check, a max, min or comparison by their bits
     * (index: bits, value: how many), as their place methods make them (a max's or comparison's slack from its
     * operands' intervals); null for other gadgets, or when an operand's interval is too wide to say. A range check
     * counts only the wires {@code inPlace} does not cover (all of them when it is null).
     */
    private static long[] statedObligations(GadgetProgram program, Gadget g, InPlaceWeightChecks inPlace) {
        long[] byBits = new long[65];
        if (g instanceof Gadget.Max m) {
            return slackObligations(program, m.a(), m.b(), byBits);
        }
        if (g instanceof Gadget.Compare c) {
            return slackObligations(program, c.a(), c.b(), byBits);
        }
        if (g instanceof Gadget.DivRound d) {
            obligations(byBits, d.outRange(), d.out().length);
            obligations(byBits, new Interval(0, 2 * d.divisor() - 1), d.out().length);
        } else if (g instanceof Gadget.DotRescale d) {
            byBits[Interval.bitsFor(2 * d.divisor() - 1)] += d.out().length;
            if (d.relu()) {
                byBits[Gadget.DotRescale.signBits(d.outRange())] += d.out().length;
            } else {
                obligations(byBits, d.outRange(), d.out().length);
            }
        } else if (g instanceof Gadget.RangeCheck r) {
            obligations(byBits, r.range(), inPlace == null ? r.wires().length : inPlace.uncovered(r));
        } else {
            return null;
        }
        return byBits;
    }

    /**
     * Floors under the gates and fixed columns of a layout at width {@code w} and table bits {@code b}: the gates
     * every gadget of these kinds certainly places (dot products not side by side: per output the fixed-weight or
     * the two-cell gate, and the chain when an output takes more than one row; sums, with their chain likewise;
     * linear combinations, products, rescales, divisions, maxima, minima, comparisons: their grouped gate), one per
     * decomposition shape the stated obligations of rescales, fused rescales and range checks take ({@link
     * #rangeRowsFloor}); fixed: each of these gates' selector, the fixed-weight gate's W - 2 weight columns, the
     * coefficient columns they read (C1 for rescales and decompositions, C2 for decompositions, C1 to C3 for linear
     * combinations), and with lookups the lookup's four and the table's three.
     *
     * @return {gates, fixed columns}
     */
    static int[] gatesAndFixedFloor(GadgetProgram program, int w, int b) {
        EnumSet<Fixed> selectors = EnumSet.noneOf(Fixed.class);
        Set<Layout.DecShape> shapes = new HashSet<>();
        List<Gadget> gadgets = program.gadgets();
        FixedWeights weightsFixed = new FixedWeights(program);
        for (int gi = 0; gi < gadgets.size(); gi++) {
            Gadget g = gadgets.get(gi);
            if (g instanceof Gadget.Dot d && program.dotLayout(gi) != DotLayout.PACKED) {
                for (int i = 0; i < d.out().length; i++) {
                    boolean fixed = weightsFixed.of(d.ws()[i]);
                    selectors.add(fixed ? Fixed.Q_DOTF : Fixed.Q_DOT);
                    int per = fixed ? w - 2 : (w - 2) / 2;
                    if (d.xs()[i].length > per) {
                        selectors.add(Fixed.Q_CHAIN);
                    }
                }
            } else if (g instanceof Gadget.Sum sum) {
                for (int[] ts : sum.terms()) {
                    selectors.add(Fixed.Q_SUM);
                    if (ts.length > w - 2) {
                        selectors.add(Fixed.Q_CHAIN);
                    }
                }
            } else if (g instanceof Gadget.Linear l && l.out().length > 0) {
                selectors.add(Fixed.Q_LIN);
            } else if (g instanceof Gadget.Mul m && m.out().length > 0) {
                selectors.add(Fixed.Q_MUL);
            } else if (g instanceof Gadget.DivRound d && d.out().length > 0) {
                selectors.add(Fixed.Q_DIV);
            } else if (g instanceof Gadget.DivVar d && d.out().length > 0) {
                selectors.add(Fixed.Q_DV);
            } else if (g instanceof Gadget.Max m && m.out().length > 0) {
                selectors.add(m.min() ? Fixed.Q_MIN : Fixed.Q_MAX);
            } else if (g instanceof Gadget.Compare c && c.out().length > 0) {
                selectors.add(Fixed.Q_CMP);
            }
            long[] byBits = statedObligations(program, g, null);
            if (byBits == null) {
                continue;
            }
            int limbBits = program.rangeBase(gi) == RangeBase.BITS ? 1 : b;
            boolean packed = program.rangeLayout(gi) == RangeLayout.PACKED;
            for (int cbits = 0; cbits < byBits.length; cbits++) {
                if (byBits[cbits] > 0 && !(limbBits > 1 && cbits <= b)) {
                    int limbs = limbsFor(cbits, limbBits);
                    shapes.add(new Layout.DecShape(packed && 2 * (limbs + 1) <= w, limbBits, limbs));
                }
            }
        }
        int fixed = selectors.size() + shapes.size() + (selectors.contains(Fixed.Q_DOTF) ? w - 2 : 0);
        if (selectors.contains(Fixed.Q_LIN)) {
            fixed += 3;
        } else if (!shapes.isEmpty()) {
            fixed += 2;
        } else if (selectors.contains(Fixed.Q_DIV)) {
            fixed += 1;
        }
        if (checksOrLooksUp(program)) {
            fixed += 7;
        }
        return new int[] {selectors.size() + shapes.size(), fixed};
    }

    /** The slack obligations of {@link #placeMax} and {@link #placeCompare} over operands a and b, into {@code byBits}. */
    private static long[] slackObligations(GadgetProgram program, int[] a, int[] b, long[] byBits) {
        try {
            for (int e = 0; e < a.length; e++) {
                Interval ia = program.interval(a[e]);
                Interval ib = program.interval(b[e]);
                long tMax = Math.max(0, Math.max(Math.subtractExact(ia.hi(), ib.lo()),
                        Math.subtractExact(Math.subtractExact(ib.hi(), ia.lo()), 1)));
                byBits[Interval.bitsFor(tMax)]++;
            }
        } catch (ArithmeticException e) {
            return null;
        }
        return byBits;
    }

    /** Adds the obligations {@link #range} makes for {@code n} values in {@code iv} to {@code byBits}. */
    private static void obligations(long[] byBits, Interval iv, long n) {
        long width = iv.width();
        int bits = Interval.bitsFor(width);
        byBits[bits] += n;
        if (bits < 63 && width + 1 != (1L << bits)) {
            byBits[bits] += n;
        }
    }

    /**
     * The range obligations gadget {@code gi} makes that end in the range table (none in the bit base): quotient and
     * remainder of a rescale; quotient, denominator, remainder and slack of a division; the slack of a max, min or
     * comparison; each checked wire (see the place methods; a check is one or two obligations, counted as one).
     */
    private static long tableObligations(GadgetProgram program, int gi) {
        if (program.rangeBase(gi) == RangeBase.BITS) {
            return 0;
        }
        Gadget g = program.gadgets().get(gi);
        if (g instanceof Gadget.DivRound d) {
            return 2L * d.out().length;
        } else if (g instanceof Gadget.DotRescale d) {
            return 2L * d.out().length;
        } else if (g instanceof Gadget.DivVar d) {
            return 4L * d.out().length;
        } else if (g instanceof Gadget.Max m) {
            return m.out().length;
        } else if (g instanceof Gadget.Compare c) {
            return c.out().length;
        } else if (g instanceof Gadget.RangeCheck r) {
            return r.wires().length;
        }
        return 0;
    }

    private static long groupRows(long n, int groups) {
        return (n + groups - 1) / groups;
    }

    /** Whether a layout of the program uses the lookup argument: a function lookup, or a range obligation in the table. */
    static boolean checksOrLooksUp(GadgetProgram program) {
        for (int gi = 0; gi < program.gadgets().size(); gi++) {
            if (program.gadgets().get(gi) instanceof Gadget.Lookup || tableObligations(program, gi) > 0) {
                return true;
            }
        }
        return false;
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
            int entry = terms(xs, ws, pairs, nRows);
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
                    carryIn(row, carrySrc);
                }
                if (r == nRows - 1) {
                    wire(d.out()[i], w - 1, row);
                } else {
                    carrySrc = carryOut(row, carrySrc, entry, from);
                }
            }
        }
    }

    /**
     * A fused dense output per chain ({@link Gadget.DotRescale}): full dot rows as {@link #placeDot} lays them, then a
     * last row under the fused gate of {@link Layout.FusedShape}, whose accumulator (column W-1, an aux cell) the
     * rescale reads in place: 2 acc + c = 2c q + r with c = 2^shift. Without relu the tail holds (r, q), q the output;
     * with relu (r, b, t, y): b a sign bit, t = q for q >= 0 and -q - 1 below, y = b t the output, so that q is never
     * a cell. An output whose last dot row has no room for the tail (the fused rows would be one more than the dot's)
     * keeps plain dot rows, and its tail goes, with the others', into rows of tail groups after the chains, reading
     * the accumulator through one copy: (acc, q, r) div_round triples, or (acc, r, b, t, y) groups under the
     * rescale_relu gate of {@link Layout.TailShape}. Range obligations: r in [0, 2c), and q in its range (without
     * relu), or t in [0, 2^m) (with relu: this proves q in [-2^m, 2^m - 1], the gadget's range).
     */
    private void placeDotRescale(Gadget.DotRescale d, Checks cs) {
        long c = d.divisor();
        int n = d.out().length;
        int[] tailAcc = new int[n];
        int[] tailRow = new int[n];
        int[] tailOut = new int[n];
        int tails = 0;
        for (int i = 0; i < n; i++) {
            int[] xs = d.xs()[i];
            int[] ws = d.ws()[i];
            boolean fixedW = fixedWeights(ws);
            Layout.FusedShape shape = new Layout.FusedShape(fixedW, d.relu(), d.shift());
            int per = Layout.FusedShape.rowTerms(fixedW, w);
            boolean inPlace = shape.fitsInPlace(xs.length, w);
            int nRows = inPlace ? shape.rowsOf(xs.length, w) : Math.max(1, (xs.length + per - 1) / per);
            int entry = out.record ? out.aux.terms(xs, ws, per) : -1;
            int carrySrc = d.bias()[i];
            int acc = -1;
            for (int r = 0; r < nRows; r++) {
                boolean fusedRow = inPlace && r == nRows - 1;
                int row;
                if (fusedRow) {
                    row = newRow(null);
                    out.setShapedSelector(shape, row);
                } else {
                    row = newRow(fixedW ? Fixed.Q_DOTF : Fixed.Q_DOT);
                }
                int from = Math.min(xs.length, r * per);
                int to = Math.min(xs.length, from + per);
                int slots = fusedRow ? shape.lastRowTerms(w) : per;
                for (int j = 0; j < slots; j++) {
                    if (from + j < to) {
                        if (fixedW) {
                            wire(xs[from + j], j, row);
                            out.setWeight(j, row, program.constantValue(ws[from + j]));
                        } else {
                            wire(xs[from + j], 2 * j, row);
                            wire(ws[from + j], 2 * j + 1, row);
                        }
                    } else if (!fixedW) {
                        zero(2 * j, row); // an unused pair's input is 0, so its free weight cell adds nothing
                    }
                }
                if (r == 0) {
                    wire(d.bias()[i], w - 2, row);
                } else {
                    out.setFixed(Fixed.Q_CHAIN, row, 1);
                    out.usedGates.add(Fixed.Q_CHAIN);
                    carryIn(row, carrySrc);
                }
                if (out.record) {
                    out.aux.partialSum(carrySrc, entry, from);
                }
                int sum = auxCell(w - 1, row);
                if (r == nRows - 1) {
                    acc = sum;
                } else {
                    carrySrc = sum;
                }
            }
            if (inPlace) {
                tail(d, i, acc, out.rows - 1, shape.tailColumn(w), cs);
            } else {
                tailAcc[tails] = acc;
                tailRow[tails] = out.rows - 1;
                tailOut[tails] = i;
                tails++;
            }
        }
        placeTailGroups(d, tails, tailAcc, tailRow, tailOut, cs);
    }

    /**
     * The rescale (and relu) of output i from its accumulator {@code acc}, on {@code row} from column {@code col}:
     * (r, q), or (r, b, t, y); the cells the fused gate or a tail group's gate reads.
     */
    private void tail(Gadget.DotRescale d, int i, int acc, int row, int col, Checks cs) {
        long c = d.divisor();
        if (out.record) {
            out.aux.rescaleRemainder(acc, d.relu() ? AuxRules.NONE : d.out()[i], c);
        }
        int rSrc = auxCell(col, row);
        cs.add(rSrc, col, row, 1, 0, Interval.bitsFor(2 * c - 1));
        if (d.relu()) {
            if (out.record) {
                out.aux.reluSign(acc, c);
            }
            auxCell(col + 1, row);
            if (out.record) {
                out.aux.reluMagnitude(acc, c);
            }
            int t = auxCell(col + 2, row);
            wire(d.out()[i], col + 3, row);
            range(cs, t, col + 2, row, new Interval(0, (1L << Gadget.DotRescale.signBits(d.outRange())) - 1));
        } else {
            wire(d.out()[i], col + 1, row);
            range(cs, d.out()[i], col + 1, row, d.outRange());
        }
    }

    /**
     * The tails of the outputs whose last dot row was full: groups of (acc, r, b, t, y) under the rescale_relu gate,
     * W/5 per row, or without relu div_round triples (acc, q, r), W/3 per row (the separate rescale's own rows, with
     * no column of their own); acc is a copy of the chain's accumulator. An unused group holds acc = 0 with r = c
     * (and b = 1: q = 0), which the gate accepts and nothing reads.
     */
    private void placeTailGroups(Gadget.DotRescale d, int tails, int[] acc, int[] accRow, int[] outIndex, Checks cs) {
        if (tails == 0) {
            return;
        }
        Layout.TailShape shape = new Layout.TailShape(d.relu(), d.shift());
        int size = shape.groupCells();
        int groups = w / size;
        int row = -1;
        for (int e = 0; e < roundUp(tails, groups); e++) {
            if (e % groups == 0) {
                if (d.relu()) {
                    row = newRow(null);
                    out.setShapedSelector(shape, row);
                } else {
                    row = newRow(Fixed.Q_DIV);
                    out.setFixed(Fixed.C1, row, d.divisor());
                }
            }
            int col = (e % groups) * size;
            if (e < tails) {
                cell(col, row, acc[e], false);
                copy(w - 1, accRow[e], col, row);
                if (d.relu()) {
                    tail(d, outIndex[e], acc[e], row, col + 1, cs);
                } else {
                    int q = d.out()[outIndex[e]];
                    wire(q, col + 1, row);
                    if (out.record) {
                        out.aux.rescaleRemainder(acc[e], q, d.divisor());
                    }
                    int r = auxCell(col + 2, row);
                    cs.add(r, col + 2, row, 1, 0, Interval.bitsFor(2 * d.divisor() - 1));
                    range(cs, q, col + 1, row, d.outRange());
                }
            } else {
                padCell(col + (d.relu() ? 1 : 2), row, d.divisor());
                if (d.relu()) {
                    padCell(col + 2, row, 1);
                }
            }
        }
    }

    private void placeSum(Gadget.Sum s) {
        int per = w - 2;
        for (int i = 0; i < s.out().length; i++) {
            int[] ts = s.terms()[i];
            int nRows = Math.max(1, (ts.length + per - 1) / per);
            int entry = terms(ts, null, per, nRows);
            int carrySrc = AuxRules.NONE; // a sum's first row starts from 0
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
                    carryIn(row, carrySrc);
                }
                if (r == nRows - 1) {
                    wire(s.out()[i], w - 1, row);
                } else {
                    carrySrc = carryOut(row, carrySrc, entry, from);
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

    private void placeDivRound(Gadget.DivRound d, Checks cs) {
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
                if (out.record) {
                    out.aux.divRound(v, q, c);
                }
                int r = auxCell(col + 2, row);
                range(cs, q, -1, -1, d.outRange());
                range(cs, r, col + 2, row, rem);
            } else {
                padCell(col + 2, row, c);
            }
        }
    }

    private void placeDivVar(Gadget.DivVar d, Checks cs) {
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
                if (out.record) {
                    out.aux.divVarRemainder(num, den, q);
                }
                int r = auxCell(col + 3, row);
                if (out.record) {
                    out.aux.divVarSlack(num, den, q);
                }
                int s = auxCell(col + 4, row);
                range(cs, q, -1, -1, d.outRange());
                range(cs, den, -1, -1, new Interval(1, denHi));
                int bits = Interval.bitsFor(Math.multiplyExact(2, denHi) - 1);
                cs.add(r, col + 3, row, 1, 0, bits);
                cs.add(s, col + 4, row, 1, 0, bits);
            } else {
                padCell(col + 1, row, 1);
                padCell(col + 3, row, 1);
            }
        }
    }

    private void placeMax(Gadget.Max m, Checks cs) {
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
                if (out.record) {
                    out.aux.equal(o, chosen);
                }
                auxCell(col + 2, row);
                wire(o, col + 3, row);
                if (out.record) {
                    out.aux.maxSlack(o, a, bw, m.min());
                }
                int t = auxCell(col + 4, row);
                Interval ia = program.interval(a);
                Interval ib = program.interval(bw);
                long tMax = Math.max(0, Math.max(Math.subtractExact(ia.hi(), ib.lo()),
                        Math.subtractExact(Math.subtractExact(ib.hi(), ia.lo()), 1)));
                cs.add(t, col + 4, row, 1, 0, Interval.bitsFor(tMax));
            } else {
                padCell(col + 2, row, 1);
            }
        }
    }

    private void placeCompare(Gadget.Compare m, Checks cs) {
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
                if (out.record) {
                    out.aux.compareSlack(c, a, bw);
                }
                int t = auxCell(col + 3, row);
                Interval ia = program.interval(a);
                Interval ib = program.interval(bw);
                long tMax = Math.max(0, Math.max(Math.subtractExact(ia.hi(), ib.lo()),
                        Math.subtractExact(Math.subtractExact(ib.hi(), ia.lo()), 1)));
                cs.add(t, col + 3, row, 1, 0, Interval.bitsFor(tMax));
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

    /**
     * Lays out one gadget's checks with limbs of {@code limbBits} bits (the table's bits, or 1 for bits): with
     * table limbs a check no wider than the table is one lookup of the value, a wider one is decomposed; with bits
     * every check is decomposed and nothing is looked up. Each decomposition has the limbs its own range needs.
     */
    private void placeChecks(Checks checks, boolean packed, int limbBits) {
        Checks narrow = new Checks();
        Checks wide = packed ? new Checks() : null;
        for (int i = 0; i < checks.n; i++) {
            int bits = checks.bits(i);
            if (limbBits > 1 && bits <= b) {
                narrow.add(checks.src[i], checks.col[i], checks.row[i], checks.sgn(i), checks.base[i], bits);
            } else if (wide != null && 2 * (limbsFor(bits, limbBits) + 1) <= w) {
                wide.add(checks.src[i], checks.col[i], checks.row[i], checks.sgn(i), checks.base[i], bits);
            } else {
                decompose(checks, i, limbBits, narrow);
            }
        }
        if (wide != null) {
            decomposePacked(wide, limbBits, narrow);
        }
        // Group by key in order of first appearance (a counting sort over key ids).
        KeyIds ids = new KeyIds();
        int[] keyOf = new int[narrow.n];
        IntArray firstOfKey = new IntArray();
        for (int i = 0; i < narrow.n; i++) {
            int id = ids.idOf(narrow.sbits[i], narrow.base[i]);
            if (id == firstOfKey.n) {
                firstOfKey.add(i);
            }
            keyOf[i] = id;
        }
        int keys = firstOfKey.n;
        int[] start = new int[keys + 1];
        for (int i = 0; i < narrow.n; i++) {
            start[keyOf[i] + 1]++;
        }
        for (int k = 0; k < keys; k++) {
            start[k + 1] += start[k];
        }
        int[] order = new int[narrow.n];
        int[] fill = Arrays.copyOf(start, keys);
        for (int i = 0; i < narrow.n; i++) {
            order[fill[keyOf[i]]++] = i;
        }
        int per = w / 2;
        for (int k = 0; k < keys; k++) {
            int first = firstOfKey.a[k];
            int size = start[k + 1] - start[k];
            int bits = narrow.bits(first);
            long sgn = narrow.sgn(first);
            long base = narrow.base[first];
            out.usesLookups = true;
            out.rangeTagMaxBits = Math.max(out.rangeTagMaxBits, bits);
            int row = -1;
            for (int e = 0; e < roundUp(size, per); e++) {
                if (e % per == 0) {
                    row = newRow(null);
                    out.setFixed(Fixed.L_TAG, row, bits + 1);
                    out.setFixed(Fixed.L_S, row, sgn);
                    out.setFixed(Fixed.L_B, row, base);
                }
                int col = 2 * (e % per);
                if (e < size) {
                    checkedCopy(narrow, order[start[k] + e], col, row);
                } else {
                    padCell(col, row, sgn * base);
                }
            }
        }
    }

    /** Places the checked value in a range row cell, tied to where it lives. */
    private void checkedCopy(Checks c, int i, int col, int row) {
        if (c.src[i] >= 0 && c.col[i] < 0) {
            wire(c.src[i], col, row);
        } else {
            cell(col, row, c.src[i], false);
            copy(c.col[i], c.row[i], col, row);
        }
    }

    private static int limbsFor(int bits, int limbBits) {
        return (bits + limbBits - 1) / limbBits;
    }

    /**
     * Limb j of a decomposition of sgn * x - base in limbs of {@code limbBits} bits: looked up to its bits (the top
     * one to the bits left over), or, for one-bit limbs, left to the gate's booleanity constraint.
     */
    private int limb(int dec, int limbBits, int cbits, int j, int col, int row, Checks narrow) {
        int shift = limbBits * j;
        if (out.record) {
            out.aux.limb(dec, shift, limbBits);
        }
        int limb = auxCell(col, row);
        if (limbBits > 1) {
            narrow.add(limb, col, row, 1, 0, Math.min(limbBits, cbits - shift));
        }
        return limb;
    }

    /**
     * sgn * x - base = sum_j limb_j 2^(limbBits j) over the limbs the check needs, W - 1 limbs per row, the gate of
     * this limb count and base on the first row reading the rest by rotation.
     */
    private void decompose(Checks c, int i, int limbBits, Checks narrow) {
        int cbits = c.bits(i);
        int limbs = limbsFor(cbits, limbBits);
        int row = newRow(null);
        out.setShapedSelector(new Layout.DecShape(false, limbBits, limbs), row);
        for (int extra = 1; extra < Layout.DecShape.rowsOf(limbs, w); extra++) {
            newRow(null);
        }
        int src = c.src[i];
        long sgn = c.sgn(i);
        long base = c.base[i];
        out.setFixed(Fixed.C1, row, sgn);
        out.setFixed(Fixed.C2, row, base);
        checkedCopy(c, i, w - 1, row);
        int dec = out.record ? out.aux.decomposition(src, sgn, base) : -1;
        for (int j = 0; j < limbs; j++) {
            limb(dec, limbBits, cbits, j, j % (w - 1), row + j / (w - 1), narrow);
        }
    }

    /**
     * The packed form of {@link #decompose} ({@link RangeLayout#PACKED}, chosen per gadget by the optimizer): groups
     * of (value, limb_0 .. limb_{L-1}) side by side, W / (L + 1) per row under the packed gate of L limbs, checks
     * of equal sign, offset and limb count sharing a row (C1, C2 hold sign and offset). An unused group holds
     * sgn * base and zero limbs, which the gate accepts and nothing reads.
     */
    private void decomposePacked(Checks c, int limbBits, Checks narrow) {
        KeyIds ids = new KeyIds();
        List<IntArray> byKey = new ArrayList<>();
        for (int i = 0; i < c.n; i++) {
            // The sign rides on the limb count + 1 (never 0), so one key holds sign and limb count.
            int id = ids.idOf((int) c.sgn(i) * (limbsFor(c.bits(i), limbBits) + 1), c.base[i]);
            if (id == byKey.size()) {
                byKey.add(new IntArray());
            }
            byKey.get(id).add(i);
        }
        for (IntArray members : byKey) {
            final long sgn = c.sgn(members.a[0]);
            final long base = c.base[members.a[0]];
            int limbs = limbsFor(c.bits(members.a[0]), limbBits);
            Layout.DecShape shape = new Layout.DecShape(true, limbBits, limbs);
            int size = limbs + 1;
            int groups = w / size;
            int row = -1;
            for (int e = 0; e < roundUp(members.n, groups); e++) {
                if (e % groups == 0) {
                    row = newRow(null);
                    out.setShapedSelector(shape, row);
                    out.setFixed(Fixed.C1, row, sgn);
                    out.setFixed(Fixed.C2, row, base);
                }
                int col = (e % groups) * size;
                if (e >= members.n) {
                    padCell(col, row, sgn * base);
                    for (int j = 0; j < limbs; j++) {
                        padCell(col + 1 + j, row, 0);
                    }
                    continue;
                }
                int i = members.a[e];
                checkedCopy(c, i, col, row);
                int dec = out.record ? out.aux.decomposition(c.src[i], sgn, base) : -1;
                for (int j = 0; j < limbs; j++) {
                    limb(dec, limbBits, c.bits(i), j, col + 1 + j, row, narrow);
                }
            }
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
                    if (!isPlaced(wire)) {
                        int row = newRow(null);
                        wire(wire, 0, row);
                    }
                    copyFromHome(wire, Layout.INSTANCE_COLUMN, instRow);
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
                if (!isPlaced(wire)) {
                    int row = newRow(null);
                    wire(wire, 0, row);
                }
                if (out.record) {
                    cols[i] = homeCol[wire];
                    rows[i] = homeRow[wire];
                }
            }
            out.hashed.add(new Layout.Hashed(t.name(), t.wires(), cols, rows));
        }
    }

    /**
     * The table's tuples in order (first (0, 0, 0), which every row with the lookup switched off produces, then the
     * range rows of 0..max bits, then each function table), split over the segments: tuple i goes to segment
     * i / per, row i % per, per = ceil(tuples / segments); a segment's rows past its tuples stay (0, 0, 0). With
     * one segment this is the one-column table as it always was.
     */
    private void placeTables() {
        if (!out.usesLookups) {
            return;
        }
        long total = 1;
        for (int bits = 0; bits <= out.rangeTagMaxBits; bits++) {
            total += 1L << bits;
        }
        for (LookupTable table : program.tables()) {
            total += table.size();
        }
        if (total > Integer.MAX_VALUE) {
            throw new GadgetException("the lookup table would need " + total + " rows");
        }
        int per = LayoutOptions.rowsPerSegment((int) total, segments);
        out.tableRows = (int) total;
        out.tableSegments = (int) ((total + per - 1) / per);
        int i = 1;
        for (int bits = 0; bits <= out.rangeTagMaxBits; bits++) {
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
