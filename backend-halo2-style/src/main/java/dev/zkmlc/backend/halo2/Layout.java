package dev.zkmlc.backend.halo2;

import dev.zkmlc.circuit.backend.CompiledCircuit.PublicValue;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of placement, without any witness value: which advice cell holds which wire or
 * auxiliary value, fixed column contents, copies, regions and the instance layout. Built by
 * {@link Layouter}; turned into a constraint system and a witness filler by {@link Halo2StyleBackend}.
 */
final class Layout {
    /** Copy endpoints use advice column indices >= 0, and these two codes. */
    static final int CONST_COLUMN = -1;
    static final int INSTANCE_COLUMN = -2;

    final int width;
    final int tableBits;
    /** False for a dry run: cells, copies and aux formulas are only counted, so huge models stay cheap. */
    final boolean record;
    long cells;
    long copies;
    int auxCount;
    int rows;
    int constRows;
    /** The table's tuples, over all segments (the all-zero tuple included). */
    int tableRows;
    /** The tuples of fixed columns the table is spread over: segment 0 in T_TAG, T_X, T_Y, the others in {@link #segmentTables}. */
    int tableSegments = 1;
    int rangeTagMaxBits = -1;

    // Advice cells, parallel arrays: column, row, source (wire id >= 0, or -(aux id + 1)).
    final IntList cellCol;
    final IntList cellRow;
    final IntList cellSrc;
    BitSet padding = new BitSet();
    /** How each auxiliary value (remainder, limb, partial sum...) is computed; empty in a dry run. */
    final AuxRules aux;

    /** Copies as two parallel arrays of {@link #cell}-packed endpoints (handed to the builder as they are). */
    final LongList copyA;
    final LongList copyB;

    final Map<Fixed, LongList> fixed = new EnumMap<>(Fixed.class);
    /** Segments 1.. of the table (tag, x, y each), by segment - 1. */
    final List<LongList[]> segmentTables = new ArrayList<>();
    private final LongList[] fixedByOrdinal = new LongList[Fixed.values().length];
    /** Weight columns of fixed-weight dot rows: column j multiplies advice column j. */
    final LongList[] weights;
    /**
     * The matrix columns of fixed-weight Freivalds checks ({@link Fixed#Q_FX}): column j holds W[t][j] on input row t
     * and -1 on output row j, and enters the check with r^j. Shared by every such check (their rows are disjoint).
     */
    final List<LongList> matrixWeights = new ArrayList<>();
    final EnumSet<Fixed> usedGates = EnumSet.noneOf(Fixed.class);
    boolean usesLookups;
    final List<Region> regions = new ArrayList<>();
    final List<PublicValue> publicValues = new ArrayList<>();
    /** First and last row of each Freivalds check, whose phase-1 cells the witness fills once the challenges are known. */
    final IntList freivaldsFirst = new IntList(4);
    final IntList freivaldsLast = new IntList(4);
    /** Hashed tensors, in instance order after the public values. */
    final List<Hashed> hashed = new ArrayList<>();

    /** A gate whose shape depends on parameters chosen per layer: its selector column is made per shape used. */
    sealed interface ShapedGate permits DecShape, DotShape, FusedShape, TailShape {
        String gateName();
    }

    /**
     * The gate of one decomposition shape: sgn * x - base = sum_j limb_j 2^(limbBits j) over {@code limbs} limbs
     * (with limbBits 1 each limb is also proved boolean), one decomposition on W - 1 limb cells per row continued
     * on the rows below, or packed: W / (limbs + 1) groups of (value, limbs) side by side.
     */
    record DecShape(boolean packed, int limbBits, int limbs) implements ShapedGate {
        @Override
        public String gateName() {
            return (packed ? "decompose_packed_" : "decompose_") + limbs + "x" + limbBits;
        }

        /** Rows a one-per-row decomposition of {@code limbs} limbs takes at width {@code w}. */
        static int rowsOf(int limbs, int w) {
            return Math.max(1, (limbs + w - 2) / (w - 1));
        }
    }

    /**
     * Short dot products side by side: segments of {@code terms} (x, w) pairs, or with weights fixed by the circuit
     * {@code terms} inputs whose weights sit in the fixed weight columns, then bias and result; W / size per row.
     */
    record DotShape(boolean fixedWeights, int terms) implements ShapedGate {
        int size() {
            return (fixedWeights ? terms : 2 * terms) + 2;
        }

