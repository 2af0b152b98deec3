package dev.zkmlc.circuit.audit;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnKind;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Copy;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Edits of a witness, as a cheating prover would make them: a copy of the witness with some cells
 * changed, optionally together with every cell copy-connected to them (so that only gates and
 * lookups can object).
 */
public final class WitnessEdit {
    private final ConstraintSystem cs;
    private final Map<CellRef, List<CellRef>> copies = new HashMap<>();

    public WitnessEdit(ConstraintSystem cs) {
        this.cs = cs;
        for (Copy c : cs.copies()) {
            copies.computeIfAbsent(c.a(), x -> new ArrayList<>()).add(c.b());
            copies.computeIfAbsent(c.b(), x -> new ArrayList<>()).add(c.a());
        }
    }

    /** The witness with exactly the given cells changed. */
    public Witness with(Witness w, Map<CellRef, Fr> changes) {
        Witness.Builder b = copy(w);
        for (Map.Entry<CellRef, Fr> e : changes.entrySet()) {
            b.set(e.getKey().column(), e.getKey().row(), e.getValue());
        }
        return b.build();
    }

    public Witness with(Witness w, CellRef cell, Fr value) {
        return with(w, Map.of(cell, value));
    }

    /** The witness with the given cells and every advice or instance cell copy-connected to them changed. */
    public Witness withCopyClasses(Witness w, Map<CellRef, Fr> changes) {
        Witness.Builder b = copy(w);
        for (Map.Entry<CellRef, Fr> e : changes.entrySet()) {
            for (CellRef c : copyClass(e.getKey())) {
                if (c.column().kind() != ColumnKind.FIXED) {
                    b.set(c.column(), c.row(), e.getValue());
                }
            }
        }
        return b.build();
    }

    /** Whether a copy constraint involves the cell. */
    public boolean isCopied(CellRef cell) {
        return copies.containsKey(cell);
    }

    /** The cells a copy constraint ties directly to this one. */
    public List<CellRef> copiedWith(CellRef cell) {
        return copies.getOrDefault(cell, List.of());
    }

    /** The cell and every cell reachable from it through copy constraints. */
    public Set<CellRef> copyClass(CellRef cell) {
        Set<CellRef> seen = new HashSet<>(List.of(cell));
        Deque<CellRef> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            for (CellRef n : copies.getOrDefault(todo.pop(), List.of())) {
                if (seen.add(n)) {
                    todo.push(n);
                }
            }
        }
        return seen;
    }

    private Witness.Builder copy(Witness w) {
        Witness.Builder b = Witness.builder();
        for (Column c : cs.advice()) {
            copyColumn(w, b, c);
        }
        for (Column c : cs.instance()) {
            copyColumn(w, b, c);
        }
        return b;
    }

    private static void copyColumn(Witness w, Witness.Builder b, Column c) {
        ColumnValues v = w.column(c);
        for (int row = 0; row < v.length(); row++) {
            if (!v.get(row).isZero()) {
                b.set(c, row, v.get(row));
            }
        }
    }
}
