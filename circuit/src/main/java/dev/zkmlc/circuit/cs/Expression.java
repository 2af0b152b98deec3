package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A polynomial expression over cells at row offsets (rotations) from the current row: the body of
 * gate constraints and lookup arguments. Immutable trees of records.
 *
 * <p>Example, a multiplication gate enabled by selector {@code q}:
 * {@code q.cur().times(a.cur().times(b.cur()).minus(c.cur()))}.
 */
public sealed interface Expression {

    /** The polynomial degree in the cells (constants have degree 0, each cell degree 1). */
    int degree();

    /** The value at {@code row}; a cell with rotation k reads {@code reader.read(column, row + k)}. */
    Fr evaluate(int row, CellReader reader);

    /** Visits every cell occurrence, left to right. */
    void forEachCell(Consumer<Cell> visitor);

    default Expression plus(Expression other) {
        return new Sum(this, other);
    }

    default Expression minus(Expression other) {
        return new Sum(this, new Negated(other));
    }

    default Expression times(Expression other) {
        return new Product(this, other);
    }

    default Expression times(Fr factor) {
        return new Scaled(this, factor);
    }

    default Expression times(long factor) {
        return new Scaled(this, Fr.of(factor));
    }

    default Expression plus(long constant) {
        return new Sum(this, constant(constant));
    }

    default Expression minus(long constant) {
        return new Sum(this, constant(-constant));
    }

    default Expression negate() {
        return new Negated(this);
    }

    /**
     * A challenge of the constraint system ({@link ConstraintSystemBuilder#challenge}): a field element drawn from
     * the transcript after the phase-0 advice columns are committed. Degree 0, as in halo2: it is a constant of
     * each proof, unknown to the prover when it fixes the phase-0 values.
     */
    static Expression challenge(int index, String name) {
        return new Challenge(index, name);
    }

    static Expression constant(long value) {
        return new Constant(Fr.of(value));
    }

    static Expression constant(Fr value) {
        return new Constant(value);
    }

    /**
     * The sum of the terms (the constant 0 when there are none), as a balanced tree so that long sums
     * (a dot product over a whole row) stay shallow for the recursive walks over expressions.
     */
    static Expression sum(List<? extends Expression> terms) {
        if (terms.isEmpty()) {
            return constant(0);
        }
        return balancedSum(terms, 0, terms.size());
    }

    private static Expression balancedSum(List<? extends Expression> terms, int from, int to) {
        if (to - from == 1) {
            return terms.get(from);
        }
        int mid = (from + to) >>> 1;
        return new Sum(balancedSum(terms, from, mid), balancedSum(terms, mid, to));
    }

    record Constant(Fr value) implements Expression {
        public Constant {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int degree() {
            return 0;
        }

        @Override
        public Fr evaluate(int row, CellReader reader) {
            return value;
        }

        @Override
        public void forEachCell(Consumer<Cell> visitor) {
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }

    record Challenge(int index, String name) implements Expression {
        public Challenge {
            Objects.requireNonNull(name, "name");
            if (index < 0) {
                throw new IllegalArgumentException("challenge index must be >= 0, got " + index);
            }
        }

        @Override
        public int degree() {
            return 0;
        }

        @Override
        public Fr evaluate(int row, CellReader reader) {
            return reader.challenge(index);
        }

        @Override
        public void forEachCell(Consumer<Cell> visitor) {
        }

        @Override
        public String toString() {
            return "$" + name;
        }
    }

    record Cell(Column column, int rotation) implements Expression {
        public Cell {
            Objects.requireNonNull(column, "column");
        }

        @Override
        public int degree() {
            return 1;
        }

        @Override
        public Fr evaluate(int row, CellReader reader) {
            return reader.read(column, row + rotation);
        }

        @Override
        public void forEachCell(Consumer<Cell> visitor) {
            visitor.accept(this);
        }

        @Override
        public String toString() {
            return rotation == 0 ? column.name() : column.name() + "[" + (rotation > 0 ? "+" : "") + rotation + "]";
        }
    }

    record Sum(Expression a, Expression b) implements Expression {
        public Sum {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
        }

        @Override
        public int degree() {
            return Math.max(a.degree(), b.degree());
        }

        @Override
        public Fr evaluate(int row, CellReader reader) {
            return a.evaluate(row, reader).add(b.evaluate(row, reader));
        }

        @Override
        public void forEachCell(Consumer<Cell> visitor) {
            a.forEachCell(visitor);
            b.forEachCell(visitor);
        }

        @Override
        public String toString() {
            if (b instanceof Negated) {
                return "(" + a + " - " + ((Negated) b).e() + ")";
            }
            return "(" + a + " + " + b + ")";
        }
    }

    record Product(Expression a, Expression b) implements Expression {
        public Product {
            Objects.requireNonNull(a, "a");
            Objects.requireNonNull(b, "b");
        }

        @Override
        public int degree() {
            return a.degree() + b.degree();
        }

        @Override
        public Fr evaluate(int row, CellReader reader) {
            Fr x = a.evaluate(row, reader);
            // Selector-style short cut: a zero left factor makes the right one irrelevant.
            return x.isZero() ? x : x.mul(b.evaluate(row, reader));
        }

        @Override
        public void forEachCell(Consumer<Cell> visitor) {
            a.forEachCell(visitor);
            b.forEachCell(visitor);
        }

        @Override
        public String toString() {
            return a + "*" + b;
        }
    }

    record Negated(Expression e) implements Expression {
        public Negated {
            Objects.requireNonNull(e, "e");
        }

        @Override
        public int degree() {
            return e.degree();
        }

        @Override
        public Fr evaluate(int row, CellReader reader) {
            return e.evaluate(row, reader).neg();
        }

        @Override
        public void forEachCell(Consumer<Cell> visitor) {
            e.forEachCell(visitor);
        }

        @Override
        public String toString() {
            return "-" + e;
        }
    }

    record Scaled(Expression e, Fr factor) implements Expression {
        public Scaled {
            Objects.requireNonNull(e, "e");
            Objects.requireNonNull(factor, "factor");
        }

        @Override
        public int degree() {
            return e.degree();
        }

        @Override
        public Fr evaluate(int row, CellReader reader) {
            return e.evaluate(row, reader).mul(factor);
        }

        @Override
        public void forEachCell(Consumer<Cell> visitor) {
            e.forEachCell(visitor);
        }

        @Override
        public String toString() {
            return factor + "*" + e;
        }
    }
}
