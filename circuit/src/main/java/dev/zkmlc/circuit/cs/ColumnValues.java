package dev.zkmlc.circuit.cs;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.util.Arrays;

/**
 * The values of one column, stored compactly: most cells of a zkML circuit hold small signed
 * integers (quantized activations, limbs, selectors), kept as one {@code long} each; the few large
 * field elements (inverses, accumulators) go to a side table of Montgomery limbs. A 2^18-row column
 * of small values takes 2 MiB. Unassigned cells, and rows past {@link #length()}, read as zero.
 *
 * <p>Immutable; build with {@link Builder}.
 */
public final class ColumnValues {
    /** Small values are those in [-2^62, 2^62); entries below that encode a slot of the big table. */
    static final long SMALL_MIN = -(1L << 62);
    static final long SMALL_MAX = (1L << 62) - 1;

    private static final ColumnValues EMPTY = new ColumnValues(new long[0], 0, new long[0]);

    /** Cell codes of rows [0, length); the array may be longer (builder slack, never copied away). */
    private final long[] cells;
    private final int length;
    private final long[] big;

    private ColumnValues(long[] cells, int length, long[] big) {
        this.cells = cells;
        this.length = length;
        this.big = big;
    }

    /**
     * A column of small values taken over without copying: rows [0, length) of {@code values}, each in
     * [-2^62, 2^62). The caller must not change the array afterwards.
     */
    public static ColumnValues ofSmall(long[] values, int length) {
        if (length < 0 || length > values.length) {
            throw new IllegalArgumentException("bad length " + length);
        }
        for (int i = 0; i < length; i++) {
            if (values[i] < SMALL_MIN || values[i] > SMALL_MAX) {
                throw new IllegalArgumentException("value " + values[i] + " at row " + i + " is not small");
            }
        }
        return length == 0 ? EMPTY : new ColumnValues(values, length, new long[0]);
    }

    public static ColumnValues empty() {
        return EMPTY;
    }

    /** One past the highest row ever assigned. */
    public int length() {
        return length;
    }

    public Fr get(int row) {
        if (row >= length) {
            return Fr.ZERO;
        }
        long v = cells[row];
        return v >= SMALL_MIN ? Fr.of(v) : FrLimbs.get(big, slot(v));
    }

    /** Whether the cell holds a small signed integer (see {@link #small}); unassigned cells are small (0). */
    public boolean isSmall(int row) {
        return row >= length || cells[row] >= SMALL_MIN;
    }

    /** The small signed value of the cell; throws if {@link #isSmall} is false. */
    public long small(int row) {
        if (row >= length) {
            return 0;
        }
        long v = cells[row];
        if (v < SMALL_MIN) {
            throw new IllegalStateException("cell at row " + row + " holds a large field element");
        }
        return v;
    }

    /** Writes the cell's Montgomery limbs to element slot {@code index} of {@code out}, without allocating. */
    public void readMontgomery(int row, long[] out, int index) {
        long v = row < length ? cells[row] : 0;
        if (v >= SMALL_MIN) {
            FrLimbs.setLong(out, index, v);
        } else {
            FrLimbs.copy(big, slot(v), out, index);
        }
    }

    private static int slot(long marker) {
        return (int) (marker - Long.MIN_VALUE);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ColumnValues)) {
            return false;
        }
        ColumnValues other = (ColumnValues) o;
        int n = Math.max(length(), other.length());
        for (int row = 0; row < n; row++) {
            if (!get(row).equals(other.get(row))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int last = length - 1;
        while (last >= 0 && get(last).isZero()) {
            last--;
        }
        int h = 1;
        for (int row = 0; row <= last; row++) {
            h = 31 * h + get(row).hashCode();
        }
        return h;
    }

    /**
     * A growable column; {@link #build()} snapshots it. The snapshot shares the arrays (no copy of a
     * column of millions of rows); the builder copies them only if it is written again.
     */
    public static final class Builder {
        private long[] cells = new long[0];
        private int length;
        private long[] big = new long[0];
        private int bigCount;
        /** After {@link #build()} the arrays belong to the built column too: copy before the next write. */
        private boolean shared;

        public Builder set(int row, long value) {
            if (value >= SMALL_MIN && value <= SMALL_MAX) {
                ensure(row);
                unshare();
                cells[row] = value;
                return this;
            }
            return set(row, Fr.of(value));
        }

        public Builder set(int row, Fr value) {
            long v = value.toLongOr(Long.MIN_VALUE); // MIN_VALUE is not small either
            if (v >= SMALL_MIN && v <= SMALL_MAX) {
                ensure(row);
                unshare();
                cells[row] = v;
                return this;
            }
            ensure(row);
            unshare();
            long old = cells[row];
            int slot;
            if (old < SMALL_MIN) {
                slot = slot(old); // overwrite in place
            } else {
                if (4L * (bigCount + 1) > Integer.MAX_VALUE - 8) {
                    throw new CircuitException("too many large field elements in one column");
                }
                if (4 * (bigCount + 1) > big.length) {
                    big = Arrays.copyOf(big, Math.max(16, 2 * big.length));
                }
                slot = bigCount++;
            }
            value.toMontgomery(big, slot);
            cells[row] = Long.MIN_VALUE + slot;
            return this;
        }

        public Fr get(int row) {
            if (row >= length) {
                return Fr.ZERO;
            }
            long v = cells[row];
            return v >= SMALL_MIN ? Fr.of(v) : FrLimbs.get(big, slot(v));
        }

        public int length() {
            return length;
        }

        private void ensure(int row) {
            if (row < 0) {
                throw new CircuitException("row must be >= 0, got " + row);
            }
            if (row >= cells.length) {
                cells = Arrays.copyOf(cells, Math.max(row + 1, Math.max(16, 2 * cells.length)));
                if (shared) {
                    big = big.clone();
                    shared = false;
                }
            }
            if (row >= length) {
                length = row + 1;
            }
        }

        /**
         * Sets rows [0, length) to small values in bulk; an empty builder takes the array over
         * instead of copying it (the caller must not change it afterwards).
         */
        public Builder setAll(long[] values, int length) {
            if (length < 0 || length > values.length) {
                throw new IllegalArgumentException("bad length " + length);
            }
            for (int i = 0; i < length; i++) {
                if (values[i] < SMALL_MIN || values[i] > SMALL_MAX) {
                    throw new IllegalArgumentException("value " + values[i] + " at row " + i + " is not small");
                }
            }
            if (this.length == 0) {
                // Rows past length read as 0 once a later set extends the column over them: clear the slack.
                Arrays.fill(values, length, values.length, 0L);
                cells = values;
                this.length = length;
                big = new long[0];
                bigCount = 0;
                shared = false;
                return this;
            }
            for (int i = 0; i < length; i++) {
                set(i, values[i]);
            }
            return this;
        }

        private void unshare() {
            if (shared) {
                cells = cells.clone();
                big = big.clone();
                shared = false;
            }
        }

        public ColumnValues build() {
            if (length == 0) {
                return EMPTY;
            }
            shared = true;
            return new ColumnValues(cells, length, big);
        }
    }
}
