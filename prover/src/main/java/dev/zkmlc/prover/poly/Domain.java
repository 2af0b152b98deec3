package dev.zkmlc.prover.poly;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;

/**
 * The multiplicative subgroup {1, ω, ..., ω^(n-1)} of F_r with n = 2^k, plus the tables the NTT needs: the powers
 * of ω and of ω⁻¹ up to n/2, in the Montgomery limb layout of {@link FrLimbs}. Immutable after construction.
 */
public final class Domain {
    /** The coset shift used for extended-domain evaluation: 7 generates F_r^*, so g·H never meets H. */
    public static final Fr COSET_SHIFT = Fr.GENERATOR;

    public final int log;
    public final int size;
    public final Fr omega;
    public final Fr omegaInv;
    public final Fr sizeInv;
    final long[] twiddles;
    final long[] invTwiddles;

    public Domain(int log) {
        if (log < 0 || log > Fr.TWO_ADICITY) {
            throw new IllegalArgumentException("domain size 2^" + log + " is outside 2^0..2^" + Fr.TWO_ADICITY);
        }
        this.log = log;
        this.size = 1 << log;
        this.omega = Fr.rootOfUnity(log);
        this.omegaInv = omega.inverse();
        this.sizeInv = Fr.of(size).inverse();
        this.twiddles = powers(omega, Math.max(1, size / 2));
        this.invTwiddles = powers(omegaInv, Math.max(1, size / 2));
    }

    /** The smallest domain with at least n points. */
    public static Domain atLeast(int n) {
        int log = 0;
        while ((1 << log) < n) {
            log++;
        }
        return new Domain(log);
    }

    /** base^0 .. base^(count-1) in limb layout. */
    static long[] powers(Fr base, int count) {
        long[] out = FrLimbs.newArray(count);
        long[] b = FrLimbs.newArray(1);
        FrLimbs.set(b, 0, base);
        FrLimbs.set(out, 0, Fr.ONE);
        for (int i = 1; i < count; i++) {
            FrLimbs.mul(out, i - 1, b, 0, out, i);
        }
        return out;
    }

    /** ω^i. */
    public Fr element(int i) {
        return omega.pow(i);
    }
}
