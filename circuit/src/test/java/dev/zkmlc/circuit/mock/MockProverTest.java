package dev.zkmlc.circuit.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.ConstraintSystemBuilder;
import dev.zkmlc.circuit.cs.Expression;
import dev.zkmlc.circuit.cs.Lookup;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

/**
 * A small circuit computing out = a·b for four pairs, each a range-checked to 4 bits by lookup and
 * the last product copied to the public output.
 */
class MockProverTest {
    /** The circuit and its columns. */
    static final class MulCircuit {
        final ConstraintSystem cs;
        final Column a, b, c, q, qr, table, out;

        MulCircuit() {
            ConstraintSystemBuilder bld = ConstraintSystem.builder();
            a = bld.advice("a");
            b = bld.advice("b");
            c = bld.advice("c");
            q = bld.fixed("q_mul");
            qr = bld.fixed("q_range");
            table = bld.fixed("t_range4");
            out = bld.instance("out");
            bld.enableEquality(c).enableEquality(out);
            bld.gate("mul", q.cur().times(a.cur().times(b.cur()).minus(c.cur())));
            bld.lookup("range4", List.of(qr.cur().times(a.cur())), List.of(table.cur()));
            for (int row = 0; row < 16; row++) {
                bld.fixed(table, row, row);
            }
            bld.region("range table", "stdlib: range4", 0, 16);
            for (int row = 0; row < 4; row++) {
                bld.fixed(q, row, 1);
                bld.fixed(qr, row, 1);
            }
            bld.region("mul", "mlp.zk:4:9", 0, 4);
            bld.copy(c, 3, out, 0);
            cs = bld.k(5).build();
        }

        Witness.Builder honest(long[] as, long[] bs) {
            Witness.Builder w = Witness.builder();
            for (int row = 0; row < 4; row++) {
                w.set(a, row, as[row]).set(b, row, bs[row]).set(c, row, Fr.of(as[row]).mul(Fr.of(bs[row])));
            }
            w.set(out, 0, Fr.of(as[3]).mul(Fr.of(bs[3])));
            return w;
        }
    }

    private static final long[] AS = {3, 15, 0, 7};
    private static final long[] BS = {5, -2, 9, 1L << 40};

    @Test
    void honestWitnessPasses() {
        MulCircuit m = new MulCircuit();
        assertEquals(List.of(), MockProver.check(m.cs, m.honest(AS, BS).build()));
        MockProver.assertSatisfied(m.cs, m.honest(AS, BS).build());
    }

    @Test
    void completenessOverRandomInputs() {
        MulCircuit m = new MulCircuit();
        qt().forAll(SourceDSL.longs().between(0, 15), SourceDSL.longs().all(),
                SourceDSL.longs().between(0, 15), SourceDSL.longs().all()).checkAssert((a0, b0, a3, b3) -> {
                    long[] as = {a0, 1, 2, a3};
                    long[] bs = {b0, 4, 5, b3};
                    assertEquals(List.of(), MockProver.check(m.cs, m.honest(as, bs).build()));
                });
    }

    @Test
    void wrongGateCellIsReportedWithRowGateAndRegion() {
        MulCircuit m = new MulCircuit();
        Witness w = m.honest(AS, BS).set(m.c, 2, 1).build();
        List<Failure> f = MockProver.check(m.cs, w);
        assertEquals(1, f.size(), f.toString());
        Failure x = f.get(0);
        assertEquals(Failure.GATE, x.kind());
        assertEquals(2, x.row());
        assertEquals("mul", x.gate());
        assertEquals(0, x.constraintIndex());
        assertEquals("mul", x.region());
        assertEquals("mlp.zk:4:9", x.origin());
        assertEquals(m.a, x.column());
        String s = x.toString();
        assertTrue(s.contains("row 2") && s.contains("'mul'") && s.contains("mlp.zk:4:9") && s.contains("c@2 = 1"), s);
        UnsatisfiedException e = assertThrows(UnsatisfiedException.class, () -> MockProver.assertSatisfied(m.cs, w));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    }

    @Test
    void anySingleChangedAdviceCellIsRejected() {
        MulCircuit m = new MulCircuit();
        Column[] cols = {m.a, m.b, m.c};
        qt().forAll(SourceDSL.integers().between(0, 2), SourceDSL.integers().between(0, 3),
                SourceDSL.longs().between(1, 1000)).checkAssert((col, row, delta) -> {
                    Witness.Builder w = m.honest(AS, BS);
                    Fr old = w.get(cols[col], row);
                    // b at row 2 multiplies a = 0 there, so it is free: the circuit rightly accepts any value.
                    boolean free = col == 1 && row == 2;
                    w.set(cols[col], row, old.add(Fr.of(delta)));
                    assertEquals(free, MockProver.check(m.cs, w.build()).isEmpty());
                });
    }

