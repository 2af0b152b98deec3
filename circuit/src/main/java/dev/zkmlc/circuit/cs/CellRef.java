package dev.zkmlc.circuit.cs;

import java.util.Objects;

/** One cell: a column at an absolute row. */
public record CellRef(Column column, int row) {
    public CellRef {
        Objects.requireNonNull(column, "column");
        if (row < 0) {
            throw new IllegalArgumentException("row must be >= 0, got " + row);
        }
    }

    @Override
    public String toString() {
        return column.name() + "@" + row;
    }
}