        @Override
        public String gateName() {
            return (fixedWeights ? "dot_fixed_packed_" : "dot_packed_") + terms;
        }
    }

    /**
     * The last row of a fused dense output ({@link dev.zkmlc.circuit.gadget.Gadget.DotRescale}): the dot product's
     * final terms, then the tail (r, q), or with relu (r, c, t, y), then carry and accumulator in the last two columns.
     * The divisor 2^shift is part of the gate, so each shift used has a gate of its own.
     */
    record FusedShape(boolean fixedWeights, boolean relu, int shift) implements ShapedGate {
        /** Cells of the tail: remainder and quotient, or remainder, sign bit, magnitude and output. */
        int tailCells() {
            return relu ? 4 : 2;
        }

        /** The tail's first column at width w. */
        int tailColumn(int w) {
            return w - 2 - tailCells();
        }

        /** Terms the last row holds at width w (pairs, or inputs when the weights are fixed). */
        int lastRowTerms(int w) {
            int free = Math.max(0, tailColumn(w));
            return fixedWeights ? free : free / 2;
        }

        /** Terms a full dot row holds at width w. */
        static int rowTerms(boolean fixedWeights, int w) {
            return fixedWeights ? w - 2 : (w - 2) / 2;
        }

        /** Rows a fused output of {@code n} terms takes at width w: full dot rows, then the last row. */
        int rowsOf(int n, int w) {
            int last = lastRowTerms(w);
            int per = rowTerms(fixedWeights, w);
            return n <= last ? 1 : 1 + (n - last + per - 1) / per;
        }

        /**
         * Whether an output of {@code n} terms takes its tail on its last dot row: the row has the tail's columns, and
         * the fused rows are no more than the dot's own (else the tail goes to a {@link TailShape} group).
         */
        boolean fitsInPlace(int n, int w) {
            return tailColumn(w) >= 0 && rowsOf(n, w) <= Math.max(1, (n + rowTerms(fixedWeights, w) - 1)
                    / rowTerms(fixedWeights, w));
        }

        @Override
        public String gateName() {
            return (fixedWeights ? "dot_fixed_rescale_" : "dot_rescale_") + shift + (relu ? "_relu" : "");
        }
    }

    /**
     * Rows of tail groups of fused dense outputs whose last dot row was full: with relu (acc, r, b, t, y), W/5 per row;
     * acc is a copy of the chain's accumulator, the rest as in {@link FusedShape}. (Without relu the tails are
     * div_round triples (acc, q, r), W/3 per row, under that gate: {@link #groupCells} 3, no shaped gate.)
     */
    record TailShape(boolean relu, int shift) implements ShapedGate {
        int groupCells() {
            return relu ? 5 : 3;
        }

        @Override
        public String gateName() {
            return (relu ? "rescale_relu_" : "rescale_") + shift;
        }
    }

    /** The selector column of each shaped gate placed, in order of first use. */
    final Map<ShapedGate, LongList> shapedSelectors = new LinkedHashMap<>();

    /** A tensor whose Poseidon chain hash is public: its wires and their home cells. */
    record Hashed(String name, int[] wires, int[] cols, int[] rows) {}

    /** An empty layout; {@code sized}, the counts of a dry run of the same placement, presizes its lists. */
    Layout(int width, int tableBits, boolean record, Layout sized) {
        this.width = width;
        this.tableBits = tableBits;
        this.record = record;
        this.weights = new LongList[width];
        int cells = sized == null ? 64 : (int) Math.max(64, sized.cells);
        int copies = sized == null ? 64 : (int) Math.max(64, sized.copies);
        this.cellCol = new IntList(record ? cells : 0);
        this.cellRow = new IntList(record ? cells : 0);
        this.cellSrc = new IntList(record ? cells : 0);
        this.copyA = new LongList(record ? copies : 0);
        this.copyB = new LongList(record ? copies : 0);
        this.aux = new AuxRules(sized == null || !record ? 16 : sized.auxCount);
    }

    void setWeight(int column, int row, long value) {
        if (weights[column] == null) {
            weights[column] = new LongList(64);
        }
        if (record) {
            weights[column].set(row, value);
        }
    }

