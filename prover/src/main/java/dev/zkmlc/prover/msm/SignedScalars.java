package dev.zkmlc.prover.msm;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import java.math.BigInteger;

/**
 * Scalars of an MSM rewritten as sign and magnitude: s is read as +s when s <= (r-1)/2 and as -(r - s) otherwise,
 * so a small negative witness value (r - 3, say) costs as little as a small positive one. Magnitudes are canonical
 * (not Montgomery) little-endian limbs below r/2, so they have at most 253 bits.
 */
final class SignedScalars {
    private static final long[] R_LIMBS = new long[4];
    private static final long[] HALF_LIMBS = new long[4];
    private static final long[] RAW_ONE = {1, 0, 0, 0};

    static {
        BigInteger half = Fr.MODULUS.shiftRight(1);
        for (int i = 0; i < 4; i++) {
            R_LIMBS[i] = Fr.MODULUS.shiftRight(64 * i).longValue();
            HALF_LIMBS[i] = half.shiftRight(64 * i).longValue();
        }
    }

    final int n;
    /** Canonical magnitude limbs, four per scalar. */
    final long[] magnitude;
    final boolean[] negative;
    /** Bit length of each magnitude. */
    final int[] bits;

    /** From scalars in the Montgomery limb layout of {@link FrLimbs}. */
    SignedScalars(long[] montgomeryLimbs, int n) {
        this.n = n;
        this.magnitude = new long[4 * n];
        this.negative = new boolean[n];
        this.bits = new int[n];
        long[] c = new long[4];
        for (int i = 0; i < n; i++) {
            // Montgomery product with the plain integer 1 strips the factor 2^256: the canonical value.
            FrLimbs.mul(montgomeryLimbs, i, RAW_ONE, 0, c, 0);
            boolean neg = greaterThan(c, HALF_LIMBS);
            if (neg) {
                subtract(R_LIMBS, c, c);
            }
            negative[i] = neg;
            System.arraycopy(c, 0, magnitude, 4 * i, 4);
            bits[i] = bitLength(c);
        }
    }

    /** Bits [from, from+count) of magnitude i, count <= 32. */
    int window(int i, int from, int count) {
        int limb = from >>> 6;
        int shift = from & 63;
        if (limb >= 4) {
            return 0;
        }
        long v = magnitude[4 * i + limb] >>> shift;
        if (shift + count > 64 && limb + 1 < 4) {
            v |= magnitude[4 * i + limb + 1] << (64 - shift);
        }
        return (int) (v & ((1L << count) - 1));
    }

    private static boolean greaterThan(long[] a, long[] b) {
        for (int k = 3; k >= 0; k--) {
            if (a[k] != b[k]) {
                return Long.compareUnsigned(a[k], b[k]) > 0;
            }
        }
        return false;
    }

    /** out = a - b, for a >= b. */
    private static void subtract(long[] a, long[] b, long[] out) {
        long borrow = 0;
        for (int k = 0; k < 4; k++) {
            long ak = a[k];
            long bk = b[k];
            long d = ak - bk - borrow;
            borrow = (Long.compareUnsigned(ak, bk) < 0 || (borrow == 1 && ak == bk)) ? 1 : 0;
            out[k] = d;
        }
    }

    private static int bitLength(long[] c) {
        for (int k = 3; k >= 0; k--) {
            if (c[k] != 0) {
                return 64 * k + 64 - Long.numberOfLeadingZeros(c[k]);
            }
        }
        return 0;
    }
}
