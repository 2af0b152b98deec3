package dev.zkmlc.circuit.backend;

/**
 * Knobs of a layout, the same for a real layout and a dry run.
 *
 * @param width advice columns per row (W)
 * @param tableBits b: range checks of up to b bits use one lookup into a table of 2^(b+1) rows;
 *     wider checks decompose into b-bit limbs
 * @param minK the smallest k to use (2^k rows); the layouter raises it to fit
 * @param tableSegments S: the lookup table's rows are spread over S tuples of fixed columns (a lookup matches a
 *     row of any of them), so the table needs about 1/S of its rows; each segment beyond the first costs its fixed
 *     columns and, per lookup, a multiplicity and a running sum. 1 lays the table out in one tuple, as before
 */
public record LayoutOptions(int width, int tableBits, int minK, int tableSegments) {
    /** The most segments a layout accepts (each costs columns; beyond this the columns dominate). */
    public static final int MAX_TABLE_SEGMENTS = 64;

    public LayoutOptions {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive: " + width);
        }
        if (tableBits < 1 || tableBits > 24) {
            throw new IllegalArgumentException("table bits must be in [1, 24]: " + tableBits);
        }
        if (minK < 0 || minK > 28) {
            throw new IllegalArgumentException("k must be in [0, 28]: " + minK);
        }
        if (tableSegments < 1 || tableSegments > MAX_TABLE_SEGMENTS) {
            throw new IllegalArgumentException("table segments must be in [1, " + MAX_TABLE_SEGMENTS + "]: "
                    + tableSegments);
        }
    }

    /** The table in one segment. */
    public LayoutOptions(int width, int tableBits, int minK) {
        this(width, tableBits, minK, 1);
    }

    /** Eight advice columns, 12-bit range table, k as small as fits, the table in one segment. */
    public static LayoutOptions defaults() {
        return new LayoutOptions(8, 12, 0);
    }

    public LayoutOptions withWidth(int w) {
        return new LayoutOptions(w, tableBits, minK, tableSegments);
    }

    public LayoutOptions withTableBits(int b) {
        return new LayoutOptions(width, b, minK, tableSegments);
    }

    public LayoutOptions withTableSegments(int s) {
        return new LayoutOptions(width, tableBits, minK, s);
    }

    /**
     * Rows each of {@code segments} segments holds of a table of {@code tableRows} rows (the first segments full, the
     * last holding the rest): both layouters split their tables this way, and k follows from it.
     */
    public static int rowsPerSegment(int tableRows, int segments) {
        return (tableRows + segments - 1) / segments;
    }
}
