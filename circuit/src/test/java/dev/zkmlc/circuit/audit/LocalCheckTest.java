package dev.zkmlc.circuit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.mock.MockProver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit's incremental check agrees with the full mock prover on witnesses that differ from a
 * satisfying one in a few cells, on a circuit with every kind of constraint it must find: a gate
 * reading several columns of one row (s = prev + a·b, a running sum over rows by rotation), a lookup
 * (a in [0, 16), a table in two segments: 0..7 in column t, 8..15 in column t8), and copies (each a to the column x, the last sum to the public output).
 */
class LocalCheckTest {
    private static final int ROWS = 8;

    private final ConstraintSystem cs;
    private final Column a;
    private final Column b;
    private final Column s;
    private final Column x;
    private final Column out;
    private final Witness honest;

    LocalCheckTest() {
        ConstraintSystemBuilder bld = ConstraintSystem.builder();
        a = bld.advice("a");
        b = bld.advice("b");
        s = bld.advice("s");
        x = bld.advice("x");
        Column q = bld.fixed("q");
        Column first = bld.fixed("first");
        Column table = bld.fixed("t");
        Column upper = bld.fixed("t8");
        out = bld.instance("out");
        bld.enableEquality(a).enableEquality(x).enableEquality(s).enableEquality(out);
        // s = a·b + (first ? 0 : s[prev]): one constraint reads a, b and s on its row and s above.
        bld.gate("sum", q.cur().times(s.cur().minus(a.cur().times(b.cur()))
                .minus(Expression.constant(1).minus(first.cur()).times(s.prev()))));
        bld.lookup(new Lookup("range16", List.of(q.cur().times(a.cur())), List.of(List.of(table.cur()), List.of(upper.cur()))));
        for (int row = 0; row < 8; row++) {
            bld.fixed(table, row, row).fixed(upper, row, 8 + row);
        }
        bld.fixed(first, 0, 1);
        Witness.Builder w = Witness.builder();
        long sum = 0;
        for (int row = 0; row < ROWS; row++) {
            bld.fixed(q, row, 1);
            long av = (row * 5 + 3) % 16;
            long bv = row - 3;
            sum += av * bv;
            w.set(a, row, av).set(b, row, bv).set(s, row, sum).set(x, row, av);
            bld.copy(a, row, x, row);
        }
        bld.copy(s, ROWS - 1, out, 0);
        w.set(out, 0, sum);
        cs = bld.k(5).build();
        honest = w.build();
    }

    @Test
    void theHonestWitnessAndNoChangePass() {
        assertTrue(MockProver.check(cs, honest).isEmpty());
        assertTrue(new LocalCheck(cs, honest, new WitnessEdit(cs)).check(Map.of(), 10).isEmpty());
    }

    @Test
    void aChangedCellIsCheckedByEveryConstraintOfItsRow() {
        LocalCheck check = new LocalCheck(cs, honest, new WitnessEdit(cs));
        // b is read only by the gate, next to a and s on the same row.
        Map<CellRef, Fr> changes = Map.of(new CellRef(b, 2), honest.get(b, 2).add(Fr.ONE));
        List<LocalCheck.Violation> v = check.check(changes, 10);
        assertEquals(1, v.size(), v.toString());
        assertEquals("sum", v.get(0).name());
        assertEquals(2, v.get(0).row());
        assertTrue(v.get(0).cells().containsAll(List.of(new CellRef(a, 2), new CellRef(s, 2), new CellRef(s, 1))), v.toString());
    }

    @Test
    void agreesWithTheMockProverOnRandomEdits() {
        Column[] columns = {a, b, s, x, out};
        WitnessEdit edit = new WitnessEdit(cs);
        LocalCheck check = new LocalCheck(cs, honest, edit);
        qt().withFixedSeed(17).withExamples(300)
                .forAll(lists().of(integers().between(0, 5 * ROWS * 9 - 1)).ofSizeBetween(1, 4))
                .checkAssert(genes -> {
                    Map<CellRef, Fr> changes = new LinkedHashMap<>();
                    for (int g : genes) {
                        int delta = g % 9 - 4;
                        Column c = columns[g / 9 / ROWS];
                        int row = c == out ? 0 : g / 9 % ROWS;
                        CellRef cell = new CellRef(c, row);
                        changes.put(cell, honest.get(c, row).add(Fr.of(delta)));
                    }
                    boolean full = MockProver.check(cs, edit.with(honest, changes), 1).isEmpty();
                    assertEquals(full, check.check(changes, 100).isEmpty(), changes::toString);
                    // The same verdict when only the changed cells are named as touched.
                    assertEquals(full, check.check(changes, changes.keySet(), 100).isEmpty(), changes::toString);
                });
    }
}
