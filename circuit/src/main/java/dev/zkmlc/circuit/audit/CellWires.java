package dev.zkmlc.circuit.audit;

import dev.zkmlc.circuit.backend.CompiledCircuit;
import dev.zkmlc.circuit.cs.CellRef;
import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ColumnValues;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.circuit.cs.Witness;
import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which wire of the gadget program each witness cell holds; a cell that holds none is auxiliary (a
 * remainder, a limb, a running sum, a product, a hash state). Layouts do not say; the filler does
 * when asked twice: fill the witness with every wire moved by its own tag (wire w by w + 1, then by
 * (w + 1)^2 + 1000003), and a cell holds wire w exactly when it moved by w's tag both times. An
 * auxiliary cell computed from wires moves by some combination of tags, which matches a single
 * wire's two tags only by a coincidence of both, and a misread cell only makes the audit more
 * cautious (the cell is then never re-solved).
 */
final class CellWires {
    private static final long SECOND_TAG_OFFSET = 1_000_003;

    private final Map<Column, int[]> wireOf;

    private CellWires(Map<Column, int[]> wireOf) {
        this.wireOf = wireOf;
    }

    static CellWires of(CompiledCircuit circuit, long[] honestWires, Witness honest) {
        ConstraintSystem cs = circuit.constraintSystem();
        Map<Column, int[]> wireOf = new LinkedHashMap<>();
        List<Column> columns = new ArrayList<>(cs.advice());
        columns.addAll(cs.instance());
        for (Column c : columns) {
            int[] w = new int[honest.column(c).length()];
            Arrays.fill(w, -1);
            wireOf.put(c, w);
        }
        tag(circuit, honestWires, honest, columns, wireOf, 0, honestWires.length);
        return new CellWires(wireOf);
    }

    /** Tags wires [from, to); when the filler refuses the tagged values, tags each half alone. */
    private static void tag(CompiledCircuit circuit, long[] honestWires, Witness honest, List<Column> columns,
            Map<Column, int[]> wireOf, int from, int to) {
        if (from >= to) {
            return;
        }
        Witness a;
        Witness b;
        try {
            a = circuit.fillWitness(tagged(honestWires, from, to, false));
            b = circuit.fillWitness(tagged(honestWires, from, to, true));
        } catch (RuntimeException e) {
            // The filler's exact arithmetic refuses some tagged value: narrow down which wires.
            if (to - from > 1) {
                int mid = (from + to) >>> 1;
                tag(circuit, honestWires, honest, columns, wireOf, from, mid);
                tag(circuit, honestWires, honest, columns, wireOf, mid, to);
            }
            return;
        }
        Map<Long, Integer> byFirstTag = new HashMap<>();
        for (int w = from; w < to; w++) {
            byFirstTag.put(firstTag(w), w);
        }
        for (Column c : columns) {
            ColumnValues h = honest.column(c);
            ColumnValues va = a.column(c);
            ColumnValues vb = b.column(c);
            int[] out = wireOf.get(c);
            for (int row = 0; row < out.length; row++) {
                Long da = difference(va, h, row);
                if (da == null) {
                    continue;
                }
                Integer w = byFirstTag.get(da);
                if (w != null && Long.valueOf(secondTag(w)).equals(difference(vb, h, row))) {
                    out[row] = w;
                }
            }
        }
    }

    private static long[] tagged(long[] honestWires, int from, int to, boolean second) {
        long[] v = honestWires.clone();
        for (int w = from; w < to; w++) {
            v[w] += second ? secondTag(w) : firstTag(w);
        }
        return v;
    }

    private static long firstTag(int w) {
        return w + 1L;
    }

    private static long secondTag(int w) {
        return (w + 1L) * (w + 1L) + SECOND_TAG_OFFSET;
    }

    /** now - was at a row as a long, or null when it is not a small integer. */
    private static Long difference(ColumnValues now, ColumnValues was, int row) {
        if (now.isSmall(row) && was.isSmall(row)) {
            return now.small(row) - was.small(row);
        }
        long d = now.get(row).sub(was.get(row)).toLongOr(Long.MIN_VALUE);
        return d == Long.MIN_VALUE ? null : d;
    }

    /** The wire the cell holds, or -1 for an auxiliary cell. */
    int wire(CellRef cell) {
        int[] w = wireOf.get(cell.column());
        return w != null && cell.row() < w.length ? w[cell.row()] : -1;
    }

    /** The cells in which {@code filled} differs from {@code honest}, in column then row order. */
    static Map<CellRef, Fr> diff(ConstraintSystem cs, Witness honest, Witness filled) {
        Map<CellRef, Fr> changes = new LinkedHashMap<>();
        List<Column> columns = new ArrayList<>(cs.advice());
        columns.addAll(cs.instance());
        for (Column c : columns) {
            ColumnValues h = honest.column(c);
            ColumnValues f = filled.column(c);
            int n = Math.max(h.length(), f.length());
            for (int row = 0; row < n; row++) {
                boolean same = h.isSmall(row) && f.isSmall(row) ? h.small(row) == f.small(row) : h.get(row).equals(f.get(row));
                if (!same) {
                    changes.put(new CellRef(c, row), f.get(row));
                }
            }
        }
        return changes;
    }
}
