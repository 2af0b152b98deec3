package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.poly.Domain;
import dev.zkmlc.prover.poly.Ntt;

/** Small polynomial helpers on coefficient arrays in the {@link FrLimbs} layout (coefficient i = element i). */
final class Polys {
    private Polys() {
    }

    /** acc += s · p (coefficient-wise; p may be shorter than acc). */
    static void addScaled(long[] acc, long[] p, Fr s) {
        long[] ss = new long[4];
        FrLimbs.set(ss, 0, s);
        long[] t = new long[4];
        for (int i = 0; i < p.length / 4; i++) {
            FrLimbs.mul(p, i, ss, 0, t, 0);
            FrLimbs.add(acc, i, t, 0, acc, i);
        }
    }

    /** Coefficients of the polynomial with the given values on the domain (a copy; values are kept). */
    static long[] interpolate(long[] values, Domain d) {
        long[] c = values.clone();
        Ntt.inverse(c, d);
        return c;
    }

    /** ceil(log2(x)) for x >= 1. */
    static int ceilLog2(int x) {
        int l = 0;
        while ((1 << l) < x) {
            l++;
        }
        return l;
    }
}
