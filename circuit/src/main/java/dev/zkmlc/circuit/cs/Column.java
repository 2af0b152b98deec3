package dev.zkmlc.circuit.cs;

import java.util.Objects;

/**
 * A column of the constraint system: its kind, its index among the columns of that kind, and a
 * name used in failure reports. Columns are created by {@link ConstraintSystemBuilder}.
 */
public record Column(ColumnKind kind, int index, String name) {
    public Column {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (index < 0) {
            throw new IllegalArgumentException("column index must be >= 0, got " + index);
        }
    }

    /** This column at the current row (rotation 0). */
    public Expression.Cell cur() {
        return new Expression.Cell(this, 0);
    }

    /** This column at the next row (rotation +1). */
    public Expression.Cell next() {
        return new Expression.Cell(this, 1);
    }

    /** This column at the previous row (rotation -1). */
    public Expression.Cell prev() {
        return new Expression.Cell(this, -1);
    }

    /** This column at row offset {@code rotation} from the current row. */
    public Expression.Cell rot(int rotation) {
        return new Expression.Cell(this, rotation);
    }

    /** The cell of this column at an absolute row, for copy constraints. */
    public CellRef at(int row) {
        return new CellRef(this, row);
    }

    /*
     * equals and hashCode written out (hashCode as the record's own formula): the generated ones bootstrap through
     * invokedynamic and method-handle trees, which run slowly until the JIT compiles them, and columns are hash keys on
     * the start-up path of every command (the proving key's permutation: ~0.15 CPU-s of `prove` for 784x56x10).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Column c && index == c.index && kind == c.kind && name.equals(c.name);
    }

    @Override
    public int hashCode() {
        return (31 * kind.hashCode() + index) * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
