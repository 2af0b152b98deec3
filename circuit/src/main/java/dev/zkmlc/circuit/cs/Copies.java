package dev.zkmlc.circuit.cs;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The copy constraints of a constraint system, stored flat: each endpoint is one {@code long}
 * ({@link #pack}: column kind, column index and row), so that tens of millions of copies cost 16
 * bytes each instead of three objects. As a {@code List<Copy>} it is a read-only view whose
 * {@link #get} makes the {@link Copy} on demand; hot loops read {@link #a} and {@link #b} instead.
 */
public final class Copies extends AbstractList<Copy> implements RandomAccess {
    /** Column indices below this fit in a packed cell. */
    public static final int MAX_COLUMN_INDEX = (1 << 20) - 1;
    private static final ColumnKind[] KINDS = ColumnKind.values();

    private final long[] a;
    private final long[] b;
    private final int size;
    private final Columns columns;

    /** Resolves a packed column (kind, index) to the declared column. */
    @FunctionalInterface
    interface Columns {
        Column column(ColumnKind kind, int index);
    }

    Copies(long[] a, long[] b, int size, Columns columns) {
        this.a = a;
        this.b = b;
        this.size = size;
        this.columns = columns;
    }

    /**
     * One cell as a {@code long}: kind (2 bits), column index (20 bits), row (32 bits). A larger index is refused:
     * it would spill into the kind bits and the copy would bind another column's cell.
     */
    public static long pack(ColumnKind kind, int index, int row) {
        if (index < 0 || index > MAX_COLUMN_INDEX) {
            throw new CircuitException("column index " + index + " is beyond the " + (MAX_COLUMN_INDEX + 1)
                    + " columns of a kind that copy constraints can name");
        }
        return ((long) kind.ordinal() << 52) | ((long) index << 32) | (row & 0xffff_ffffL);
    }

    public static long pack(Column column, int row) {
        return pack(column.kind(), column.index(), row);
    }

    public static ColumnKind kind(long cell) {
        return KINDS[(int) (cell >>> 52)];
    }

    public static int columnIndex(long cell) {
        return (int) (cell >>> 32) & MAX_COLUMN_INDEX;
    }

    public static int row(long cell) {
        return (int) cell;
    }

    /** The packed first cell of copy i. */
    public long a(int i) {
        return a[i];
    }

    /** The packed second cell of copy i. */
    public long b(int i) {
        return b[i];
    }

    /** The declared column of a packed cell of this system. */
    public Column column(long cell) {
        return columns.column(kind(cell), columnIndex(cell));
    }

    public CellRef cell(long cell) {
        return new CellRef(column(cell), row(cell));
    }

    @Override
    public Copy get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("copy " + i + " of " + size);
        }
        return new Copy(cell(a[i]), cell(b[i]));
    }

    @Override
    public int size() {
        return size;
    }

    /** Growable storage for the builder. */
    static final class Buffer {
        long[] a = new long[0];
        long[] b = new long[0];
        int size;

        void add(long x, long y) {
            if (size == a.length) {
                int n = Math.max(64, a.length + (a.length >> 1));
                a = Arrays.copyOf(a, n);
                b = Arrays.copyOf(b, n);
            }
            a[size] = x;
            b[size] = y;
            size++;
        }

        void ensure(int extra) {
            long need = (long) size + extra;
            if (need > Integer.MAX_VALUE - 8) {
                throw new CircuitException("too many copy constraints: " + need);
            }
            if (need > a.length) {
                a = Arrays.copyOf(a, (int) need);
                b = Arrays.copyOf(b, (int) need);
            }
        }

        /** Not trimmed: a trimmed copy of arrays this large would briefly double the footprint. */
        Copies freeze(Columns columns) {
            return new Copies(a, b, size, columns);
        }
    }
}