    /** Matrix column j's value on {@code row} of a fixed-weight Freivalds check (a weight, or -1 on an output row). */
    void setMatrixWeight(int j, int row, long value) {
        while (matrixWeights.size() <= j) {
            matrixWeights.add(new LongList(64));
        }
        if (record) {
            matrixWeights.get(j).set(row, value);
        }
    }

    void setFixed(Fixed column, int row, long value) {
        LongList l = fixedByOrdinal[column.ordinal()];
        if (l == null) {
            l = new LongList(64);
            fixedByOrdinal[column.ordinal()] = l;
            fixed.put(column, l);
        }
        if (record) { // a dry run only needs to know which fixed columns exist
            l.set(row, value);
        }
    }

    /**
     * Puts a table tuple on {@code row} of {@code segment} (0 writes T_TAG, T_X, T_Y); range rows ({@code hasY}
     * false) leave y unset, as 0.
     */
    void setTable(int segment, int row, long tag, long x, long y, boolean hasY) {
        if (segment == 0) {
            setFixed(Fixed.T_TAG, row, tag);
            setFixed(Fixed.T_X, row, x);
            if (hasY) {
                setFixed(Fixed.T_Y, row, y);
            }
            return;
        }
        while (segmentTables.size() < segment) {
            segmentTables.add(new LongList[] {new LongList(64), new LongList(64), new LongList(64)});
        }
        if (record) {
            LongList[] cols = segmentTables.get(segment - 1);
            cols[0].set(row, tag);
            cols[1].set(row, x);
            if (hasY) {
                cols[2].set(row, y);
            }
        }
    }

    void setShapedSelector(ShapedGate shape, int row) {
        LongList l = shapedSelectors.computeIfAbsent(shape, s -> new LongList(64));
        if (record) {
            l.set(row, 1);
        }
    }

    /** A cell as one long: the layout's column code (advice index, or CONST / INSTANCE) and the row. */
    static long cell(int col, int row) {
        return ((long) col << 32) | (row & 0xffff_ffffL);
    }

    static int cellColumn(long cell) {
        return (int) (cell >> 32);
    }

    static int cellRow(long cell) {
        return (int) cell;
    }

    /** Forgets the fixed values once the constraint system holds them (which columns exist stays known). */
    void dropFixed() {
        for (Map.Entry<Fixed, LongList> e : fixed.entrySet()) {
            e.setValue(new LongList(0));
            fixedByOrdinal[e.getKey().ordinal()] = e.getValue();
        }
        Arrays.fill(weights, null);
        matrixWeights.replaceAll(l -> new LongList(0));
        segmentTables.replaceAll(cols -> new LongList[] {new LongList(0), new LongList(0), new LongList(0)});
        shapedSelectors.replaceAll((s, l) -> new LongList(0));
    }

    /** Cells recorded (all of them when {@link #record}). */
    int cellCount() {
        return cellCol.size();
    }

    /** The most rows any column needs: gadget rows, constants, each table segment and public values. */
    int rowsNeeded() {
        int perSegment = LayoutOptions.rowsPerSegment(tableRows, tableSegments);
        return Math.max(Math.max(rows, constRows), Math.max(perSegment, publicValues.size() + hashed.size()));
    }

    /** A growable int array (placement of large models makes millions of cells). */
    static final class IntList {
        private int[] a;
        private int n;

        IntList(int capacity) {
            a = new int[Math.max(1, capacity)];
        }

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, Math.max(16, 2 * n));
            }
            a[n++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return n;
        }
    }

    /** A growable long array indexed by row; unset rows are 0. */
    static final class LongList {
        private long[] a;
        private int n;

        LongList(int capacity) {
            a = new long[Math.max(1, capacity)];
        }

        void set(int i, long v) {
            if (i >= a.length) {
                a = Arrays.copyOf(a, Math.max(16, Math.max(i + 1, 2 * a.length)));
            }
            a[i] = v;
            n = Math.max(n, i + 1);
        }

        long get(int i) {
            return i < n ? a[i] : 0;
        }

        void add(long v) {
            set(n, v);
        }

        int size() {
            return n;
        }

        /** The backing array (its length may exceed {@link #size()}). */
        long[] array() {
            return a;
        }
    }
}
