package dev.zkmlc.circuit.backend;

/**
 * Knobs of a layout, the same for a real layout and a dry run.
 *
 * @param width advice columns per row (W)
 * @param tableBits b: range checks of up to b bits use one lookup into a table of 2^(b+1) rows;
 *     wider checks decompose into b-bit limbs
 * @param minK the smallest k to use (2^k rows); the layouter raises it to fit
 */
public record LayoutOptions(int width, int tableBits, int minK) {
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
    }

    /** Eight advice columns, 12-bit range table, k as small as fits. */
    public static LayoutOptions defaults() {
        return new LayoutOptions(8, 12, 0);
    }

    public LayoutOptions withWidth(int w) {
        return new LayoutOptions(w, tableBits, minK);
    }

    public LayoutOptions withTableBits(int b) {
        return new LayoutOptions(width, b, minK);
    }
}