    @Test
    void missingLookupTupleIsReported() {
        MulCircuit m = new MulCircuit();
        long[] as = AS.clone();
        as[1] = 16; // one past the 4-bit range; the product stays consistent so only the lookup fails
        List<Failure> f = MockProver.check(m.cs, m.honest(as, BS).build());
        assertEquals(1, f.size(), f.toString());
        assertEquals(Failure.LOOKUP, f.get(0).kind());
        assertEquals(1, f.get(0).row());
        assertEquals("range4", f.get(0).gate());
        assertEquals("mul", f.get(0).region());
        assertTrue(f.get(0).detail().contains("(16) is not in the table"), f.get(0).detail());
        as[1] = -1;
        assertEquals(Failure.LOOKUP, MockProver.check(m.cs, m.honest(as, BS).build()).get(0).kind());
    }

    @Test
    void lookupsSharingATableAreEachChecked() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        Column y = b.advice("y");
        Column t = b.fixed("t");
        b.lookup("x in t", List.of(x.cur()), List.of(t.cur()));
        b.lookup("y in t", List.of(y.cur()), List.of(t.cur()));
        for (int r = 0; r < 4; r++) {
            b.fixed(t, r, r);
        }
        ConstraintSystem cs = b.k(4).build();
        assertEquals(List.of(), MockProver.check(cs, Witness.builder().set(x, 1, 3).set(y, 2, 2).build()));
        List<Failure> f = MockProver.check(cs, Witness.builder().set(x, 1, 3).set(y, 2, 4).build());
        assertEquals(1, f.size(), f.toString());
        assertEquals("y in t", f.get(0).gate());
        assertEquals(2, f.get(0).row());
    }

    @Test
    void aTableInSegmentsIsTheUnionOfItsSegments() {
        // 0..5 in segment 0, 6..11 in segment 1, 12..17 in segment 2, each on rows 0..5 of its own column.
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        Column q = b.fixed("q");
        List<List<Expression>> segments = new java.util.ArrayList<>();
        for (int s = 0; s < 3; s++) {
            Column t = b.fixed("t" + s);
            for (int r = 0; r < 6; r++) {
                b.fixed(t, r, 6 * s + r);
            }
            segments.add(List.of(t.cur()));
        }
        b.lookup(new Lookup("x < 18", List.of(q.cur().times(x.cur())), segments));
        for (int r = 0; r < 3; r++) {
            b.fixed(q, r, 1);
        }
        ConstraintSystem cs = b.k(4).build();
        // 15 is only in segment 2; the other rows come from segments 0 and 1.
        assertEquals(List.of(), MockProver.check(cs, Witness.builder().set(x, 0, 4).set(x, 1, 15).set(x, 2, 11).build()));
        List<Failure> f = MockProver.check(cs, Witness.builder().set(x, 0, 4).set(x, 1, 15).set(x, 2, 18).build());
        assertEquals(1, f.size(), f.toString());
        assertEquals(Failure.LOOKUP, f.get(0).kind());
        assertEquals("x < 18", f.get(0).gate());
        assertEquals(2, f.get(0).row());
        assertTrue(f.get(0).detail().contains("(18) is not in the table"), f.get(0).detail());
    }

    @Test
    void brokenCopyIsReported() {
        MulCircuit m = new MulCircuit();
        Witness w = m.honest(AS, BS).set(m.out, 0, 42).build();
        List<Failure> f = MockProver.check(m.cs, w);
        assertEquals(1, f.size(), f.toString());
        assertEquals(Failure.COPY, f.get(0).kind());
        assertEquals(3, f.get(0).row());
        assertEquals(m.c, f.get(0).column());
        assertTrue(f.get(0).detail().contains("out@0 = 42"), f.get(0).detail());
    }

    @Test
    void valuesPastUsableRowsAndUndeclaredColumnsAreReported() {
        MulCircuit m = new MulCircuit();
        int last = m.cs.usableRows();
        List<Failure> f = MockProver.check(m.cs, m.honest(AS, BS).set(m.a, last, 1).build());
        assertEquals(Failure.WITNESS, f.get(0).kind());
        assertEquals(last, f.get(0).row());
        f = MockProver.check(m.cs, m.honest(AS, BS).set(new Column(m.out.kind(), 3, "x"), 0, 1).build());
        assertEquals(Failure.INSTANCE, f.get(0).kind());
    }

    @Test
    void rotationsWrapAndBlindingRowsArePoison() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        Column s = b.fixed("s");
        // Running sum: x[next] = x[cur] + 1 on selected rows.
        b.gate("step", s.cur().times(x.next().minus(x.cur()).minus(Expression.constant(1))));
        ConstraintSystem cs0 = b.k(4).build();
        int usable = cs0.usableRows();
        assertEquals(16 - 5 - 1, usable);

        // Selector on rows 0..usable-2: every x[next] is a usable row.
        ConstraintSystemBuilder b1 = ConstraintSystem.builder();
        Column x1 = b1.advice("x");
        Column s1 = b1.fixed("s");
        b1.gate("step", s1.cur().times(x1.next().minus(x1.cur()).minus(Expression.constant(1))));
        for (int r = 0; r < usable - 1; r++) {
            b1.fixed(s1, r, 1);
        }
        ConstraintSystem cs1 = b1.k(4).build();
        Witness.Builder w = Witness.builder();
        for (int r = 0; r < usable; r++) {
            w.set(x1, r, r);
        }
        assertEquals(List.of(), MockProver.check(cs1, w.build()));

        // Enabling the selector on the last usable row makes the gate read a blinding row.
        ConstraintSystemBuilder b2 = ConstraintSystem.builder();
        Column x2 = b2.advice("x");
        Column s2 = b2.fixed("s");
        b2.gate("step", s2.cur().times(x2.next().minus(x2.cur()).minus(Expression.constant(1))));
        b2.fixed(s2, usable - 1, 1);
        b2.region("tail", "t.zk:1:1", usable - 1, 1);
        ConstraintSystem cs2 = b2.k(4).build();
        Witness w2 = Witness.builder().set(x2, usable - 1, -1).build(); // -1 + 1 = 0 = poison read as zero
        List<Failure> f = MockProver.check(cs2, w2);
        assertEquals(1, f.size(), f.toString());
        assertEquals(usable - 1, f.get(0).row());
        assertTrue(f.get(0).detail().contains("blinding"), f.get(0).detail());

        // Rotation -1 on row 0 wraps to row 2^k - 1, a blinding row.
        ConstraintSystemBuilder b3 = ConstraintSystem.builder();
        Column x3 = b3.advice("x");
        Column f3 = b3.fixed("f");
        b3.gate("wrap", f3.cur().times(x3.prev()));
        b3.fixed(f3, 0, 1);
        ConstraintSystem cs3 = b3.k(4).build();
        List<Failure> g = MockProver.check(cs3, Witness.builder().build());
        assertEquals(1, g.size(), g.toString());
        assertTrue(g.get(0).detail().contains("x@15"), g.get(0).detail());
    }

    @Test
    void failuresAreCappedPerConstraint() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        b.gate("x is one", x.cur().minus(1));
        b.gate("x is two", x.cur().minus(2));
        ConstraintSystem cs = b.k(10).build();
        List<Failure> f = MockProver.check(cs, Witness.builder().build());
        assertEquals(2 * MockProver.PER_CONSTRAINT_LIMIT, f.size());
        assertTrue(f.stream().anyMatch(e -> e.gate().equals("x is two")));
        assertEquals(5, MockProver.check(cs, Witness.builder().build(), 5).size());
    }

    @Test
    void largeCircuitChecksQuickly() {
        // 2^16 rows, a dot-product-like gate over 8 advice columns and a 2^8 range lookup.
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column[] xs = new Column[8];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = b.advice("x" + i);
        }
        Column acc = b.advice("acc");
        Column q = b.fixed("q");
        Column t = b.fixed("t8");
        Expression dot = acc.cur();
        for (int i = 0; i < 8; i += 2) {
            dot = dot.plus(xs[i].cur().times(xs[i + 1].cur()));
        }
        b.gate("dot", q.cur().times(acc.next().minus(dot)));
        b.lookup("range8", List.of(q.cur().times(xs[0].cur())), List.of(t.cur()));
        int k = 16;
        int rows = (1 << k) - 10;
        for (int r = 0; r < 256; r++) {
            b.fixed(t, r, r);
        }
        Witness.Builder w = Witness.builder();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        Fr running = Fr.ZERO;
        for (int r = 0; r < rows; r++) {
            b.fixed(q, r, 1);
            w.set(acc, r, running);
            Fr next = running;
            for (int i = 0; i < 8; i += 2) {
                long u = rng.nextInt(256), v = rng.nextInt(-1000, 1000);
                w.set(xs[i], r, u).set(xs[i + 1], r, v);
                next = next.add(Fr.of(u * v));
            }
            running = next;
        }
        w.set(acc, rows, running);
        ConstraintSystem cs = b.k(k).build();
        Witness wit = w.build();
        long t0 = System.nanoTime();
        assertEquals(List.of(), MockProver.check(cs, wit));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 20_000, "mock prover took " + ms + " ms");
        w.set(xs[3], rows / 2, w.get(xs[3], rows / 2).add(Fr.ONE));
        List<Failure> f = MockProver.check(cs, w.build());
        assertEquals(1, f.size(), f.toString());
        assertEquals(rows / 2, f.get(0).row());
    }
}
