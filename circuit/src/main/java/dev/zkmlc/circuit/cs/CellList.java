package dev.zkmlc.circuit.cs;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A read-only list of cells of one constraint system stored as packed longs ({@link Copies#pack}):
 * 8 bytes per cell, the {@link CellRef} made on demand.
 */
public final class CellList extends AbstractList<CellRef> implements RandomAccess {
    private final ConstraintSystem cs;
    private final long[] cells;
    private final int size;

    /** Takes {@code cells[0..size)} over (the caller must not change them afterwards). */
    public CellList(ConstraintSystem cs, long[] cells, int size) {
        if (size < 0 || size > cells.length) {
            throw new IllegalArgumentException("bad size " + size);
        }
        this.cs = cs;
        this.cells = cells;
        this.size = size;
    }

    @Override
    public CellRef get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("cell " + i + " of " + size);
        }
        long c = cells[i];
        return new CellRef(cs.column(Copies.kind(c), Copies.columnIndex(c)), Copies.row(c));
    }

    @Override
    public int size() {
        return size;
    }
}
