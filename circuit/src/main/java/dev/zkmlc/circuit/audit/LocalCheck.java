package dev.zkmlc.circuit.audit;

import dev.zkmlc.circuit.cs.CellReader;
import dev.zkmlc.circuit.cs.Challenges;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a witness that differs from a satisfying one in a few cells, evaluating only the gate
 * constraints, lookups and copies that read a changed cell. Every other constraint holds because it
 * reads only unchanged cells of a witness that satisfies it; so a candidate with ten changed cells
 * costs a few dozen evaluations instead of a pass over every row of the circuit.
 *
 * <p>It does not model the blinding-row check of the {@link dev.zkmlc.circuit.mock.MockProver}
 * (a changed cell that makes a constraint depend on a blinding row); the audit confirms every
 * candidate this check accepts with the full mock prover.
 */
final class LocalCheck {
    static final String GATE = "gate";
    static final String LOOKUP = "lookup";
    static final String COPY = "copy";

    /**
     * A constraint that a candidate breaks.
     *
     * @param kind {@link #GATE}, {@link #LOOKUP} or {@link #COPY}
     * @param name the gate's or the lookup's name (null for a copy)
     * @param row the row the constraint is evaluated on
     * @param cells the witness cells the constraint reads on that row
     * @param constraint the broken gate constraint (null for a lookup or a copy)
     */
    record Violation(String kind, String name, int row, List<CellRef> cells, Expression constraint) {}

    /** A column read at a rotation by constraint (or lookup) {@code id}. */
    private record Use(int id, int rotation) {}

    private final ConstraintSystem cs;
    private final Witness base;
    private final int rows;
    private final int usable;
    private final List<Expression> constraints = new ArrayList<>();
    private final List<String> constraintGate = new ArrayList<>();
    private final Map<Column, List<Use>> gateUses = new HashMap<>();
    private final Map<Column, List<Use>> lookupUses = new HashMap<>();
    private final Map<List<List<Expression>>, Set<List<Fr>>> tables = new HashMap<>();
    private final WitnessEdit copies;

    private final List<List<Expression>> lookupInputs = new ArrayList<>();

    LocalCheck(ConstraintSystem cs, Witness base, WitnessEdit copies) {
        this.cs = cs;
        this.base = base;
        this.copies = copies;
        this.rows = cs.rows();
        this.usable = cs.usableRows();
        // The challenges the honest witness was completed for (a candidate is confirmed by the mock prover, which
        // draws them again from the candidate's own phase-0 values).
        List<Fr> challenges = Challenges.derive(cs, base);
        for (Lookup l : cs.lookups()) {
            lookupInputs.add(Challenges.bind(l.inputs(), challenges));
        }
        for (Gate g : cs.gates()) {
            for (Expression e0 : g.constraints()) {
                Expression e = Challenges.bind(e0, challenges);
                index(e, constraints.size(), gateUses);
                constraints.add(e);
                constraintGate.add(g.name());
            }
        }
        for (int i = 0; i < cs.lookups().size(); i++) {
            for (Expression e : cs.lookups().get(i).inputs()) {
                index(e, i, lookupUses);
            }
        }
    }

    private static void index(Expression e, int id, Map<Column, List<Use>> uses) {
        Set<Expression.Cell> seen = new HashSet<>();
        e.forEachCell(c -> {
            if (c.column().kind() != ColumnKind.FIXED && seen.add(c)) {
                uses.computeIfAbsent(c.column(), x -> new ArrayList<>()).add(new Use(id, c.rotation()));
            }
        });
    }

    /** The value of a cell in the base witness with {@code changes} applied. */
    Fr value(Map<CellRef, Fr> changes, CellRef cell) {
        if (cell.column().kind() == ColumnKind.FIXED) {
            return cs.fixedValue(cell.column(), cell.row());
        }
        Fr v = changes.get(cell);
        return v != null ? v : base.get(cell.column(), cell.row());
    }

