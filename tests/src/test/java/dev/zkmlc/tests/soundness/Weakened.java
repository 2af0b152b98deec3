package dev.zkmlc.tests.soundness;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Copy;
import dev.zkmlc.circuit.cs.Gate;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Region;
import java.util.function.Predicate;

/**
 * A compiled circuit with some of its gates or lookups removed: the same columns, copies, fixed
 * values, regions and witness filler, so the honest witness still passes, but a gadget is now
 * deliberately under-constrained. The audit must notice.
 */
final class Weakened {
    private Weakened() {}

    static CompiledCircuit without(CompiledCircuit cc, Predicate<Gate> dropGate, Predicate<Lookup> dropLookup) {
        ConstraintSystem cs = cc.constraintSystem();
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        for (Column c : cs.advice()) {
            same(c, b.advice(c.name()));
        }
        for (Column c : cs.fixed()) {
            same(c, b.fixed(c.name()));
        }
        for (Column c : cs.instance()) {
            same(c, b.instance(c.name()));
        }
        for (Column c : cs.equalityColumns()) {
            b.enableEquality(c);
        }
        for (Gate g : cs.gates()) {
            if (!dropGate.test(g)) {
                b.gate(g);
            }
        }
        for (Lookup l : cs.lookups()) {
            if (!dropLookup.test(l)) {
                b.lookup(l);
            }
        }
        for (Copy c : cs.copies()) {
            b.copy(c.a(), c.b());
        }
        for (Column c : cs.fixed()) {
            ColumnValues v = cs.fixedValues(c);
            for (int row = 0; row < v.length(); row++) {
                if (!v.get(row).isZero()) {
                    b.fixed(c, row, v.get(row));
                }
            }
        }
        for (Region r : cs.regions()) {
            b.region(r.name(), r.origin(), r.firstRow(), r.rowCount());
        }
        b.blindingRows(cs.blindingRows());
        b.k(cs.k());
        return new CompiledCircuit(cc.program(), b.build(), cc.stats(), cc.publicValues(), cc.dependentCells(),
                cc::fillWitness);
    }

    private static void same(Column original, Column rebuilt) {
        if (!original.equals(rebuilt)) {
            throw new IllegalStateException("column " + original + " rebuilt as " + rebuilt);
        }
    }
}
