package dev.zkmlc.circuit.field;

import java.math.BigInteger;

/**
 * Montgomery multiplication modulo an odd prime below 2^254 on four little-endian 64-bit limbs, with
 * R = 2^256: the one product kernel of the scalar field ({@link Fr}, {@link FrLimbs}) and of the
 * prover's base field, which differ only in the constants held here.
 *
 * <p>Why the kernel looks like this: Java 17 has neither add-with-carry nor an unsigned 64x64 high
 * product, so the textbook CIOS loop spends most of its instructions detecting carries and correcting
 * {@link Math#multiplyHigh} for unsigned operands. Instead:
 * <ul>
 * <li>both operands are recoded into signed 64-bit digits (a limb whose top bit is set becomes
 *     negative and carries one into the next; the top digit has room because the modulus is below
 *     2^254), and the modulus is held the same way ({@code s0..s3}), so every partial product is an
 *     exact signed 128-bit value from {@code x * y} and {@code Math.multiplyHigh(x, y)};</li>
 * <li>the product is scanned by columns (FIPS: the reduction digit m_k is chosen as soon as column k
 *     is complete); column k adds the words that land on it (low words of its own products, high
 *     words of the previous column's) into A_k, wrapping, and their upper 32-bit halves into B_k,
 *     exactly. A_k is then the column's low word and A_k - 2^32·B_k the exact sum of the lower halves,
 *     so the carry out follows by shifts once per column: no carry is detected per addition;</li>
 * <li>m_k·p0 cancels the low word of column k by construction, so only its high word is computed, plus
 *     one when that low word is non-zero;</li>
 * <li>the digits m_k are signed, so (T + M·p)/2^256 lies in (-p/2, 3p/4) for reduced inputs: adding p
 *     once under a mask when it is negative reduces it fully, with no comparison.</li>
 * </ul>
 * The constants live in fields rather than in per-field copies of the code: measured, that costs
 * nothing (64-bit multipliers are loaded into a register either way).
 */
public final class Montgomery {
    private static final long M32 = 0xffffffffL;

    // The modulus, little-endian limbs.
    private final long p0;
    private final long p1;
    private final long p2;
    private final long p3;
    // The modulus as signed 64-bit digits.
    private final long s0;
    private final long s1;
    private final long s2;
    private final long s3;
    /** -p^-1 mod 2^64. */
    private final long inv;

    /** Throws {@link IllegalArgumentException} unless the modulus is odd, positive and below 2^254. */
    public Montgomery(BigInteger modulus) {
        if (modulus.signum() <= 0 || !modulus.testBit(0) || modulus.bitLength() > 254) {
            throw new IllegalArgumentException("Montgomery kernel needs an odd positive modulus below 2^254, got "
                    + modulus);
        }
        p0 = modulus.longValue();
        p1 = modulus.shiftRight(64).longValue();
        p2 = modulus.shiftRight(128).longValue();
        p3 = modulus.shiftRight(192).longValue();
        // Recode as the kernel recodes its operands: a limb with the top bit set is read as negative.
        s0 = p0;
        s1 = p1 + (p0 >>> 63);
        s2 = p2 + ((p1 | s1) >>> 63);
        s3 = p3 + ((p2 | s2) >>> 63);
        long x = p0; // Newton iteration for p0^-1 mod 2^64: each step doubles the correct low bits
        for (int i = 0; i < 6; i++) {
            x *= 2 - p0 * x;
        }
        inv = -x;
    }

