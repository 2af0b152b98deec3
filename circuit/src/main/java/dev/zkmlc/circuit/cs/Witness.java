package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;
import java.util.ArrayList;
import java.util.List;

/**
 * The prover's assignment: values of the advice columns (private) and the instance columns
 * (public). Fixed columns belong to the {@link ConstraintSystem}. Cells never set read as zero.
 *
 * <p>Storage is compact ({@link ColumnValues}: 8 bytes per small cell), so a 2^18-row, 30-column
 * witness of quantized values takes about 60 MiB.
 */
public final class Witness {
    private final List<ColumnValues> advice;
    private final List<ColumnValues> instance;

    private Witness(List<ColumnValues> advice, List<ColumnValues> instance) {
        this.advice = List.copyOf(advice);
        this.instance = List.copyOf(instance);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of an advice or instance cell (zero when unassigned). */
    public Fr get(Column column, int row) {
        return column(column).get(row);
    }

    /** All values of an advice or instance column (empty when nothing was assigned to it). */
    public ColumnValues column(Column column) {
        List<ColumnValues> cols = columnsOf(column.kind(), advice, instance);
        return column.index() < cols.size() ? cols.get(column.index()) : ColumnValues.empty();
    }

    /** This witness with one advice column's values replaced (the other columns are shared, not copied). */
    public Witness withAdvice(Column column, ColumnValues values) {
        if (column.kind() != ColumnKind.ADVICE) {
            throw new CircuitException("column '" + column.name() + "' is not an advice column");
        }
        List<ColumnValues> a = new ArrayList<>(advice);
        while (a.size() <= column.index()) {
            a.add(ColumnValues.empty());
        }
        a.set(column.index(), values);
        return new Witness(a, instance);
    }

    /** Number of advice columns that have been assigned to (the highest assigned index + 1). */
    public int adviceColumnCount() {
        return advice.size();
    }

    public int instanceColumnCount() {
        return instance.size();
    }

    /** One past the highest assigned row over all columns. */
    public int rowsUsed() {
        int n = 0;
        for (ColumnValues c : advice) {
            n = Math.max(n, c.length());
        }
        for (ColumnValues c : instance) {
            n = Math.max(n, c.length());
        }
        return n;
    }

    private static <T> List<T> columnsOf(ColumnKind kind, List<T> advice, List<T> instance) {
        if (kind == ColumnKind.ADVICE) {
            return advice;
        }
        if (kind == ColumnKind.INSTANCE) {
            return instance;
        }
        throw new CircuitException("fixed column values belong to the constraint system, not the witness");
    }

    /** Collects assignments; columns grow as rows are set. */
    public static final class Builder {
        private final List<ColumnValues.Builder> advice = new ArrayList<>();
        private final List<ColumnValues.Builder> instance = new ArrayList<>();

        public Builder set(Column column, int row, Fr value) {
            builderFor(column).set(row, value);
            return this;
        }

        public Builder set(Column column, int row, long value) {
            builderFor(column).set(row, value);
            return this;
        }

        /** The value assigned so far (zero when unassigned), for layouters that read back. */
        public Fr get(Column column, int row) {
            List<ColumnValues.Builder> cols = columnsOf(column.kind(), advice, instance);
            return column.index() < cols.size() ? cols.get(column.index()).get(row) : Fr.ZERO;
        }

        private ColumnValues.Builder builderFor(Column column) {
            List<ColumnValues.Builder> cols = columnsOf(column.kind(), advice, instance);
            while (cols.size() <= column.index()) {
                cols.add(new ColumnValues.Builder());
            }
            return cols.get(column.index());
        }

        public Witness build() {
            List<ColumnValues> a = new ArrayList<>(advice.size());
            for (ColumnValues.Builder b : advice) {
                a.add(b.build());
            }
            List<ColumnValues> i = new ArrayList<>(instance.size());
            for (ColumnValues.Builder b : instance) {
                i.add(b.build());
            }
            return new Witness(a, i);
        }
    }
}
