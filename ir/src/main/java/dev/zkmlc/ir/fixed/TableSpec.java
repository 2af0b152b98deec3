package dev.zkmlc.ir.fixed;

/**
 * The lookup table of one nonlinearity node: it covers integer inputs lo..hi at scale
 * {@code inScale} and yields outputs at scale {@code outScale}. For softmax it is the exp table
 * (hi = 0); for layer norm the 1/sqrt table of the variance.
 */
public record TableSpec(long lo, long hi, int inScale, int outScale) {
    public TableSpec {
        if (lo > hi) {
            throw new IllegalArgumentException("table range [" + lo + ", " + hi + "] is empty");
        }
    }

    /** Number of table rows, hi - lo + 1. */
    public long size() {
        return hi - lo + 1;
    }

    public boolean contains(long q) {
        return q >= lo && q <= hi;
    }
}
