package dev.zkmlc.circuit.mock;

import dev.zkmlc.circuit.cs.CellReader;
import dev.zkmlc.circuit.cs.Challenges;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Copies;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Region;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a witness against a constraint system without a proof, and says where it fails:
 * every gate constraint on every usable row (rotations wrap modulo 2^k, as in halo2), every
 * lookup, every copy constraint, and that advice and instance values stay inside the usable rows
 * and declared columns.
 *
 * <p>An advice cell in the blinding rows holds random values in a real proof; a constraint or lookup
 * input whose value depends on one fails here, as in halo2's MockProver (a selector of zero makes the
 * dependence vanish).
 *
 * <p>Reports at most {@value #PER_CONSTRAINT_LIMIT} failures per gate constraint or lookup and
 * {@code maxFailures} in all, so that one broken gate cannot hide the others; an empty list means
 * every constraint holds.
 */
public final class MockProver {
    public static final int DEFAULT_MAX_FAILURES = 1000;
    static final int PER_CONSTRAINT_LIMIT = 100;

    /** A fixed value for blinding-row cells on the second evaluation (any value that is unlikely to cancel). */
    private static final Fr POISON = Fr.of(0x5eed_1234_abcdL).pow(97);

    private final ConstraintSystem cs;
    private final Witness w;
    private final int maxFailures;
    private final List<Fr> challenges;
    private final List<Failure> failures = new ArrayList<>();

    private MockProver(ConstraintSystem cs, Witness w, int maxFailures, List<Fr> challenges) {
        this.cs = cs;
        this.w = w;
        this.maxFailures = maxFailures;
        this.challenges = challenges;
    }

    /**
     * All failures (up to {@link #DEFAULT_MAX_FAILURES}); empty when the witness satisfies the system. The
     * challenges, if the system has any, are drawn from the phase-0 witness ({@link Challenges#derive}), as
     * witness generation draws them.
     */
    public static List<Failure> check(ConstraintSystem cs, Witness witness) {
        return check(cs, witness, DEFAULT_MAX_FAILURES);
    }

    public static List<Failure> check(ConstraintSystem cs, Witness witness, int maxFailures) {
        return check(cs, witness, Challenges.derive(cs, witness), maxFailures);
    }

    /** With given challenge values (one per {@link ConstraintSystem#challenges()}), e.g. random ones in tests. */
    public static List<Failure> check(ConstraintSystem cs, Witness witness, List<Fr> challenges, int maxFailures) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be >= 1");
        }
        if (challenges.size() != cs.challenges().size()) {
            throw new IllegalArgumentException("the circuit has " + cs.challenges().size() + " challenges, "
                    + challenges.size() + " values given");
        }
        MockProver p = new MockProver(cs, witness, maxFailures, List.copyOf(challenges));
        p.checkAssignments();
        p.checkGates();
        p.checkLookups();
        p.checkCopies();
        return List.copyOf(p.failures);
    }

    /** Throws {@link UnsatisfiedException} listing the failures, if any. */
    public static void assertSatisfied(ConstraintSystem cs, Witness witness) {
        List<Failure> f = check(cs, witness);
        if (!f.isEmpty()) {
            throw new UnsatisfiedException(f);
        }
    }

    private boolean full() {
        return failures.size() >= maxFailures;
    }

    private void fail(String kind, int row, Column column, String gate, int index, String detail) {
        Optional<Region> r = cs.regionAt(row);
        failures.add(new Failure(kind, row, column, gate, index, r.map(Region::name).orElse(null),
                r.map(Region::origin).orElse(null), detail));
    }

    // ---------------------------------------------------------------- assignments

    private void checkAssignments() {
        checkColumns(ColumnKind.ADVICE, w.adviceColumnCount(), Failure.WITNESS);
        checkColumns(ColumnKind.INSTANCE, w.instanceColumnCount(), Failure.INSTANCE);
    }

    private void checkColumns(ColumnKind kind, int assigned, String failureKind) {
        List<Column> declared = cs.columns(kind);
        String kindName = kind.name().toLowerCase();
        for (int i = 0; i < assigned && !full(); i++) {
            Column probe = new Column(kind, i, i < declared.size() ? declared.get(i).name() : kindName + i);
            ColumnValues values = w.column(probe);
            for (int row = 0; row < values.length(); row++) {
                if (values.isSmall(row) && values.small(row) == 0) { // no field conversion per cell
                    continue;
                }
                if (i >= declared.size()) {
                    fail(failureKind, row, null, null, -1, kindName + " column " + i
                            + " is assigned but the circuit declares only " + declared.size());
                    break;
                }
                if (row >= cs.usableRows()) {
                    fail(failureKind, row, probe, null, -1, "value " + values.get(row) + " assigned past the last usable row "
                            + (cs.usableRows() - 1) + " (rows from there on are reserved for blinding)");
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------------- gates

    /**
     * Row ranges checked in parallel (on the common fork-join pool): each range reports its first
     * {@link #PER_CONSTRAINT_LIMIT} bad rows, and the ranges are merged in row order, so the failures
     * are the same as a serial scan's.
     */
    private static final int MIN_ROWS_PER_CHUNK = 1 << 14;

    private int[][] chunks() {
        int usable = cs.usableRows();
        int parts = Math.max(1, Math.min(4 * Runtime.getRuntime().availableProcessors(), usable / MIN_ROWS_PER_CHUNK));
        int[][] r = new int[parts][];
        for (int i = 0; i < parts; i++) {
            r[i] = new int[] {(int) ((long) usable * i / parts), (int) ((long) usable * (i + 1) / parts)};
        }
        return r;
    }

    /** Bad rows of one range, in order; a negative entry -(row + 1) marks a poisoned one. */
    private static int[] scanConstraint(CompiledExpression code, int from, int to) {
        long[] value = new long[4];
        int[] bad = new int[PER_CONSTRAINT_LIMIT];
        int n = 0;
        for (int row = from; row < to && n < PER_CONSTRAINT_LIMIT; row++) {
            code.evaluate(row, value, 0);
            if (!FrLimbs.isZero(value, 0)) {
                bad[n++] = row;
            } else if (code.touchedPoison()) {
                code.setPoison(POISON);
                code.evaluate(row, value, 0);
                code.setPoison(Fr.ZERO);
                if (!FrLimbs.isZero(value, 0)) {
                    bad[n++] = -(row + 1);
                }
            }
        }
        return Arrays.copyOf(bad, n);
    }

    private void checkGates() {
        int[][] chunks = chunks();
        for (Gate gate : cs.gates()) {
            for (int ci = 0; ci < gate.constraints().size(); ci++) {
                Expression constraint = Challenges.bind(gate.constraints().get(ci), challenges);
                List<int[]> parts = Arrays.stream(chunks).parallel()
                        .map(c -> scanConstraint(CompiledExpression.compile(constraint, cs, w), c[0], c[1]))
                        .collect(Collectors.toList());
                int reported = 0;
                for (int[] part : parts) {
                    for (int code : part) {
                        if (full()) {
                            return;
                        }
                        if (reported == PER_CONSTRAINT_LIMIT) {
                            break;
                        }
                        reported++;
                        boolean poisoned = code < 0;
                        int row = poisoned ? -code - 1 : code;
                        fail(Failure.GATE, row, firstColumn(constraint), gate.name(), ci,
                                describe(constraint, row, poisoned));
                    }
                }
            }
        }
    }

    private static Column firstColumn(Expression e) {
        Column[] advice = new Column[1];
        Column[] any = new Column[1];
        e.forEachCell(c -> {
            if (any[0] == null) {
                any[0] = c.column();
            }
            if (advice[0] == null && c.column().kind() == ColumnKind.ADVICE) {
                advice[0] = c.column();
            }
        });
        return advice[0] != null ? advice[0] : any[0];
    }

    /** "expr = value; cells: a@5 = 3, b@6 = 4" for a failure report (slow path only). */
    private String describe(Expression e, int row, boolean poisoned) {
        CellReader reader = cs.reader(w);
        StringBuilder sb = new StringBuilder();
        sb.append(e).append(" = ").append(e.evaluate(row, reader));
        Map<String, String> cells = new LinkedHashMap<>();
        e.forEachCell(c -> {
            int r = Math.floorMod(row + c.rotation(), cs.rows());
            boolean blind = c.column().kind() == ColumnKind.ADVICE && r >= cs.usableRows();
            cells.putIfAbsent(c.column().name() + "@" + r, blind ? "<blinding row>" : reader.read(c.column(), r).toString());
        });
        if (!cells.isEmpty()) {
            sb.append("; cells: ");
            boolean first = true;
            for (Map.Entry<String, String> en : cells.entrySet()) {
                sb.append(first ? "" : ", ").append(en.getKey()).append(" = ").append(en.getValue());
                first = false;
            }
        }
        if (poisoned) {
            sb.append(" (the constraint depends on an advice cell in the blinding rows, which holds random values in a proof)");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- lookups

    /** A tuple of field elements in Montgomery limbs, hashable. */
    private static final class Tuple {
        final long[] limbs;
        int hash;

        Tuple(long[] limbs) {
            this.limbs = limbs;
            this.hash = Arrays.hashCode(limbs);
        }

        /** A reusable probe over a scratch array (call {@link #rehash} after changing it). */
        Tuple(long[] limbs, int unused) {
            this.limbs = limbs;
        }

        void rehash() {
            hash = Arrays.hashCode(limbs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tuple && Arrays.equals(limbs, ((Tuple) o).limbs);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private void checkLookups() {
        int usable = cs.usableRows();
        Map<List<List<Expression>>, Set<Tuple>> tables = new HashMap<>();
        for (Lookup unbound : cs.lookups()) {
            if (full()) {
                return;
            }
            Lookup lookup = challenges.isEmpty() ? unbound
                    : new Lookup(unbound.name(), Challenges.bind(unbound.inputs(), challenges), unbound.segments());
            int m = lookup.inputs().size();
            // Gadgets often share one table among several lookups: build each distinct table (the union of its
            // segments' tuples) once.
            Set<Tuple> tuples = tables.computeIfAbsent(lookup.segments(), segments -> {
                Set<Tuple> set = new HashSet<>();
                long[] t = FrLimbs.newArray(m);
                Tuple probe = new Tuple(t, 0);
                for (List<Expression> segment : segments) {
                    CompiledExpression[] table = new CompiledExpression[m];
                    for (int j = 0; j < m; j++) {
                        table[j] = CompiledExpression.compile(segment.get(j), cs, w);
                    }
                    for (int row = 0; row < usable; row++) {
                        for (int j = 0; j < m; j++) {
                            table[j].evaluate(row, t, j);
                        }
                        probe.rehash();
                        if (!set.contains(probe)) { // most rows repeat the all-zero tuple: allocate only new ones
                            set.add(new Tuple(t.clone()));
                        }
                    }
                }
                return set;
            });
            List<List<LookupMiss>> parts = Arrays.stream(chunks()).parallel()
                    .map(c -> scanLookup(lookup, tuples, c[0], c[1]))
                    .collect(Collectors.toList());
            int reported = 0;
            for (List<LookupMiss> part : parts) {
                for (LookupMiss miss : part) {
                    if (full() || reported == PER_CONSTRAINT_LIMIT) {
                        break;
                    }
                    reported++;
                    StringBuilder sb = new StringBuilder("input (");
                    for (int j = 0; j < m; j++) {
                        sb.append(j == 0 ? "" : ", ").append(FrLimbs.get(miss.tuple(), j));
                    }
                    sb.append(miss.poisoned() ? ") depends on an advice cell in the blinding rows" : ") is not in the table");
                    sb.append("; inputs: ").append(lookup.inputs());
                    fail(Failure.LOOKUP, miss.row(), firstColumn(lookup.inputs().get(0)), lookup.name(), -1, sb.toString());
                }
            }
        }
    }

    private record LookupMiss(int row, long[] tuple, boolean poisoned) {}

    /** Rows of [from, to) whose input tuple is not in the table (or depends on blinding rows), in order. */
    private List<LookupMiss> scanLookup(Lookup lookup, Set<Tuple> tuples, int from, int to) {
        int m = lookup.inputs().size();
        CompiledExpression[] inputs = new CompiledExpression[m];
        for (int j = 0; j < m; j++) {
            inputs[j] = CompiledExpression.compile(lookup.inputs().get(j), cs, w);
        }
        List<LookupMiss> misses = new ArrayList<>();
        long[] t = FrLimbs.newArray(m);
        Tuple probe = new Tuple(t, 0);
        for (int row = from; row < to && misses.size() < PER_CONSTRAINT_LIMIT; row++) {
            boolean touched = false;
            for (int j = 0; j < m; j++) {
                inputs[j].evaluate(row, t, j);
                touched |= inputs[j].touchedPoison();
            }
            probe.rehash();
            boolean missing = !tuples.contains(probe);
            boolean poisoned = false;
            if (!missing && touched) {
                long[] u = FrLimbs.newArray(m);
                for (int j = 0; j < m; j++) {
                    inputs[j].setPoison(POISON);
                    inputs[j].evaluate(row, u, j);
                    inputs[j].setPoison(Fr.ZERO);
                }
                poisoned = !Arrays.equals(t, u);
            }
            if (missing || poisoned) {
                misses.add(new LookupMiss(row, t.clone(), poisoned));
            }
        }
        return misses;
    }

    // ---------------------------------------------------------------- copies

    private void checkCopies() {
        Copies copies = cs.flatCopies();
        ColumnValues[][] columns = new ColumnValues[ColumnKind.values().length][];
        for (ColumnKind kind : ColumnKind.values()) {
            List<Column> declared = cs.columns(kind);
            columns[kind.ordinal()] = new ColumnValues[declared.size()];
            for (Column c : declared) {
                columns[kind.ordinal()][c.index()] = kind == ColumnKind.FIXED ? cs.fixedValues(c) : w.column(c);
            }
        }
        for (int i = 0; i < copies.size(); i++) {
            long a = copies.a(i);
            long b = copies.b(i);
            ColumnValues va = columns[Copies.kind(a).ordinal()][Copies.columnIndex(a)];
            ColumnValues vb = columns[Copies.kind(b).ordinal()][Copies.columnIndex(b)];
            int ra = Copies.row(a);
            int rb = Copies.row(b);
            // Small values are canonical, so equal small longs are equal field elements and a small
            // value never equals a large one; only two large values need comparing as Fr.
            boolean smallA = va.isSmall(ra);
            boolean smallB = vb.isSmall(rb);
            boolean equal = smallA && smallB ? va.small(ra) == vb.small(rb)
                    : smallA == smallB && va.get(ra).equals(vb.get(rb));
            if (!equal) {
                if (full()) {
                    return;
                }
                CellRef ca = copies.cell(a);
                CellRef cb = copies.cell(b);
                Optional<Region> other = cs.regionAt(rb);
                fail(Failure.COPY, ra, ca.column(), null, -1,
                        ca + " = " + va.get(ra) + " but " + cb + " = " + vb.get(rb)
                                + other.map(r -> " (in region '" + r.name() + "' [" + r.origin() + "])").orElse(""));
            }
        }
    }
}
