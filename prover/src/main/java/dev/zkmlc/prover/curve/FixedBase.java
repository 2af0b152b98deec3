package dev.zkmlc.prover.curve;

import java.math.BigInteger;

/**
 * Many multiples k·P of one G1 point: a table of d·2^(8w)·P for every byte position w and byte value d makes each
 * multiple 32 mixed additions and no doublings, which is what SRS generation needs for millions of powers.
 */
public final class FixedBase {
    private static final int WINDOWS = 32;
    private final G1Affine[] table;

    public FixedBase(G1 base) {
        G1[] t = new G1[WINDOWS * 256];
        G1 start = base;
        for (int w = 0; w < WINDOWS; w++) {
            t[w * 256] = G1.INFINITY;
            for (int d = 1; d < 256; d++) {
                t[w * 256 + d] = t[w * 256 + d - 1].add(start);
            }
            start = t[w * 256 + 255].add(start);
        }
        table = G1.batchToAffine(t);
    }

    /** k·P for 0 <= k < 2^256. */
    public G1 mul(BigInteger k) {
        if (k.signum() < 0 || k.bitLength() > 8 * WINDOWS) {
            throw new IllegalArgumentException("scalar out of range for the fixed-base table");
        }
        byte[] be = k.toByteArray();
        G1 acc = G1.INFINITY;
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
