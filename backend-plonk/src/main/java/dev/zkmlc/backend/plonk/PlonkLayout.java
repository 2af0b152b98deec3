package dev.zkmlc.backend.plonk;

import dev.zkmlc.circuit.backend.CompiledCircuit.PublicValue;
import dev.zkmlc.circuit.backend.LayoutOptions;
import dev.zkmlc.circuit.cs.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of placement, without witness values: which wire or auxiliary value sits in each of a
 * row's three cells, the gate coefficients, copies, regions, tables and the instance layout. Built
 * by {@link PlonkLayouter}; turned into a constraint system and witness filler by {@link PlonkBackend}.
 */
final class PlonkLayout {
    static final int A = 0;
    static final int B = 1;
    static final int C = 2;
    static final int INSTANCE = 3;
    /** An unused cell (it holds 0 and no constraint reads it). */
    static final int EMPTY = Integer.MIN_VALUE;

    final boolean lookups;
    final int tableBits;
    /** False for a dry run: cells, copies, aux values and fixed values are counted, not stored. */
    final boolean record;
    private long countedCells;
    private int countedCopies;
    private int countedAux;
    int rows;
    /** The table's tuples, over all segments (the all-zero tuple included). */
    int tableRows;
    /** The tuples of fixed columns the table is spread over: segment 0 in TT, TX, TY, the others in {@link #segmentTables}. */
    int tableSegments = 1;
    int maxRangeBits = -1;
    boolean usesTable;

    /** Per wire column (a, b, c), per row: the source (wire id >= 0, aux -(id + 1), or EMPTY). */
    final IntList[] cells = {new IntList(), new IntList(), new IntList()};
    /** How each auxiliary value (partial sum, remainder, limb, ...) is computed: {@link AuxRules}. */
    final AuxRules aux;
    /** Copy ends, each packed as column · 2^28 + row ({@link #copyColumn}, {@link #copyRow}); released once handed over. */
    private IntList copyA = new IntList();
    private IntList copyB = new IntList();
    final Map<Selector, LongList> fixed = new EnumMap<>(Selector.class);
    /** The same lists by ordinal: setFixed runs for every row of every dry run. */
    private final LongList[] fixedByOrdinal = new LongList[Selector.values().length];
    /** Segments 1.. of the table (tag, x, y each), by segment - 1. */
    final List<LongList[]> segmentTables = new ArrayList<>();
    final List<Region> regions = new ArrayList<>();
    final List<PublicValue> publicValues = new ArrayList<>();
    /** Hashed tensors, in instance order after the public values (their chains: {@link HashChainRows}). */
    final List<Hashed> hashed = new ArrayList<>();

    /** A tensor whose Poseidon chain hash is public: its wires and their home cells. */
    record Hashed(String name, int[] wires, int[] cols, int[] rows) {}

    PlonkLayout(boolean lookups, int tableBits, boolean record) {
        this.lookups = lookups;
        this.tableBits = tableBits;
        this.record = record;
        this.aux = new AuxRules(lookups ? tableBits : 1);
    }

    void setFixed(Selector s, int row, long value) {
        LongList l = fixedByOrdinal[s.ordinal()];
        if (l == null) {
            l = new LongList();
            fixedByOrdinal[s.ordinal()] = l;
            fixed.put(s, l);
        }
        if (record) { // a dry run only needs to know which selectors exist
            l.set(row, value);
        }
    }