    CellReader reader(Map<CellRef, Fr> changes) {
        return (column, row) -> value(changes, new CellRef(column, Math.floorMod(row, rows)));
    }

    /** The constraints broken by applying {@code changes} to the base witness (at most {@code max}). */
    List<Violation> check(Map<CellRef, Fr> changes, int max) {
        return check(changes, changes.keySet(), max);
    }

    /**
     * The constraints that read a cell of {@code touched} and are broken by applying {@code changes}
     * to the base witness (at most {@code max}). With {@code touched} the changed cells this is every
     * broken constraint; a caller that knows which constraints held before its last edit may pass
     * only the cells that edit moved (and the cells of the constraints broken before).
     */
    List<Violation> check(Map<CellRef, Fr> changes, Collection<CellRef> touched, int max) {
        List<Violation> out = new ArrayList<>();
        CellReader reader = reader(changes);
        Set<Long> gateRows = new LinkedHashSet<>();
        Set<Long> lookupRows = new LinkedHashSet<>();
        for (CellRef c : touched) {
            rowsReading(c, gateUses, gateRows);
            rowsReading(c, lookupUses, lookupRows);
        }
        for (long key : gateRows) {
            int id = (int) (key >>> 32);
            int row = (int) key;
            Expression e = constraints.get(id);
            if (!e.evaluate(row, reader).isZero()) {
                out.add(new Violation(GATE, constraintGate.get(id), row, cellsOf(List.of(e), row), e));
                if (out.size() >= max) {
                    return out;
                }
            }
        }
        for (long key : lookupRows) {
            Lookup l = cs.lookups().get((int) (key >>> 32));
            int row = (int) key;
            List<Expression> inputs = lookupInputs.get((int) (key >>> 32));
            List<Fr> tuple = new ArrayList<>(inputs.size());
            for (Expression e : inputs) {
                tuple.add(e.evaluate(row, reader));
            }
            if (!table(l).contains(tuple)) {
                out.add(new Violation(LOOKUP, l.name(), row, cellsOf(l.inputs(), row), null));
                if (out.size() >= max) {
                    return out;
                }
            }
        }
        for (CellRef c : touched) {
            for (CellRef other : copies.copiedWith(c)) {
                if (!value(changes, c).equals(value(changes, other))) {
                    out.add(new Violation(COPY, null, c.row(), List.of(c, other), null));
                    if (out.size() >= max) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    private void rowsReading(CellRef c, Map<Column, List<Use>> uses, Set<Long> out) {
        for (Use u : uses.getOrDefault(c.column(), List.of())) {
            int row = Math.floorMod(c.row() - u.rotation(), rows);
            if (row < usable) {
                out.add((long) u.id() << 32 | row);
            }
        }
    }

    /** The distinct advice and instance cells the expressions read on a row. */
    private List<CellRef> cellsOf(List<Expression> es, int row) {
        Set<CellRef> cells = new LinkedHashSet<>();
        for (Expression e : es) {
            e.forEachCell(c -> {
                if (c.column().kind() != ColumnKind.FIXED) {
                    cells.add(new CellRef(c.column(), Math.floorMod(row + c.rotation(), rows)));
                }
            });
        }
        return List.copyOf(cells);
    }

    /** The tuples of a lookup's table (the union of its segments) over the usable rows, built once per distinct table. */
    private Set<List<Fr>> table(Lookup l) {
        return tables.computeIfAbsent(l.segments(), segments -> {
            CellReader fixed = (column, row) -> cs.fixedValue(column, Math.floorMod(row, rows));
            Set<List<Fr>> set = new HashSet<>();
            for (List<Expression> segment : segments) {
                for (int row = 0; row < usable; row++) {
                    List<Fr> tuple = new ArrayList<>(segment.size());
                    for (Expression e : segment) {
                        tuple.add(e.evaluate(row, fixed));
                    }
                    set.add(tuple);
                }
            }
            return set;
        });
    }
}
