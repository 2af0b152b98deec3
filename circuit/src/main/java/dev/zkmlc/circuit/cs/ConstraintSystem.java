package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable PLONKish constraint system, shaped as halo2's: 2^k rows, of which the last
 * {@code blindingRows() + 1} are reserved for the prover's blinding values (so
 * {@code usableRows() = 2^k - blindingRows() - 1}); advice, fixed and instance columns; custom gates;
 * lookups; copy constraints between equality-enabled columns; the values of the fixed columns; and
 * the regions that say which gadget and which source location produced each row range.
 *
 * <p>Build with {@link ConstraintSystemBuilder} ({@link #builder()}).
 */
public final class ConstraintSystem {
    /** Degree of the permutation (copy) argument in halo2: z(ωX)·Π(…) - z(X)·Π(…) with one column per product chunk. */
    public static final int PERMUTATION_DEGREE = 3;

    private final int k;
    private final int blindingRows;
    private final List<Column> advice;
    private final List<Column> fixed;
    private final List<Column> instance;
    private final Set<Column> equality;
    private final List<Column> equalityOrdered;
    private final List<Gate> gates;
    private final List<Lookup> lookups;
    private final Copies copies;
    private final List<ColumnValues> fixedValues;
    private final List<Region> regions;
    private final int rowsUsed;
    private final int[] advicePhases;
    private final List<String> challenges;
    // Regions sorted by first row, and the running maximum of their end rows, to find the
    // innermost region of a row without scanning them all.
    private final Region[] regionsByStart;
    private final int[] maxEndUpTo;

    ConstraintSystem(int k, int blindingRows, List<Column> advice, List<Column> fixed, List<Column> instance,
                     List<Column> equality, List<Gate> gates, List<Lookup> lookups, Copies.Buffer copies,
                     List<ColumnValues> fixedValues, List<Region> regions, int rowsUsed, int[] advicePhases,
                     List<String> challenges) {
        this.k = k;
        this.blindingRows = blindingRows;
        this.advice = List.copyOf(advice);
        this.fixed = List.copyOf(fixed);
        this.instance = List.copyOf(instance);
        this.equalityOrdered = List.copyOf(equality);
        this.equality = Set.copyOf(equality);
        this.gates = List.copyOf(gates);
        this.lookups = List.copyOf(lookups);
        this.copies = copies.freeze(this::column);
        this.fixedValues = List.copyOf(fixedValues);
        this.regions = List.copyOf(regions);
        this.rowsUsed = rowsUsed;
        this.advicePhases = advicePhases.clone();
        this.challenges = List.copyOf(challenges);
        List<Region> sorted = new ArrayList<>(regions);
        sorted.sort(Comparator.comparingInt(Region::firstRow));
        this.regionsByStart = sorted.toArray(new Region[0]);
        this.maxEndUpTo = new int[regionsByStart.length];
        int m = 0;
        for (int i = 0; i < regionsByStart.length; i++) {
            m = Math.max(m, regionsByStart[i].endRow());
            maxEndUpTo[i] = m;
        }
    }

    public static ConstraintSystemBuilder builder() {
        return new ConstraintSystemBuilder();
    }

    /** log2 of the number of rows. */
    public int k() {
        return k;
    }

    /** 2^k. */
    public int rows() {
        return 1 << k;
    }

    /** Rows at the end that the prover fills with random values for zero knowledge. */
    public int blindingRows() {
        return blindingRows;
    }

    /** Rows where gates, lookups and copies apply: 2^k - blindingRows - 1 (the last is halo2's l_last row). */
    public int usableRows() {
        return rows() - blindingRows - 1;
    }

    /** One past the highest row any region, fixed value or copy touches. */
    public int rowsUsed() {
        return rowsUsed;
    }

    public List<Column> columns(ColumnKind kind) {
        switch (kind) {
            case ADVICE:
                return advice;
            case FIXED:
                return fixed;
            default:
                return instance;
        }
    }

    public List<Column> advice() {
        return advice;
    }

    public List<Column> fixed() {
        return fixed;
    }

    public List<Column> instance() {
        return instance;
    }

    /** The declared column of that kind and index. */
    public Column column(ColumnKind kind, int index) {
        List<Column> cols = columns(kind);
        if (index < 0 || index >= cols.size()) {
            throw new CircuitException("no " + kind.name().toLowerCase() + " column " + index);
        }
        return cols.get(index);
    }

    /** The phase of an advice column (0 or 1): phase-1 values may depend on the challenges. */
    public int phase(Column advice) {
        if (advice.kind() != ColumnKind.ADVICE) {
            throw new CircuitException("column '" + advice.name() + "' is not an advice column");
        }
        return advicePhases[advice.index()];
    }

    /** 2 when some advice column is of phase 1, else 1. */
    public int phases() {
        for (int p : advicePhases) {
            if (p > 0) {
                return 2;
            }
        }
        return 1;
    }

    /** The names of the challenges, by index ({@link Expression.Challenge#index()}). */
    public List<String> challenges() {
        return challenges;
    }

    /** Whether the column takes part in copy constraints. */
    public boolean isEqualityEnabled(Column column) {
        return equality.contains(column);
    }

    /** Equality-enabled columns in the order they were enabled (the permutation argument's column order). */
    public List<Column> equalityColumns() {
        return equalityOrdered;
    }

    public List<Gate> gates() {
        return gates;
    }

    public List<Lookup> lookups() {
        return lookups;
    }

    /** The copy constraints, as a read-only view over {@link #flatCopies()}. */
    public List<Copy> copies() {
        return copies;
    }

    /** The copy constraints as packed cells ({@link Copies#a}, {@link Copies#b}), for loops over millions. */
    public Copies flatCopies() {
        return copies;
    }

    /** Regions in the order the layouter declared them. */
    public List<Region> regions() {
        return regions;
    }

    /** The values of a fixed column (zero where unassigned). */
    public ColumnValues fixedValues(Column column) {
        if (column.kind() != ColumnKind.FIXED) {
            throw new CircuitException("column '" + column.name() + "' is not a fixed column");
        }
        return column.index() < fixedValues.size() ? fixedValues.get(column.index()) : ColumnValues.empty();
    }

    public Fr fixedValue(Column column, int row) {
        return fixedValues(column).get(row);
    }

    /** The innermost region containing the row (the one starting last), if any. */
    public Optional<Region> regionAt(int row) {
        int lo = 0, hi = regionsByStart.length - 1, last = -1;
        while (lo <= hi) { // last region with firstRow <= row
            int mid = (lo + hi) >>> 1;
            if (regionsByStart[mid].firstRow() <= row) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int i = last; i >= 0 && maxEndUpTo[i] > row; i--) {
            if (regionsByStart[i].contains(row)) {
                return Optional.of(regionsByStart[i]);
            }
        }
        return Optional.empty();
    }

    /** Largest gate degree. */
    public int gateDegree() {
        int d = 0;
        for (Gate g : gates) {
            d = Math.max(d, g.degree());
        }
        return d;
    }

    /** Largest lookup degree, counted as {@link Lookup#degree()} (0 without lookups). */
    public int lookupDegree() {
        int d = 0;
        for (Lookup l : lookups) {
            d = Math.max(d, l.degree());
        }
        return d;
    }

    /**
     * The degree the prover's quotient must accommodate: the maximum of the gate degrees, the lookup
     * degrees (2 + input degree + table degree, see {@link Lookup#degree()}), and
     * {@link #PERMUTATION_DEGREE} when any column is equality-enabled.
     */
    public int degree() {
        int d = Math.max(gateDegree(), lookupDegree());
        if (!equalityOrdered.isEmpty()) {
            d = Math.max(d, PERMUTATION_DEGREE);
        }
        return d;
    }

    /** A reader of fixed cells from this system and advice/instance cells from the witness; rows wrap modulo 2^k. */
    public CellReader reader(Witness witness) {
        return reader(witness, List.of());
    }

    /** As {@link #reader(Witness)}, with the challenges' values. */
    public CellReader reader(Witness witness, List<Fr> challengeValues) {
        int n = rows();
        return new CellReader() {
            @Override
            public Fr read(Column column, int row) {
                int r = Math.floorMod(row, n);
                return column.kind() == ColumnKind.FIXED ? fixedValue(column, r) : witness.get(column, r);
            }

            @Override
            public Fr challenge(int index) {
                if (index >= challengeValues.size()) {
                    return CellReader.super.challenge(index);
                }
                return challengeValues.get(index);
            }
        };
    }

    public Summary summary() {
        return new Summary(k, rows(), usableRows(), rowsUsed, advice.size(), fixed.size(), instance.size(),
                gates.size(), lookups.size(), copies.size(), degree());
    }

    /** Size figures for reports. */
    public record Summary(int k, int rows, int usableRows, int rowsUsed, int adviceColumns, int fixedColumns,
                          int instanceColumns, int gates, int lookups, int copies, int degree) {
        @Override
        public String toString() {
            return "k=" + k + " (" + rows + " rows, " + usableRows + " usable, " + rowsUsed + " used), columns: "
                    + adviceColumns + " advice, " + fixedColumns + " fixed, " + instanceColumns + " instance; "
                    + gates + " gates, " + lookups + " lookups, " + copies + " copies, degree " + degree;
        }
    }
}
