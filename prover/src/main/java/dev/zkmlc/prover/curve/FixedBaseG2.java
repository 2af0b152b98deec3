package dev.zkmlc.prover.curve;

import java.math.BigInteger;

/** Many multiples k·P of one G2 point, with the byte-window table of {@link FixedBase}. */
public final class FixedBaseG2 {
    private static final int WINDOWS = 32;
    private final G2Affine[] table;

    public FixedBaseG2(G2 base) {
        G2[] t = new G2[WINDOWS * 256];
        G2 start = base;
        for (int w = 0; w < WINDOWS; w++) {
            t[w * 256] = G2.INFINITY;
            for (int d = 1; d < 256; d++) {
                t[w * 256 + d] = t[w * 256 + d - 1].add(start);
            }
            start = t[w * 256 + 255].add(start);
        }
        table = G2.batchToAffine(t);
    }

    /** k·P for 0 <= k < 2^256. */
    public G2 mul(BigInteger k) {
        if (k.signum() < 0 || k.bitLength() > 8 * WINDOWS) {
            throw new IllegalArgumentException("scalar out of range for the fixed-base table");
        }
        byte[] be = k.toByteArray();
        G2 acc = G2.INFINITY;
        for (int w = 0; w < WINDOWS; w++) {
            int pos = be.length - 1 - w;
            int d = pos >= 0 ? be[pos] & 0xff : 0;
            if (d != 0) {
                acc = acc.add(table[w * 256 + d]);
            }
        }
        return acc;
    }
}
