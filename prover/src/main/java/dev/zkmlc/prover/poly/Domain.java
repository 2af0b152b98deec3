package dev.zkmlc.prover.poly;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;

/**
 * The multiplicative subgroup {1, ω, ..., ω^(n-1)} of F_r with n = 2^k, plus the tables the NTT needs, in the
 * Montgomery limb layout of {@link FrLimbs}: the twiddles of every butterfly stage, laid out stage by stage so
 * that a stage reads its twiddles in order (element m + j is ω_(2m)^j, for the stage of half-size m), for ω and
 * for ω⁻¹. The coset tables (g^i, and g^-i/n for the inverse) are computed on first use: only extended domains
 * need them. Otherwise immutable.
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
    private volatile long[] cosetPowers;
    private volatile long[] cosetInversePowers;

    public Domain(int log) {
        if (log < 0 || log > Fr.TWO_ADICITY) {
            throw new IllegalArgumentException("domain size 2^" + log + " is outside 2^0..2^" + Fr.TWO_ADICITY);
        }
        this.log = log;
        this.size = 1 << log;
        this.omega = Fr.rootOfUnity(log);
        this.omegaInv = omega.inverse();
        this.sizeInv = Fr.of(size).inverse();
        this.twiddles = stageTwiddles(powers(omega, Fr.ONE, Math.max(1, size / 2)), size);
        this.invTwiddles = stageTwiddles(powers(omegaInv, Fr.ONE, Math.max(1, size / 2)), size);
    }

    /** The smallest domain with at least n points. */
    public static Domain atLeast(int n) {
        int log = 0;
        while ((1 << log) < n) {
            log++;
        }
        return new Domain(log);
    }

    /** first·base^i for i < count, in limb layout. */
    static long[] powers(Fr base, Fr first, int count) {
        long[] out = FrLimbs.newArray(count);
        long[] b = FrLimbs.newArray(1);
        FrLimbs.set(b, 0, base);
        FrLimbs.set(out, 0, first);
        for (int i = 1; i < count; i++) {
            FrLimbs.mul(out, i - 1, b, 0, out, i);
        }
        return out;
    }

    /** From the powers of the root: element m + j = root^(j·n/(2m)) for every stage half-size m < n, j < m. */
    private static long[] stageTwiddles(long[] powers, int n) {
        long[] out = FrLimbs.newArray(Math.max(1, n));
        for (int m = 1; m < n; m <<= 1) {
            int stride = n / (2 * m);
            for (int j = 0; j < m; j++) {
                FrLimbs.copy(powers, j * stride, out, m + j);
            }
        }
        return out;
    }

    /** g^i for i < size (g = {@link #COSET_SHIFT}). */
    long[] cosetPowers() {
        long[] p = cosetPowers;
        if (p == null) {
            p = powers(COSET_SHIFT, Fr.ONE, size);
            cosetPowers = p;
        }
        return p;
    }

    /** g^-i / size for i < size: undoes the coset shift and the inverse transform's scaling in one product. */
    long[] cosetInversePowers() {
        long[] p = cosetInversePowers;
        if (p == null) {
            p = powers(COSET_SHIFT.inverse(), sizeInv, size);
            cosetInversePowers = p;
        }
        return p;
    }

    /** ω^i. */
    public Fr element(int i) {
        return omega.pow(i);
    }
}
