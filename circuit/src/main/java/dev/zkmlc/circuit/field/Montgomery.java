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
 * The constants live in fields rather than in per-field copies of the code: measured, the difference
 * is within noise (64-bit multipliers have to be loaded into a register either way).
 */
public final class Montgomery {
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
    /** 2^-k·R^3 mod p for k = 0..512, four limbs each: the correction after {@link #inverse}'s loop. */
    private final long[] inverseCorrection;

    /** Throws {@link IllegalArgumentException} unless the modulus is an odd prime below 2^254. */
    public Montgomery(BigInteger modulus) {
        this(modulus, true);
    }

    /**
     * The kernel for a modulus known to be prime, such as BN254's r and q (their tests check it): skips the
     * probabilistic primality test, 50-120 ms of every cold process otherwise.
     */
    public static Montgomery ofKnownPrime(BigInteger modulus) {
        return new Montgomery(modulus, false);
    }

    private Montgomery(BigInteger modulus, boolean testPrimality) {
        if (modulus.signum() <= 0 || modulus.bitLength() > 254 || !modulus.testBit(0)
                || (testPrimality && !modulus.isProbablePrime(64))) {
            throw new IllegalArgumentException("Montgomery kernel needs an odd prime below 2^254, got " + modulus);
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
        inverseCorrection = new long[4 * 513];
        BigInteger c = BigInteger.ONE.shiftLeft(768).mod(modulus);
        for (int k = 0; k <= 512; k++) {
            for (int i = 0; i < 4; i++) {
                inverseCorrection[4 * k + i] = c.shiftRight(64 * i).longValue();
            }
            c = (c.testBit(0) ? c.add(modulus) : c).shiftRight(1);
        }
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

    /**
     * out[o..o+3] = the Montgomery form of a^-1, for A = a·R (mod p) given as limbs below p; zero maps to
     * zero. Kaliski's almost-Montgomery inverse: a binary GCD on (p, A) whose coefficients are only added
     * and doubled, never halved mod p, so the loop has no modular reduction; it ends with
     * X = A^-1·2^k for some k in [0, 512], and one product with the tabulated 2^-k·R^3 gives
     * A^-1·R^2 = a^-1·R. Runs of zero bits are shifted out at once. Not constant-time: the running time
     * depends on the value, which is acceptable for a compiler and prover that hold no long-term
     * secrets in it.
     */
    public void inverse(long a0, long a1, long a2, long a3, long[] out, int o) {
        if ((a0 | a1 | a2 | a3) == 0) {
            out[o] = 0;
            out[o + 1] = 0;
            out[o + 2] = 0;
            out[o + 3] = 0;
            return;
        }
        // Invariants: p = u·s + v·r, A·r = -u·2^k and A·s = v·2^k (mod p); so u, v, r, s stay below 2^255.
        long u0 = p0, u1 = p1, u2 = p2, u3 = p3;
        long v0 = a0, v1 = a1, v2 = a2, v3 = a3;
        long r0 = 0, r1 = 0, r2 = 0, r3 = 0;
        long s0 = 1, s1 = 0, s2 = 0, s3 = 0;
        int k = 0;
        while ((v0 | v1 | v2 | v3) != 0) {
            if ((u0 & 1) == 0) {
                int t = u0 == 0 ? 63 : Long.numberOfTrailingZeros(u0);
                u0 = (u0 >>> t) | (u1 << (64 - t));
                u1 = (u1 >>> t) | (u2 << (64 - t));
                u2 = (u2 >>> t) | (u3 << (64 - t));
                u3 >>>= t;
                s3 = (s3 << t) | (s2 >>> (64 - t));
                s2 = (s2 << t) | (s1 >>> (64 - t));
                s1 = (s1 << t) | (s0 >>> (64 - t));
                s0 <<= t;
                k += t;
            } else if ((v0 & 1) == 0) {
                int t = v0 == 0 ? 63 : Long.numberOfTrailingZeros(v0);
                v0 = (v0 >>> t) | (v1 << (64 - t));
                v1 = (v1 >>> t) | (v2 << (64 - t));
                v2 = (v2 >>> t) | (v3 << (64 - t));
                v3 >>>= t;
                r3 = (r3 << t) | (r2 >>> (64 - t));
                r2 = (r2 << t) | (r1 >>> (64 - t));
                r1 = (r1 << t) | (r0 >>> (64 - t));
                r0 <<= t;
                k += t;
            } else {
                // Both odd: subtract the smaller from the larger (the difference is even, and is halved
                // by the next round); the coefficients follow with one addition.
                long d0 = u0 - v0;
                long b = borrow(u0, v0, d0);
                long d1 = u1 - v1 - b;
                b = borrow(u1, v1, d1);
                long d2 = u2 - v2 - b;
                b = borrow(u2, v2, d2);
                long d3 = u3 - v3 - b; // u, v < 2^255: the sign of d3 says which is larger
                if (d3 >= 0 && (d0 | d1 | d2 | d3) != 0) {
                    u0 = d0;
                    u1 = d1;
                    u2 = d2;
                    u3 = d3;
                    long e0 = r0 + s0;
                    long c = carry(r0, s0, e0);
                    long e1 = r1 + s1 + c;
                    c = carry(r1, s1, e1);
                    long e2 = r2 + s2 + c;
                    c = carry(r2, s2, e2);
                    r3 = r3 + s3 + c;
                    r0 = e0;
                    r1 = e1;
                    r2 = e2;
                } else {
                    v0 = -d0;
                    long nb = d0 == 0 ? 0 : 1; // negate d: v = v - u
                    v1 = -d1 - nb;
                    nb = (d1 | nb) == 0 ? 0 : 1;
                    v2 = -d2 - nb;
                    nb = (d2 | nb) == 0 ? 0 : 1;
                    v3 = -d3 - nb;
                    long e0 = s0 + r0;
                    long c = carry(s0, r0, e0);
                    long e1 = s1 + r1 + c;
                    c = carry(s1, r1, e1);
                    long e2 = s2 + r2 + c;
                    c = carry(s2, r2, e2);
                    s3 = s3 + r3 + c;
                    s0 = e0;
                    s1 = e1;
                    s2 = e2;
                    if ((v0 | v1 | v2 | v3) == 0) { // u = v = gcd = 1: the last halving of the textbook step
                        r3 = (r3 << 1) | (r2 >>> 63);
                        r2 = (r2 << 1) | (r1 >>> 63);
                        r1 = (r1 << 1) | (r0 >>> 63);
                        r0 <<= 1;
                        k++;
                    }
                }
            }
        }
        // r < 2p (the last step doubled it); reduce once, then X = p - r = A^-1·2^k, in (0, p).
        long d0 = r0 - p0;
        long b = borrow(r0, p0, d0);
        long d1 = r1 - p1 - b;
        b = borrow(r1, p1, d1);
        long d2 = r2 - p2 - b;
        b = borrow(r2, p2, d2);
        long d3 = r3 - p3 - b;
        b = borrow(r3, p3, d3);
        if (b == 0) {
            r0 = d0;
            r1 = d1;
            r2 = d2;
            r3 = d3;
        }
        long x0 = p0 - r0;
        b = borrow(p0, r0, x0);
        long x1 = p1 - r1 - b;
        b = borrow(p1, r1, x1);
        long x2 = p2 - r2 - b;
        b = borrow(p2, r2, x2);
        long x3 = p3 - r3 - b;
        long[] c = inverseCorrection;
        int ck = 4 * k;
        mul(x0, x1, x2, x3, c[ck], c[ck + 1], c[ck + 2], c[ck + 3], out, o);
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

    /** Borrow out of d = x - y (- borrow in), branch-free. */
    static long borrow(long x, long y, long d) {
        return ((~x & y) | (~(x ^ y) & d)) >>> 63;
    }
}