    /** out[o..o+3] = a·b·2^-256 mod p, for a and b below p given as limbs. */
    public void mul(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3, long[] out, int o) {
        final long inv = this.inv, s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
        final long x0 = a0;
        final long x1 = a1 + (a0 >>> 63);
        final long x2 = a2 + ((a1 | x1) >>> 63);
        final long x3 = a3 + ((a2 | x2) >>> 63);
        final long y0 = b0;
        final long y1 = b1 + (b0 >>> 63);
        final long y2 = b2 + ((b1 | y1) >>> 63);
        final long y3 = b3 + ((b2 | y2) >>> 63);
        long lo, hi, s, low, c;
        lo = x0 * y0; hi = Math.multiplyHigh(x0, y0); long A0 = lo; long B0 = lo >>> 32; long A1 = hi; long B1 = hi >> 32;
        s = A0;
        low = A0 - (B0 << 32);
        final long m0 = s * inv;
        c = ((B0 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m0, s0);
        lo = x0 * y1; hi = Math.multiplyHigh(x0, y1); A1 += lo; B1 += lo >>> 32; long A2 = hi; long B2 = hi >> 32;
        lo = x1 * y0; hi = Math.multiplyHigh(x1, y0); A1 += lo; B1 += lo >>> 32; A2 += hi; B2 += hi >> 32;
        lo = m0 * s1; hi = Math.multiplyHigh(m0, s1); A1 += lo; B1 += lo >>> 32; A2 += hi; B2 += hi >> 32;
        s = A1 + c;
        low = A1 - (B1 << 32) + c;
        final long m1 = s * inv;
        c = ((B1 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m1, s0);
        lo = x0 * y2; hi = Math.multiplyHigh(x0, y2); A2 += lo; B2 += lo >>> 32; long A3 = hi; long B3 = hi >> 32;
        lo = x1 * y1; hi = Math.multiplyHigh(x1, y1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = x2 * y0; hi = Math.multiplyHigh(x2, y0); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m0 * s2; hi = Math.multiplyHigh(m0, s2); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m1 * s1; hi = Math.multiplyHigh(m1, s1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        s = A2 + c;
        low = A2 - (B2 << 32) + c;
        final long m2 = s * inv;
        c = ((B2 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m2, s0);
        lo = x0 * y3; hi = Math.multiplyHigh(x0, y3); A3 += lo; B3 += lo >>> 32; long A4 = hi; long B4 = hi >> 32;
        lo = x1 * y2; hi = Math.multiplyHigh(x1, y2); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = x2 * y1; hi = Math.multiplyHigh(x2, y1); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = x3 * y0; hi = Math.multiplyHigh(x3, y0); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m0 * s3; hi = Math.multiplyHigh(m0, s3); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m1 * s2; hi = Math.multiplyHigh(m1, s2); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m2 * s1; hi = Math.multiplyHigh(m2, s1); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        s = A3 + c;
        low = A3 - (B3 << 32) + c;
        final long m3 = s * inv;
        c = ((B3 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m3, s0);
        lo = x1 * y3; hi = Math.multiplyHigh(x1, y3); A4 += lo; B4 += lo >>> 32; long A5 = hi; long B5 = hi >> 32;
        lo = x2 * y2; hi = Math.multiplyHigh(x2, y2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = x3 * y1; hi = Math.multiplyHigh(x3, y1); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m1 * s3; hi = Math.multiplyHigh(m1, s3); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m2 * s2; hi = Math.multiplyHigh(m2, s2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m3 * s1; hi = Math.multiplyHigh(m3, s1); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        s = A4 + c;
        low = A4 - (B4 << 32) + c;
        final long t0 = s;
        c = (B4 + (low >> 32)) >> 32;
        lo = x2 * y3; hi = Math.multiplyHigh(x2, y3); A5 += lo; B5 += lo >>> 32; long A6 = hi; long B6 = hi >> 32;
        lo = x3 * y2; hi = Math.multiplyHigh(x3, y2); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        lo = m2 * s3; hi = Math.multiplyHigh(m2, s3); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        lo = m3 * s2; hi = Math.multiplyHigh(m3, s2); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        s = A5 + c;
        low = A5 - (B5 << 32) + c;
        final long t1 = s;
        c = (B5 + (low >> 32)) >> 32;
        lo = x3 * y3; hi = Math.multiplyHigh(x3, y3); A6 += lo; B6 += lo >>> 32; long A7 = hi; long B7 = hi >> 32;
        lo = m3 * s3; hi = Math.multiplyHigh(m3, s3); A6 += lo; B6 += lo >>> 32; A7 += hi; B7 += hi >> 32;
        s = A6 + c;
        low = A6 - (B6 << 32) + c;
        final long t2 = s;
        c = (B6 + (low >> 32)) >> 32;
        final long t3 = A7 + c;
        addModulusIfNegative(t0, t1, t2, t3, out, o);
    }

    /** out[o..o+3] = a·a·2^-256 mod p: {@link #mul} with the six cross products computed once and doubled. */
    public void square(long a0, long a1, long a2, long a3, long[] out, int o) {
        final long inv = this.inv, s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
        final long x0 = a0;
        final long x1 = a1 + (a0 >>> 63);
        final long x2 = a2 + ((a1 | x1) >>> 63);
        final long x3 = a3 + ((a2 | x2) >>> 63);
        long lo, hi, s, low, c;
        lo = x0 * x0; hi = Math.multiplyHigh(x0, x0); long A0 = lo; long B0 = lo >>> 32; long A1 = hi; long B1 = hi >> 32;
        s = A0;
        low = A0 - (B0 << 32);
        final long m0 = s * inv;
        c = ((B0 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m0, s0);
        lo = x0 * x1; hi = Math.multiplyHigh(x0, x1); A1 += lo << 1; B1 += (lo >>> 32) << 1; long A2 = hi << 1; long B2 = (hi >> 32) << 1;
        lo = m0 * s1; hi = Math.multiplyHigh(m0, s1); A1 += lo; B1 += lo >>> 32; A2 += hi; B2 += hi >> 32;
        s = A1 + c;
        low = A1 - (B1 << 32) + c;
        final long m1 = s * inv;
        c = ((B1 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m1, s0);
        lo = x0 * x2; hi = Math.multiplyHigh(x0, x2); A2 += lo << 1; B2 += (lo >>> 32) << 1; long A3 = hi << 1; long B3 = (hi >> 32) << 1;
        lo = x1 * x1; hi = Math.multiplyHigh(x1, x1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m0 * s2; hi = Math.multiplyHigh(m0, s2); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m1 * s1; hi = Math.multiplyHigh(m1, s1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        s = A2 + c;
        low = A2 - (B2 << 32) + c;
        final long m2 = s * inv;
        c = ((B2 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m2, s0);
        lo = x0 * x3; hi = Math.multiplyHigh(x0, x3); A3 += lo << 1; B3 += (lo >>> 32) << 1; long A4 = hi << 1; long B4 = (hi >> 32) << 1;
        lo = x1 * x2; hi = Math.multiplyHigh(x1, x2); A3 += lo << 1; B3 += (lo >>> 32) << 1; A4 += hi << 1; B4 += (hi >> 32) << 1;
        lo = m0 * s3; hi = Math.multiplyHigh(m0, s3); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m1 * s2; hi = Math.multiplyHigh(m1, s2); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m2 * s1; hi = Math.multiplyHigh(m2, s1); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        s = A3 + c;
        low = A3 - (B3 << 32) + c;
        final long m3 = s * inv;
        c = ((B3 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m3, s0);
        lo = x1 * x3; hi = Math.multiplyHigh(x1, x3); A4 += lo << 1; B4 += (lo >>> 32) << 1; long A5 = hi << 1; long B5 = (hi >> 32) << 1;
        lo = x2 * x2; hi = Math.multiplyHigh(x2, x2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m1 * s3; hi = Math.multiplyHigh(m1, s3); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m2 * s2; hi = Math.multiplyHigh(m2, s2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m3 * s1; hi = Math.multiplyHigh(m3, s1); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        s = A4 + c;
        low = A4 - (B4 << 32) + c;
        final long t0 = s;
        c = (B4 + (low >> 32)) >> 32;
        lo = x2 * x3; hi = Math.multiplyHigh(x2, x3); A5 += lo << 1; B5 += (lo >>> 32) << 1; long A6 = hi << 1; long B6 = (hi >> 32) << 1;
        lo = m2 * s3; hi = Math.multiplyHigh(m2, s3); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        lo = m3 * s2; hi = Math.multiplyHigh(m3, s2); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        s = A5 + c;
        low = A5 - (B5 << 32) + c;
        final long t1 = s;
        c = (B5 + (low >> 32)) >> 32;
        lo = x3 * x3; hi = Math.multiplyHigh(x3, x3); A6 += lo; B6 += lo >>> 32; long A7 = hi; long B7 = hi >> 32;
        lo = m3 * s3; hi = Math.multiplyHigh(m3, s3); A6 += lo; B6 += lo >>> 32; A7 += hi; B7 += hi >> 32;
        s = A6 + c;
        low = A6 - (B6 << 32) + c;
        final long t2 = s;
        c = (B6 + (low >> 32)) >> 32;
        final long t3 = A7 + c;
        addModulusIfNegative(t0, t1, t2, t3, out, o);
    }

    /** For t in (-p, p) (t3 holding the sign): out = t mod p, adding p under a mask rather than a branch. */
    private void addModulusIfNegative(long t0, long t1, long t2, long t3, long[] out, int o) {
        long mask = t3 >> 63;
        long q0 = p0 & mask, q1 = p1 & mask, q2 = p2 & mask;
        long r0 = t0 + q0;
        long c = carry(t0, q0, r0);
        long r1 = t1 + q1 + c;
        c = carry(t1, q1, r1);
        long r2 = t2 + q2 + c;
        c = carry(t2, q2, r2);
        out[o] = r0;
        out[o + 1] = r1;
        out[o + 2] = r2;
        out[o + 3] = t3 + (p3 & mask) + c;
    }

    /** Carry out of s = x + y (+ carry in), branch-free: the majority of the top bits. */
    static long carry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }
}