    /**
     * Puts a table tuple on {@code row} of {@code segment} (0 writes TT, TX, TY); range rows ({@code hasY} false)
     * leave y unset, as 0.
     */
    void setTable(int segment, int row, long tag, long x, long y, boolean hasY) {
        if (segment == 0) {
            setFixed(Selector.TT, row, tag);
            setFixed(Selector.TX, row, x);
            if (hasY) {
                setFixed(Selector.TY, row, y);
            }
            return;
        }
        while (segmentTables.size() < segment) {
            segmentTables.add(new LongList[] {new LongList(), new LongList(), new LongList()});
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

    /** Each (column, row) is set once. */
    void setCell(int col, int row, int src) {
        if (record) {
            cells[col].set(row, src);
        } else {
            countedCells++;
        }
    }

    /** Rows stay below 2^28 (the largest domain), so a copy end's column fits above them in one int. */
    void addCopy(int colA, int rowA, int colB, int rowB) {
        countedCopies++;
        if (record) {
            copyA.add(colA << 28 | rowA);
            copyB.add(colB << 28 | rowB);
        }
    }

    /** One end of copy {@code i}: {@code first} picks which. */
    int copyEnd(int i, boolean first) {
        return (first ? copyA : copyB).get(i);
    }

    static int copyColumn(int end) {
        return end >>> 28;
    }

    static int copyRow(int end) {
        return end & ((1 << 28) - 1);
    }

    /** Frees the copy lists (the constraint system holds the copies from here on); the count stays. */
    void releaseCopies() {
        copyA = null;
        copyB = null;
    }

    /** The source code -(id + 1) of the aux value a rule just added (or, in a dry run, only counted) defines. */
    private int auxSource() {
        return record ? -aux.size() : -(++countedAux);
    }

    /** An aux value that is the output of gate row {@code row}: qL·a + qR·b + qM·a·b + qC of the row's a and b (qO = -1). */
    int auxGateOutput(int row) {
        if (record) {
            aux.addGateOutput(row);
        }
        return auxSource();
    }

    /** A decomposition of sgn·src - base (limbs and partial sums refer to it); its id, or -1 in a dry run. */
    int decomposition(int src, long sgn, long base) {
        return record ? aux.addDecomposition(src, sgn, base) : -1;
    }

    /** The aux value (sgn·src - base) >>> shift of decomposition {@code dec}, masked to one limb or not. */
    int auxDecomposed(int dec, int shift, boolean limb) {
        if (record) {
            aux.addDecomposed(dec, shift, limb);
        }
        return auxSource();
    }

    /** The aux value bit {@code shift} of decomposition {@code dec} (a check in bits, whatever the table's limbs). */
    int auxBit(int dec, int shift) {
        if (record) {
            aux.addBit(dec, shift);
        }
        return auxSource();
    }

    /** The aux value 1 when wires {@code x} and {@code y} are equal, else 0. */
    int auxEqual(int x, int y) {
        if (record) {
            aux.addEqual(x, y);
        }
        return auxSource();
    }

    /** Gate rows, each table segment's rows, public values: the most any column needs. */
    int rowsNeeded() {
        return Math.max(Math.max(rows, LayoutOptions.rowsPerSegment(tableRows, tableSegments)), publicValues.size());
    }

    long cellCount() {
        if (!record) {
            return countedCells;
        }
        long n = 0;
        for (IntList col : cells) {
            for (int r = 0; r < col.size(); r++) {
                if (col.get(r) != EMPTY) {
                    n++;
                }
            }
        }
        return n;
    }

    int copyCount() {
        return countedCopies;
    }

    /** A growable int array; unset entries read as EMPTY. */
    static final class IntList {
        private int[] a = filled(64);
        private int n;

        private static int[] filled(int size) {
            int[] r = new int[size];
            Arrays.fill(r, EMPTY);
            return r;
        }

        void add(int v) {
            set(n, v);
        }

        void set(int i, int v) {
            if (i >= a.length) {
                int[] b = filled(Math.max(i + 1, 2 * a.length));
                System.arraycopy(a, 0, b, 0, a.length);
                a = b;
            }
            n = Math.max(n, i + 1);
            a[i] = v;
        }

        int get(int i) {
            return i < n ? a[i] : EMPTY;
        }

        /** Drops growth slack (for lists kept after placement). */
        void trim() {
            a = Arrays.copyOf(a, n);
        }

        int size() {
            return n;
        }
    }

    /** A growable long array indexed by row; unset rows are 0. */
    static final class LongList {
        private long[] a = new long[64];
        private int n;

        void set(int i, long v) {
            if (i >= a.length) {
                a = Arrays.copyOf(a, Math.max(i + 1, 2 * a.length));
            }
            a[i] = v;
            n = Math.max(n, i + 1);
        }

        long get(int i) {
            return i < n ? a[i] : 0;
        }

        /** Drops growth slack (for lists kept after placement). */
        void trim() {
            a = Arrays.copyOf(a, n);
        }

        int size() {
            return n;
        }

        /** The length up to the last non-zero value: a column's length is part of its exported form. */
        int sizeWithoutTrailingZeros() {
            int m = n;
            while (m > 0 && a[m - 1] == 0) {
                m--;
            }
            return m;
        }

        /** Whether every value lies in [-2^62, 2^62), the range a fixed column takes over in bulk. */
        boolean allWithin62Bits() {
            for (int i = 0; i < n; i++) {
                if (a[i] < -(1L << 62) || a[i] >= (1L << 62)) {
                    return false;
                }
            }
            return true;
        }

        /** The backing array (at least {@link #size()} long); whoever takes it must not expect later sets to show. */
        long[] array() {
            return a;
        }
    }
}
