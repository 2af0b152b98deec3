package dev.zkmlc.circuit.cs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.zkmlc.circuit.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

class ConstraintSystemTest {
    @Test
    void builderCollectsColumnsGatesAndCounts() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column a = b.advice("a");
        Column c = b.advice("c");
        Column q = b.fixed("q");
        Column t = b.fixed("t");
        Column out = b.instance("out");
        assertEquals(new Column(ColumnKind.ADVICE, 1, "c"), c);
        b.enableEquality(a).enableEquality(out);
        b.gate("square", q.cur().times(a.cur().times(a.cur()).minus(c.cur())));
        b.lookup("t", List.of(q.cur().times(a.cur())), List.of(t.cur()));
        b.copy(a.at(2), out.at(0));
        b.fixed(q, 0, 1).fixed(q, 9, 1);
        b.region("sq", "x.zk:1:1", 0, 10);
        assertEquals(10, b.rowsUsed());
        ConstraintSystem cs = b.build();
        assertEquals(5, cs.blindingRows()); // halo2: max(3, 1 rotation) + 2
        assertEquals(4, cs.k()); // 2^4 - 5 - 1 = 10 usable rows suffice
        assertEquals(10, cs.usableRows());
        assertEquals(3, cs.gateDegree());
        assertEquals(2 + 2 + 1, cs.lookupDegree());
        assertEquals(5, cs.degree());
        ConstraintSystem.Summary s = cs.summary();
        assertEquals(2, s.adviceColumns());
        assertEquals(2, s.fixedColumns());
        assertEquals(1, s.instanceColumns());
        assertEquals(1, s.copies());
        assertEquals(10, s.rowsUsed());
        assertTrue(s.toString().contains("degree 5"), s.toString());
        assertEquals(Fr.ONE, cs.fixedValue(q, 9));
        assertEquals(Fr.ZERO, cs.fixedValue(q, 5));
        assertTrue(cs.isEqualityEnabled(out));
        assertEquals(List.of(a, out), cs.equalityColumns());
    }

    @Test
    void minimumKLeavesRoomForBlindingRows() {
        assertEquals(4, ConstraintSystemBuilder.minimumK(10, 5));
        assertEquals(5, ConstraintSystemBuilder.minimumK(11, 5));
        assertEquals(1, ConstraintSystemBuilder.minimumK(0, 0));
    }

    @Test
    void blindingRowsFollowTheMostQueriedAdviceColumn() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column x = b.advice("x");
        b.gate("four rotations", x.cur().plus(x.next()).plus(x.rot(2)).plus(x.rot(3)).plus(x.prev()));
        assertEquals(5 + 2, b.defaultBlindingRows());
        assertEquals(8 - 2 - 1, b.blindingRows(2).k(3).build().usableRows());
    }

    @Test
    void aLookupsDegreeCountsItsHighestSegment() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column a = b.advice("a");
        Column q = b.fixed("q");
        Column t = b.fixed("t");
        Column u = b.fixed("u");
        Lookup split = new Lookup("split", List.of(q.cur().times(a.cur())), List.of(List.of(t.cur()), List.of(q.cur().times(u.cur()))));
        assertEquals(2 + 2 + 2, split.degree());
        assertEquals(2 + 2 + 1, Lookup.single("one", List.of(q.cur().times(a.cur())), List.of(t.cur())).degree());
        assertEquals(6, b.lookup(split).k(4).build().degree());
    }

    @Test
    void misuseIsRejectedWithClearMessages() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column a = b.advice("a");
        Column f = b.fixed("f");
        CircuitException e = assertThrows(CircuitException.class, () -> b.copy(a.at(0), a.at(1)));
        assertTrue(e.getMessage().contains("not equality-enabled"), e.getMessage());
        e = assertThrows(CircuitException.class, () -> b.lookup("bad", List.of(f.cur()), List.of(a.cur())));
        assertTrue(e.getMessage().contains("only fixed columns"), e.getMessage());
        // Every segment of a table is held to the same rules, and to the inputs' arity.
        e = assertThrows(CircuitException.class, () -> b.lookup(new Lookup("bad segment", List.of(a.cur()),
                List.of(List.of(f.cur()), List.of(a.cur())))));
        assertTrue(e.getMessage().contains("lookup 'bad segment'") && e.getMessage().contains("only fixed columns"),
                e.getMessage());
        IllegalArgumentException arity = assertThrows(IllegalArgumentException.class, () -> new Lookup("pairs",
                List.of(a.cur(), a.cur()), List.of(List.of(f.cur(), f.cur()), List.of(f.cur()))));
        assertTrue(arity.getMessage().contains("segment 1 has 1"), arity.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Lookup("none", List.of(a.cur()), List.of()));
        Column foreign = ConstraintSystem.builder().advice("z");
        Column foreign2 = new Column(ColumnKind.ADVICE, 7, "z");
        assertThrows(CircuitException.class, () -> b.gate("g", foreign2.cur()));
        e = assertThrows(CircuitException.class, () -> b.gate("g", new Column(ColumnKind.ADVICE, 0, "other").cur()));
        assertTrue(e.getMessage().contains("not declared"), e.getMessage());
        assertEquals("z", foreign.name());
        b.fixed(f, 100, 1);
        e = assertThrows(CircuitException.class, () -> b.k(6).build());
        assertTrue(e.getMessage().contains("needs 101 rows") && e.getMessage().contains("k >= 7"), e.getMessage());
        assertThrows(CircuitException.class, () -> b.fixed(a, 0, 1));
        assertThrows(CircuitException.class, () -> b.k(29));
    }

    @Test
    void regionAtFindsInnermostRegion() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        b.region("layer", "m.zk:1:1", 0, 100);
        b.region("dot", "m.zk:2:3", 10, 5);
        b.region("relu", "m.zk:3:3", 50, 10);
        b.region("other", "m.onnx: node 'Gemm_0'", 200, 10);
        ConstraintSystem cs = b.build();
        assertEquals("layer", cs.regionAt(0).orElseThrow().name());
        assertEquals("dot", cs.regionAt(12).orElseThrow().name());
        assertEquals("layer", cs.regionAt(15).orElseThrow().name());
        assertEquals("relu", cs.regionAt(59).orElseThrow().name());
        assertTrue(cs.regionAt(150).isEmpty());
        assertEquals("m.onnx: node 'Gemm_0'", cs.regionAt(205).orElseThrow().origin());
        assertTrue(cs.regionAt(210).isEmpty());
    }

    @Test
    void expressionsEvaluateAndPrint() {
        Column a = new Column(ColumnKind.ADVICE, 0, "a");
        Column q = new Column(ColumnKind.FIXED, 0, "q");
        Expression e = q.cur().times(a.next().minus(a.cur().times(3)).plus(Expression.constant(-2)));
        assertEquals(2, e.degree());
        CellReader reader = (col, row) -> Fr.of(col.kind() == ColumnKind.FIXED ? 1 : row * 10L);
        // row 4: 1 * (50 - 3*40 - 2) = -72
        assertEquals(Fr.of(-72), e.evaluate(4, reader));
        assertEquals("q*((a[+1] - 3*a) + -2)", e.toString());
        List<String> cells = new ArrayList<>();
        e.forEachCell(c -> cells.add(c.toString()));
        assertEquals(List.of("q", "a[+1]", "a"), cells);
        assertEquals(Expression.constant(0), Expression.sum(List.of()));
        List<Expression> terms = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            terms.add(a.rot(i % 7).times(i));
        }
        Expression big = Expression.sum(terms);
        assertEquals(1, big.degree());
        long expected = 0;
        for (int i = 0; i < 100_000; i++) {
            expected += (long) i * ((4 + i % 7) * 10L);
        }
        assertEquals(Fr.of(expected), big.evaluate(4, reader));
    }

    @Test
    void columnValuesStoreSmallAndLargeValues() {
        qt().forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 300)).ofSizeBetween(1, 30),
                SourceDSL.longs().all()).checkAssert((rows, seed) -> {
                    ColumnValues.Builder b = new ColumnValues.Builder();
                    java.util.Map<Integer, Fr> expected = new java.util.HashMap<>();
                    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
                    for (int row : rows) {
                        Fr v = rng.nextBoolean() ? Fr.of(rng.nextLong()) : Fr.random(rng);
                        b.set(row, v);
                        expected.put(row, v);
                    }
                    ColumnValues c = b.build();
                    long[] limbs = new long[4];
                    for (int row = 0; row <= 310; row++) {
                        Fr want = expected.getOrDefault(row, Fr.ZERO);
                        assertEquals(want, c.get(row));
                        c.readMontgomery(row, limbs, 0);
                        assertEquals(want, Fr.fromMontgomery(limbs, 0));
                        BigInteger s = want.signed();
                        boolean small = s.bitLength() <= 62;
                        assertEquals(small, c.isSmall(row), "row " + row + " value " + s);
                        if (small) {
                            assertEquals(s.longValueExact(), c.small(row));
                        }
                    }
                });
    }

    @Test
    void witnessSeparatesAdviceAndInstance() {
        ConstraintSystemBuilder b = ConstraintSystem.builder();
        Column a = b.advice("a");
        Column o = b.instance("o");
        Column f = b.fixed("f");
        Witness w = Witness.builder().set(a, 3, -7).set(o, 0, Fr.of(5)).build();
        assertEquals(Fr.of(-7), w.get(a, 3));
        assertEquals(Fr.ZERO, w.get(a, 2));
        assertEquals(Fr.of(5), w.get(o, 0));
        assertEquals(Fr.ZERO, w.get(o, 3));
        assertEquals(4, w.rowsUsed());
        assertEquals(1, w.adviceColumnCount());
        assertThrows(CircuitException.class, () -> Witness.builder().set(f, 0, 1));
    }

    /**
     * A packed copy endpoint keeps kind, column and row apart up to the largest index and row, and refuses a
     * column index that would spill into the kind bits (the copy would silently bind another column's cell).
     */
    @Test
    void packedCopyCellsKeepTheirColumnOrAreRefused() {
        for (ColumnKind kind : ColumnKind.values()) {
            for (int index : new int[] {0, 1, Copies.MAX_COLUMN_INDEX}) {
                for (int row : new int[] {0, 1, Integer.MAX_VALUE}) {
                    long cell = Copies.pack(kind, index, row);
                    assertEquals(kind, Copies.kind(cell));
                    assertEquals(index, Copies.columnIndex(cell));
                    assertEquals(row, Copies.row(cell));
                }
            }
            assertThrows(CircuitException.class, () -> Copies.pack(kind, Copies.MAX_COLUMN_INDEX + 1, 0));
            assertThrows(CircuitException.class, () -> Copies.pack(kind, -1, 0));
        }
    }
}
