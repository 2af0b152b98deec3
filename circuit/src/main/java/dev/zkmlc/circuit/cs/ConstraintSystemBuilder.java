package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects columns, gates, lookups, copies, fixed values and regions, then checks them and freezes
 * them into a {@link ConstraintSystem}. The number of rows need not be known up front: without
 * {@link #k(int)}, {@link #build()} picks the smallest k that fits.
 *
 * <p>Misuse (a column from another builder, a copy on a column without equality, a table that reads
 * advice, too many rows for the requested k) throws {@link CircuitException} with the culprit named.
 */
public final class ConstraintSystemBuilder {
    /** Largest k: 2^28 is the largest power-of-two subgroup of F_r^*. */
    public static final int MAX_K = 28;

    private final List<Column> advice = new ArrayList<>();
    private final List<Column> fixed = new ArrayList<>();
    private final List<Column> instance = new ArrayList<>();
    private final Set<Column> equality = new LinkedHashSet<>();
    private final List<Gate> gates = new ArrayList<>();
    private final List<Lookup> lookups = new ArrayList<>();
    private final Copies.Buffer copies = new Copies.Buffer();
    /** Equality-enabled columns by kind and index, for the per-copy check without hashing. */
    private final boolean[][] equalityByKind = new boolean[ColumnKind.values().length][0];
    private final List<ColumnValues.Builder> fixedValues = new ArrayList<>();
    private final List<Region> regions = new ArrayList<>();
    /** Phase of each advice column (0 or 1), by index. */
    private final List<Integer> advicePhases = new ArrayList<>();
    private final List<String> challenges = new ArrayList<>();
    private int k = -1;
    private int blindingRows = -1;
    private int maxCopyRow = -1;

    ConstraintSystemBuilder() {
    }

    public Column advice(String name) {
        return advice(name, 0);
    }

    /**
     * An advice column of a phase, as halo2 has them: phase-0 columns are committed first; then the challenges
     * are drawn; phase-1 columns are committed after, so their values may depend on the challenges.
     */
    public Column advice(String name, int phase) {
        if (phase < 0 || phase > 1) {
            throw new CircuitException("advice column '" + name + "': phase must be 0 or 1, got " + phase);
        }
        Column c = new Column(ColumnKind.ADVICE, advice.size(), name);
        advice.add(c);
        advicePhases.add(phase);
        return c;
    }

    /**
     * A challenge, usable in gate and lookup input expressions: a field element drawn after every phase-0
     * advice column is fixed (from the transcript in a proof, {@link Challenges#derive} outside one).
     */
    public Expression.Challenge challenge(String name) {
        Expression.Challenge c = new Expression.Challenge(challenges.size(), name);
        challenges.add(name);
        return c;
    }

    public Column fixed(String name) {
        Column c = new Column(ColumnKind.FIXED, fixed.size(), name);
        fixed.add(c);
        fixedValues.add(new ColumnValues.Builder());
        return c;
    }

    public Column instance(String name) {
        Column c = new Column(ColumnKind.INSTANCE, instance.size(), name);
        instance.add(c);
        return c;
    }

    /** Allows copy constraints on the column (halo2's enable_equality). */
    public ConstraintSystemBuilder enableEquality(Column column) {
        requireDeclared(column, "enableEquality");
        equality.add(column);
        boolean[] e = equalityByKind[column.kind().ordinal()];
        if (e.length <= column.index()) {
            e = java.util.Arrays.copyOf(e, column.index() + 1);
            equalityByKind[column.kind().ordinal()] = e;
        }
        e[column.index()] = true;
        return this;
    }

    public ConstraintSystemBuilder gate(Gate gate) {
        for (Expression e : gate.constraints()) {
            e.forEachCell(c -> requireDeclared(c.column(), "gate '" + gate.name() + "'"));
            requireChallenges(e, "gate '" + gate.name() + "'");
        }
        gates.add(gate);
        return this;
    }

    public ConstraintSystemBuilder gate(String name, Expression... constraints) {
        return gate(new Gate(name, List.of(constraints)));
    }

    public ConstraintSystemBuilder gate(String name, List<Expression> constraints) {
        return gate(new Gate(name, constraints));
    }

    public ConstraintSystemBuilder lookup(Lookup lookup) {
        String where = "lookup '" + lookup.name() + "'";
        for (Expression e : lookup.inputs()) {
            e.forEachCell(c -> requireDeclared(c.column(), where));
            requireChallenges(e, where);
        }
        for (List<Expression> segment : lookup.segments()) {
            for (Expression e : segment) {
                if (Challenges.mentions(e)) {
                    throw new CircuitException(where + ": table expressions may not read challenges");
                }
                e.forEachCell(c -> {
                    requireDeclared(c.column(), where);
                    if (c.column().kind() != ColumnKind.FIXED) {
                        throw new CircuitException(where + ": table expressions may read only fixed columns, not "
                                + c.column().kind().name().toLowerCase() + " column '" + c.column().name() + "'");
                    }
                });
            }
        }
        lookups.add(lookup);
        return this;
    }

    public ConstraintSystemBuilder lookup(String name, List<Expression> inputs, List<Expression> table) {
        return lookup(Lookup.single(name, inputs, table));
    }

    /** Constrains two cells to be equal; both columns must be equality-enabled. */
    public ConstraintSystemBuilder copy(CellRef a, CellRef b) {
        for (CellRef c : new CellRef[] {a, b}) {
            if (!isDeclared(c.column())) {
                requireDeclared(c.column(), "copy " + a + " = " + b);
            }
            boolean[] e = equalityByKind[c.column().kind().ordinal()];
            if (c.column().index() >= e.length || !e[c.column().index()]) {
                throw new CircuitException("copy " + a + " = " + b + ": column '" + c.column().name()
                        + "' is not equality-enabled (call enableEquality first)");
            }
        }
        addCopy(Copies.pack(a.column(), a.row()), Copies.pack(b.column(), b.row()));
        return this;
    }

    public ConstraintSystemBuilder copy(Column a, int rowA, Column b, int rowB) {
        return copy(new CellRef(a, rowA), new CellRef(b, rowB));
    }

    /**
     * Adds {@code n} copies given as packed cells ({@link Copies#pack}), {@code a[i] = b[i]}: the bulk
     * path for layouters of large circuits. When no copy was added before, the builder takes the
     * arrays over instead of copying them, so the caller must not change them afterwards.
     */
    public ConstraintSystemBuilder copies(long[] a, long[] b, int n) {
        if (n < 0 || n > a.length || n > b.length) {
            throw new IllegalArgumentException("bad copy count " + n);
        }
        for (int i = 0; i < n; i++) {
            requireCopyable(a[i], a[i], b[i]);
            requireCopyable(b[i], a[i], b[i]);
            maxCopyRow = Math.max(maxCopyRow, Math.max(Copies.row(a[i]), Copies.row(b[i])));
        }
        if (copies.size == 0) {
            copies.a = a;
            copies.b = b;
            copies.size = n;
        } else {
            copies.ensure(n);
            System.arraycopy(a, 0, copies.a, copies.size, n);
            System.arraycopy(b, 0, copies.b, copies.size, n);
            copies.size += n;
        }
        return this;
    }

    private void addCopy(long a, long b) {
        maxCopyRow = Math.max(maxCopyRow, Math.max(Copies.row(a), Copies.row(b)));
        copies.add(a, b);
    }

    private void requireCopyable(long cell, long a, long b) {
        ColumnKind kind = Copies.kind(cell);
        int index = Copies.columnIndex(cell);
        boolean[] e = equalityByKind[kind.ordinal()];
        if (Copies.row(cell) < 0 || index >= e.length || !e[index]) {
            String what = kind.name().toLowerCase() + " column " + index;
            List<Column> cols = columnsOf(kind);
            if (index < cols.size()) {
                what = "column '" + cols.get(index).name() + "'";
            }
            throw new CircuitException("copy " + describe(a) + " = " + describe(b) + ": " + what
                    + (Copies.row(cell) < 0 ? " has a negative row" : index < cols.size()
                            ? " is not equality-enabled (call enableEquality first)" : " was not declared by this builder"));
        }
    }

    private String describe(long cell) {
        List<Column> cols = columnsOf(Copies.kind(cell));
        int index = Copies.columnIndex(cell);
        String name = index < cols.size() ? cols.get(index).name() : Copies.kind(cell).name().toLowerCase() + index;
        return name + "@" + Copies.row(cell);
    }

    private List<Column> columnsOf(ColumnKind kind) {
        return kind == ColumnKind.ADVICE ? advice : kind == ColumnKind.FIXED ? fixed : instance;
    }

    /** Sets a fixed cell (selectors, constants, table entries). */
    public ConstraintSystemBuilder fixed(Column column, int row, Fr value) {
        fixedBuilder(column).set(row, value);
        return this;
    }

    public ConstraintSystemBuilder fixed(Column column, int row, long value) {
        fixedBuilder(column).set(row, value);
        return this;
    }

    /**
     * Sets rows [0, length) of a fixed column at once, each value in [-2^62, 2^62); a column with no
     * value yet takes the array over instead of copying it (the caller must not change it afterwards).
     */
    public ConstraintSystemBuilder fixedColumn(Column column, long[] values, int length) {
        fixedBuilder(column).setAll(values, length);
        return this;
    }

    /** The fixed value set so far (zero when unset). */
    public Fr fixedValue(Column column, int row) {
        return fixedBuilder(column).get(row);
    }

    /** Records that rows [firstRow, firstRow + rowCount) were laid out by gadget {@code name} for source {@code origin}. */
    public Region region(String name, String origin, int firstRow, int rowCount) {
        Region r = new Region(name, origin, firstRow, rowCount);
        regions.add(r);
        return r;
    }

    /** Fixes the number of rows to 2^k; {@link #build()} fails if the circuit does not fit. */
    public ConstraintSystemBuilder k(int k) {
        if (k < 1 || k > MAX_K) {
            throw new CircuitException("k must be in [1, " + MAX_K + "], got " + k);
        }
        this.k = k;
        return this;
    }

    /** Overrides the number of blinding rows (default: halo2's rule, see {@link #defaultBlindingRows()}). */
    public ConstraintSystemBuilder blindingRows(int rows) {
        if (rows < 0) {
            throw new CircuitException("blinding rows must be >= 0, got " + rows);
        }
        this.blindingRows = rows;
        return this;
    }

    public List<Column> columns(ColumnKind kind) {
        switch (kind) {
            case ADVICE:
                return List.copyOf(advice);
            case FIXED:
                return List.copyOf(fixed);
            default:
                return List.copyOf(instance);
        }
    }

    /** One past the highest row touched so far by a region, a fixed value or a copy. */
    public int rowsUsed() {
        int n = maxCopyRow + 1;
        for (Region r : regions) {
            n = Math.max(n, r.endRow());
        }
        for (ColumnValues.Builder b : fixedValues) {
            n = Math.max(n, b.length());
        }
        return n;
    }

    /**
     * halo2's count of blinding rows: max(3, the most distinct rotations at which one advice column is
     * queried) + 2, so that every opening of an advice polynomial stays hidden.
     */
    public int defaultBlindingRows() {
        Map<Column, Set<Integer>> rotations = new HashMap<>();
        List<Expression> all = new ArrayList<>();
        for (Gate g : gates) {
            all.addAll(g.constraints());
        }
        for (Lookup l : lookups) {
            all.addAll(l.inputs());
        }
        for (Expression e : all) {
            e.forEachCell(c -> {
                if (c.column().kind() == ColumnKind.ADVICE) {
                    rotations.computeIfAbsent(c.column(), x -> new TreeSet<>()).add(c.rotation());
                }
            });
        }
        int most = 1;
        for (Set<Integer> s : rotations.values()) {
            most = Math.max(most, s.size());
        }
        return Math.max(3, most) + 2;
    }

    /** The smallest k whose usable rows hold {@code rowsUsed} rows with {@code blindingRows} blinding rows. */
    public static int minimumK(int rowsUsed, int blindingRows) {
        for (int k = 1; k <= MAX_K; k++) {
            if ((1L << k) - blindingRows - 1 >= Math.max(1, rowsUsed)) {
                return k;
            }
        }
        throw new CircuitException("circuit needs " + rowsUsed + " rows, more than 2^" + MAX_K
                + " minus " + (blindingRows + 1) + " reserved rows");
    }

    public ConstraintSystem build() {
        int blind = blindingRows >= 0 ? blindingRows : defaultBlindingRows();
        int used = rowsUsed();
        int kk = k > 0 ? k : minimumK(used, blind);
        long usable = (1L << kk) - blind - 1;
        if (used > usable) {
            throw new CircuitException("circuit needs " + used + " rows but k=" + kk + " gives only " + usable
                    + " usable rows (" + (1L << kk) + " minus " + (blind + 1) + " reserved); use k >= "
                    + minimumK(used, blind));
        }
        List<ColumnValues> fv = new ArrayList<>(fixedValues.size());
        for (ColumnValues.Builder b : fixedValues) {
            fv.add(b.build());
        }
        int[] phases = new int[advicePhases.size()];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = advicePhases.get(i);
        }
        return new ConstraintSystem(kk, blind, advice, fixed, instance, new ArrayList<>(equality), gates, lookups,
                copies, fv, regions, used, phases, challenges);
    }

    /** Every challenge the expression reads must be one of this builder's. */
    private void requireChallenges(Expression e, String where) {
        if (e instanceof Expression.Challenge) {
            Expression.Challenge c = (Expression.Challenge) e;
            if (c.index() >= challenges.size() || !challenges.get(c.index()).equals(c.name())) {
                throw new CircuitException(where + ": challenge '" + c.name() + "' (" + c.index()
                        + ") was not declared by this builder");
            }
        } else if (e instanceof Expression.Sum) {
            requireChallenges(((Expression.Sum) e).a(), where);
            requireChallenges(((Expression.Sum) e).b(), where);
        } else if (e instanceof Expression.Product) {
            requireChallenges(((Expression.Product) e).a(), where);
            requireChallenges(((Expression.Product) e).b(), where);
        } else if (e instanceof Expression.Negated) {
            requireChallenges(((Expression.Negated) e).e(), where);
        } else if (e instanceof Expression.Scaled) {
            requireChallenges(((Expression.Scaled) e).e(), where);
        }
    }

    private ColumnValues.Builder fixedBuilder(Column column) {
        requireDeclared(column, "fixed value");
        if (column.kind() != ColumnKind.FIXED) {
            throw new CircuitException("column '" + column.name() + "' is not a fixed column");
        }
        return fixedValues.get(column.index());
    }

    private boolean isDeclared(Column column) {
        List<Column> cols = columnsOf(column.kind());
        return column.index() < cols.size() && cols.get(column.index()).equals(column);
    }

    private void requireDeclared(Column column, String where) {
        List<Column> cols = columnsOf(column.kind());
        if (column.index() >= cols.size() || !cols.get(column.index()).equals(column)) {
            throw new CircuitException(where + ": column '" + column.name() + "' (" + column.kind().name().toLowerCase()
                    + " " + column.index() + ") was not declared by this builder");
        }
    }
}
