package dev.zkmlc.prover.field;

import java.math.BigInteger;
import java.util.Random;

/**
 * An element of the BN254 base field F_p, p = 21888242871839275222246405745257275088696311157297823662689037894645226208583.
 *
 * <p>Immutable. The value is held in Montgomery form (x * 2^256 mod p) on four little-endian 64-bit limbs so that
 * multiplication needs no division. Because p < 2^254, the top limb has two spare bits, which lets the
 * multiplication skip the carry word of textbook CIOS (the "no-carry" variant) and lets sums of two reduced values
 * stay below 2^256.
 */
public final class Fq {
    public static final BigInteger MODULUS =
            new BigInteger("21888242871839275222246405745257275088696311157297823662689037894645226208583");

    static final long P0 = 0x3c208c16d87cfd47L;
    static final long P1 = 0x97816a916871ca8dL;
    static final long P2 = 0xb85045b68181585dL;
    static final long P3 = 0x30644e72e131a029L;
    /** -p^-1 mod 2^64. */
    static final long INV = 0x87d20782e4866389L;
    /**
     * p as signed 64-bit digits for the multiplication kernel: P1 and P2 + 1 have their top bit set, so
     * each is read as negative and carries one into the next digit.
     */
    private static final long S0 = P0, S1 = P1, S2 = P2 + 1, S3 = P3 + 1;
    private static final long M32 = 0xffffffffL;

    private static final BigInteger R = BigInteger.ONE.shiftLeft(256).mod(MODULUS);
    private static final BigInteger R2 = R.multiply(R).mod(MODULUS);
    private static final BigInteger P_MINUS_2 = MODULUS.subtract(BigInteger.TWO);
    private static final BigInteger SQRT_EXP = MODULUS.add(BigInteger.ONE).shiftRight(2);
    private static final BigInteger HALF = MODULUS.shiftRight(1);

    public static final Fq ZERO = new Fq(0, 0, 0, 0);
    public static final Fq ONE = fromMontgomery(R);
    private static final Fq R2_MONT = fromMontgomery(R2);
    /** R^3 mod p as raw limbs: multiplying by it (Montgomery) turns (aR)^-1 into (a^-1)R. */
    private static final Fq R3_MONT = fromMontgomery(R2.multiply(R).mod(MODULUS));

    final long l0, l1, l2, l3;

    private Fq(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    static {
        BigInteger digits = BigInteger.valueOf(S0).add(BigInteger.valueOf(S1).shiftLeft(64))
                .add(BigInteger.valueOf(S2).shiftLeft(128)).add(BigInteger.valueOf(S3).shiftLeft(192));
        if (P0 * INV != -1L || !limbsOf(MODULUS).equals(new Fq(P0, P1, P2, P3)) || !digits.equals(MODULUS)
                || S0 < 0) {
            throw new AssertionError("inconsistent Fq constants");
        }
    }

    private static Fq limbsOf(BigInteger v) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            l[i] = v.shiftRight(64 * i).longValue();
        }
        return new Fq(l[0], l[1], l[2], l[3]);
    }

    private static Fq fromMontgomery(BigInteger montgomeryValue) {
        return limbsOf(montgomeryValue);
    }

    /** The element congruent to v (any sign, any size). */
    public static Fq of(BigInteger v) {
        return limbsOf(v.mod(MODULUS)).mul(R2_MONT);
    }

    public static Fq of(long v) {
        return of(BigInteger.valueOf(v));
    }

    /** Reads a canonical big-endian 32-byte value; returns null if it is not below p. */
    public static Fq fromBytesBE(byte[] b, int off) {
        BigInteger v = new BigInteger(1, java.util.Arrays.copyOfRange(b, off, off + 32));
        return v.compareTo(MODULUS) < 0 ? of(v) : null;
    }

    /** Reads a 32-byte little-endian Montgomery-form value (the layout snarkjs writes); null if not below p. */
    public static Fq fromMontgomeryBytesLE(byte[] b, int off) {
        long[] l = new long[4];
        for (int i = 0; i < 4; i++) {
            long x = 0;
            for (int k = 7; k >= 0; k--) {
                x = (x << 8) | (b[off + 8 * i + k] & 0xffL);
            }
            l[i] = x;
        }
        Fq f = new Fq(l[0], l[1], l[2], l[3]);
        return lessThanP(f) ? f : null;
    }

    public void toMontgomeryBytesLE(byte[] out, int off) {
        long[] l = {l0, l1, l2, l3};
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 8; k++) {
                out[off + 8 * i + k] = (byte) (l[i] >>> (8 * k));
            }
        }
    }

    public void toBytesBE(byte[] out, int off) {
        Fq c = fromMont();
        long[] l = {c.l3, c.l2, c.l1, c.l0};
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 8; k++) {
                out[off + 8 * i + k] = (byte) (l[i] >>> (56 - 8 * k));
            }
        }
    }

    public byte[] toBytesBE() {
        byte[] out = new byte[32];
        toBytesBE(out, 0);
        return out;
    }

    public static Fq random(Random rnd) {
        return of(new BigInteger(320, rnd));
    }

    public BigInteger toBigInteger() {
        return new BigInteger(1, toBytesBE());
    }

    private Fq fromMont() {
        return mul(new Fq(1, 0, 0, 0));
    }

    private static boolean lessThanP(Fq f) {
        if (f.l3 != P3) return Long.compareUnsigned(f.l3, P3) < 0;
        if (f.l2 != P2) return Long.compareUnsigned(f.l2, P2) < 0;
        if (f.l1 != P1) return Long.compareUnsigned(f.l1, P1) < 0;
        return Long.compareUnsigned(f.l0, P0) < 0;
    }

    public boolean isZero() {
        return (l0 | l1 | l2 | l3) == 0;
    }

    public boolean isOne() {
        return equals(ONE);
    }

    /** True if the canonical value is above (p-1)/2: the sign convention of compressed point encodings. */
    public boolean isLexicographicallyLargest() {
        return toBigInteger().compareTo(HALF) > 0;
    }

    public Fq add(Fq b) {
        long s0 = l0 + b.l0;
        long c = ((l0 & b.l0) | ((l0 | b.l0) & ~s0)) >>> 63;
        long u1 = l1 + b.l1;
        long c1 = ((l1 & b.l1) | ((l1 | b.l1) & ~u1)) >>> 63;
        long s1 = u1 + c;
        c = c1 | ((u1 & ~s1) >>> 63);
        long u2 = l2 + b.l2;
        long c2 = ((l2 & b.l2) | ((l2 | b.l2) & ~u2)) >>> 63;
        long s2 = u2 + c;
        c = c2 | ((u2 & ~s2) >>> 63);
        long s3 = l3 + b.l3 + c;
        return reduceOnce(s0, s1, s2, s3);
    }

    /** Subtracts p once if the (below 2p) value is at least p, without branches. */
    private static Fq reduceOnce(long s0, long s1, long s2, long s3) {
        long d0 = s0 - P0;
        long br = ((~s0 & P0) | ((~(s0 ^ P0)) & d0)) >>> 63;
        long e1 = s1 - P1;
        long b1 = ((~s1 & P1) | ((~(s1 ^ P1)) & e1)) >>> 63;
        long d1 = e1 - br;
        br = b1 | ((~e1 & d1) >>> 63);
        long e2 = s2 - P2;
        long b2 = ((~s2 & P2) | ((~(s2 ^ P2)) & e2)) >>> 63;
        long d2 = e2 - br;
        br = b2 | ((~e2 & d2) >>> 63);
        long e3 = s3 - P3;
        long b3 = ((~s3 & P3) | ((~(s3 ^ P3)) & e3)) >>> 63;
        long d3 = e3 - br;
        br = b3 | ((~e3 & d3) >>> 63);
        long keep = -br;
        return new Fq((s0 & keep) | (d0 & ~keep), (s1 & keep) | (d1 & ~keep), (s2 & keep) | (d2 & ~keep),
                (s3 & keep) | (d3 & ~keep));
    }

    public Fq sub(Fq b) {
        long d0 = l0 - b.l0;
        long br = ((~l0 & b.l0) | ((~(l0 ^ b.l0)) & d0)) >>> 63;
        long e1 = l1 - b.l1;
        long b1 = ((~l1 & b.l1) | ((~(l1 ^ b.l1)) & e1)) >>> 63;
        long d1 = e1 - br;
        br = b1 | ((~e1 & d1) >>> 63);
        long e2 = l2 - b.l2;
        long b2 = ((~l2 & b.l2) | ((~(l2 ^ b.l2)) & e2)) >>> 63;
        long d2 = e2 - br;
        br = b2 | ((~e2 & d2) >>> 63);
        long e3 = l3 - b.l3;
        long b3 = ((~l3 & b.l3) | ((~(l3 ^ b.l3)) & e3)) >>> 63;
        long d3 = e3 - br;
        // Add p back under a mask rather than a branch: borrows are data-dependent and unpredictable.
        long mask = -(b3 | ((~e3 & d3) >>> 63));
        long q0 = P0 & mask, q1 = P1 & mask, q2 = P2 & mask, q3 = P3 & mask;
        long s0 = d0 + q0;
        long c = ((d0 & q0) | ((d0 | q0) & ~s0)) >>> 63;
        long u1 = d1 + q1;
        long c1 = ((d1 & q1) | ((d1 | q1) & ~u1)) >>> 63;
        long s1 = u1 + c;
        c = c1 | ((u1 & ~s1) >>> 63);
        long u2 = d2 + q2;
        long c2 = ((d2 & q2) | ((d2 | q2) & ~u2)) >>> 63;
        long s2 = u2 + c;
        c = c2 | ((u2 & ~s2) >>> 63);
        long s3 = d3 + q3 + c;
        return new Fq(s0, s1, s2, s3);
    }

    public Fq neg() {
        return isZero() ? this : ZERO.sub(this);
    }

    public Fq dbl() {
        return add(this);
    }

    /**
     * Montgomery product. The same kernel as the scalar field's {@code FrLimbs.mulInto} (see there for
     * why it is written this way), with p in place of r: operands and modulus as signed 64-bit digits,
     * columns summed as wrapping words plus their exact upper halves, without carry detection, one masked addition of p at the end.
     */
    public Fq mul(Fq b) {
        final long a0 = l0, a1 = l1, a2 = l2, a3 = l3;
        final long b0 = b.l0, b1 = b.l1, b2 = b.l2, b3 = b.l3;
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
        final long m0 = s * INV;
        c = ((B0 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m0, S0);
        lo = x0 * y1; hi = Math.multiplyHigh(x0, y1); A1 += lo; B1 += lo >>> 32; long A2 = hi; long B2 = hi >> 32;
        lo = x1 * y0; hi = Math.multiplyHigh(x1, y0); A1 += lo; B1 += lo >>> 32; A2 += hi; B2 += hi >> 32;
        lo = m0 * S1; hi = Math.multiplyHigh(m0, S1); A1 += lo; B1 += lo >>> 32; A2 += hi; B2 += hi >> 32;
        s = A1 + c;
        low = A1 - (B1 << 32) + c;
        final long m1 = s * INV;
        c = ((B1 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m1, S0);
        lo = x0 * y2; hi = Math.multiplyHigh(x0, y2); A2 += lo; B2 += lo >>> 32; long A3 = hi; long B3 = hi >> 32;
        lo = x1 * y1; hi = Math.multiplyHigh(x1, y1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = x2 * y0; hi = Math.multiplyHigh(x2, y0); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m0 * S2; hi = Math.multiplyHigh(m0, S2); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m1 * S1; hi = Math.multiplyHigh(m1, S1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        s = A2 + c;
        low = A2 - (B2 << 32) + c;
        final long m2 = s * INV;
        c = ((B2 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m2, S0);
        lo = x0 * y3; hi = Math.multiplyHigh(x0, y3); A3 += lo; B3 += lo >>> 32; long A4 = hi; long B4 = hi >> 32;
        lo = x1 * y2; hi = Math.multiplyHigh(x1, y2); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = x2 * y1; hi = Math.multiplyHigh(x2, y1); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = x3 * y0; hi = Math.multiplyHigh(x3, y0); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m0 * S3; hi = Math.multiplyHigh(m0, S3); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m1 * S2; hi = Math.multiplyHigh(m1, S2); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m2 * S1; hi = Math.multiplyHigh(m2, S1); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        s = A3 + c;
        low = A3 - (B3 << 32) + c;
        final long m3 = s * INV;
        c = ((B3 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m3, S0);
        lo = x1 * y3; hi = Math.multiplyHigh(x1, y3); A4 += lo; B4 += lo >>> 32; long A5 = hi; long B5 = hi >> 32;
        lo = x2 * y2; hi = Math.multiplyHigh(x2, y2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = x3 * y1; hi = Math.multiplyHigh(x3, y1); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m1 * S3; hi = Math.multiplyHigh(m1, S3); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m2 * S2; hi = Math.multiplyHigh(m2, S2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m3 * S1; hi = Math.multiplyHigh(m3, S1); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        s = A4 + c;
        low = A4 - (B4 << 32) + c;
        final long t0 = s;
        c = (B4 + (low >> 32)) >> 32;
        lo = x2 * y3; hi = Math.multiplyHigh(x2, y3); A5 += lo; B5 += lo >>> 32; long A6 = hi; long B6 = hi >> 32;
        lo = x3 * y2; hi = Math.multiplyHigh(x3, y2); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        lo = m2 * S3; hi = Math.multiplyHigh(m2, S3); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        lo = m3 * S2; hi = Math.multiplyHigh(m3, S2); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        s = A5 + c;
        low = A5 - (B5 << 32) + c;
        final long t1 = s;
        c = (B5 + (low >> 32)) >> 32;
        lo = x3 * y3; hi = Math.multiplyHigh(x3, y3); A6 += lo; B6 += lo >>> 32; long A7 = hi; long B7 = hi >> 32;
        lo = m3 * S3; hi = Math.multiplyHigh(m3, S3); A6 += lo; B6 += lo >>> 32; A7 += hi; B7 += hi >> 32;
        s = A6 + c;
        low = A6 - (B6 << 32) + c;
        final long t2 = s;
        c = (B6 + (low >> 32)) >> 32;
        final long t3 = A7 + c;
        return addModulusIfNegative(t0, t1, t2, t3);
    }

    /** {@link #mul} with itself: the six cross products are computed once and doubled. */
    public Fq square() {
        final long a0 = l0, a1 = l1, a2 = l2, a3 = l3;
        final long x0 = a0;
        final long x1 = a1 + (a0 >>> 63);
        final long x2 = a2 + ((a1 | x1) >>> 63);
        final long x3 = a3 + ((a2 | x2) >>> 63);
        long lo, hi, s, low, c;
        lo = x0 * x0; hi = Math.multiplyHigh(x0, x0); long A0 = lo; long B0 = lo >>> 32; long A1 = hi; long B1 = hi >> 32;
        s = A0;
        low = A0 - (B0 << 32);
        final long m0 = s * INV;
        c = ((B0 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m0, S0);
        lo = x0 * x1; hi = Math.multiplyHigh(x0, x1); A1 += lo << 1; B1 += (lo >>> 32) << 1; long A2 = hi << 1; long B2 = (hi >> 32) << 1;
        lo = m0 * S1; hi = Math.multiplyHigh(m0, S1); A1 += lo; B1 += lo >>> 32; A2 += hi; B2 += hi >> 32;
        s = A1 + c;
        low = A1 - (B1 << 32) + c;
        final long m1 = s * INV;
        c = ((B1 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m1, S0);
        lo = x0 * x2; hi = Math.multiplyHigh(x0, x2); A2 += lo << 1; B2 += (lo >>> 32) << 1; long A3 = hi << 1; long B3 = (hi >> 32) << 1;
        lo = x1 * x1; hi = Math.multiplyHigh(x1, x1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m0 * S2; hi = Math.multiplyHigh(m0, S2); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        lo = m1 * S1; hi = Math.multiplyHigh(m1, S1); A2 += lo; B2 += lo >>> 32; A3 += hi; B3 += hi >> 32;
        s = A2 + c;
        low = A2 - (B2 << 32) + c;
        final long m2 = s * INV;
        c = ((B2 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m2, S0);
        lo = x0 * x3; hi = Math.multiplyHigh(x0, x3); A3 += lo << 1; B3 += (lo >>> 32) << 1; long A4 = hi << 1; long B4 = (hi >> 32) << 1;
        lo = x1 * x2; hi = Math.multiplyHigh(x1, x2); A3 += lo << 1; B3 += (lo >>> 32) << 1; A4 += hi << 1; B4 += (hi >> 32) << 1;
        lo = m0 * S3; hi = Math.multiplyHigh(m0, S3); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m1 * S2; hi = Math.multiplyHigh(m1, S2); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        lo = m2 * S1; hi = Math.multiplyHigh(m2, S1); A3 += lo; B3 += lo >>> 32; A4 += hi; B4 += hi >> 32;
        s = A3 + c;
        low = A3 - (B3 << 32) + c;
        final long m3 = s * INV;
        c = ((B3 + (low >> 32)) >> 32) + ((s | -s) >>> 63) + Math.multiplyHigh(m3, S0);
        lo = x1 * x3; hi = Math.multiplyHigh(x1, x3); A4 += lo << 1; B4 += (lo >>> 32) << 1; long A5 = hi << 1; long B5 = (hi >> 32) << 1;
        lo = x2 * x2; hi = Math.multiplyHigh(x2, x2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m1 * S3; hi = Math.multiplyHigh(m1, S3); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m2 * S2; hi = Math.multiplyHigh(m2, S2); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        lo = m3 * S1; hi = Math.multiplyHigh(m3, S1); A4 += lo; B4 += lo >>> 32; A5 += hi; B5 += hi >> 32;
        s = A4 + c;
        low = A4 - (B4 << 32) + c;
        final long t0 = s;
        c = (B4 + (low >> 32)) >> 32;
        lo = x2 * x3; hi = Math.multiplyHigh(x2, x3); A5 += lo << 1; B5 += (lo >>> 32) << 1; long A6 = hi << 1; long B6 = (hi >> 32) << 1;
        lo = m2 * S3; hi = Math.multiplyHigh(m2, S3); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        lo = m3 * S2; hi = Math.multiplyHigh(m3, S2); A5 += lo; B5 += lo >>> 32; A6 += hi; B6 += hi >> 32;
        s = A5 + c;
        low = A5 - (B5 << 32) + c;
        final long t1 = s;
        c = (B5 + (low >> 32)) >> 32;
        lo = x3 * x3; hi = Math.multiplyHigh(x3, x3); A6 += lo; B6 += lo >>> 32; long A7 = hi; long B7 = hi >> 32;
        lo = m3 * S3; hi = Math.multiplyHigh(m3, S3); A6 += lo; B6 += lo >>> 32; A7 += hi; B7 += hi >> 32;
        s = A6 + c;
        low = A6 - (B6 << 32) + c;
        final long t2 = s;
        c = (B6 + (low >> 32)) >> 32;
        final long t3 = A7 + c;
        return addModulusIfNegative(t0, t1, t2, t3);
    }

    /** For t in (-p, p) (t3 holding the sign): t mod p, adding p under a mask rather than a branch. */
    private static Fq addModulusIfNegative(long t0, long t1, long t2, long t3) {
        long mask = t3 >> 63;
        long q0 = P0 & mask, q1 = P1 & mask, q2 = P2 & mask;
        long s0 = t0 + q0;
        long c = ((t0 & q0) | ((t0 | q0) & ~s0)) >>> 63;
        long s1 = t1 + q1 + c;
        c = ((t1 & q1) | ((t1 | q1) & ~s1)) >>> 63;
        long s2 = t2 + q2 + c;
        c = ((t2 & q2) | ((t2 | q2) & ~s2)) >>> 63;
        return new Fq(s0, s1, s2, t3 + (P3 & mask) + c);
    }

    public Fq pow(BigInteger e) {
        Fq r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    /** The multiplicative inverse; the inverse of zero is zero. */
    public Fq inverse() {
        if (isZero()) {
            return ZERO;
        }
        // Binary extended Euclid on the Montgomery representative aR gives (aR)^-1 = a^-1·R^-1; a Montgomery product
        // with R^3 turns that into a^-1·R, the Montgomery form of the inverse. Several times faster than Fermat.
        long[] u = {l0, l1, l2, l3};
        long[] v = {P0, P1, P2, P3};
        long[] x1 = {1, 0, 0, 0};
        long[] x2 = {0, 0, 0, 0};
        while (!isOneLimbs(u) && !isOneLimbs(v)) {
            while ((u[0] & 1) == 0) {
                shiftRight1(u);
                halveModP(x1);
            }
            while ((v[0] & 1) == 0) {
                shiftRight1(v);
                halveModP(x2);
            }
            if (compareLimbs(u, v) >= 0) {
                subLimbs(u, v);
                subModP(x1, x2);
            } else {
                subLimbs(v, u);
                subModP(x2, x1);
            }
        }
        long[] r = isOneLimbs(u) ? x1 : x2;
        return new Fq(r[0], r[1], r[2], r[3]).mul(R3_MONT);
    }

    /** Fermat's a^(p-2): the reference the faster {@link #inverse} is tested against. */
    Fq inverseByFermat() {
        return pow(P_MINUS_2);
    }

    private static boolean isOneLimbs(long[] a) {
        return a[0] == 1 && (a[1] | a[2] | a[3]) == 0;
    }

    private static void shiftRight1(long[] a) {
        a[0] = (a[0] >>> 1) | (a[1] << 63);
        a[1] = (a[1] >>> 1) | (a[2] << 63);
        a[2] = (a[2] >>> 1) | (a[3] << 63);
        a[3] = a[3] >>> 1;
    }

    private static int compareLimbs(long[] a, long[] b) {
        for (int i = 3; i >= 0; i--) {
            if (a[i] != b[i]) {
                return Long.compareUnsigned(a[i], b[i]);
            }
        }
        return 0;
    }

    /** a -= b for a >= b (plain integers below 2^256). */
    private static void subLimbs(long[] a, long[] b) {
        long borrow = 0;
        for (int i = 0; i < 4; i++) {
            long ai = a[i];
            long d = ai - b[i] - borrow;
            borrow = (Long.compareUnsigned(ai, b[i]) < 0 || (borrow == 1 && ai == b[i])) ? 1 : 0;
            a[i] = d;
        }
    }

    /** a = a/2 mod p for a < p: add p first when a is odd (a + p < 2^255 still fits). */
    private static void halveModP(long[] a) {
        if ((a[0] & 1) != 0) {
            long[] p = {P0, P1, P2, P3};
            long carry = 0;
            for (int i = 0; i < 4; i++) {
                long s = a[i] + p[i];
                long c1 = Long.compareUnsigned(s, a[i]) < 0 ? 1 : 0;
                long s2 = s + carry;
                long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
                a[i] = s2;
                carry = c1 | c2;
            }
        }
        shiftRight1(a);
    }

    /** a = a - b mod p for a, b < p. */
    private static void subModP(long[] a, long[] b) {
        if (compareLimbs(a, b) >= 0) {
            subLimbs(a, b);
        } else {
            long[] t = {P0, P1, P2, P3};
            subLimbs(t, b);
            long carry = 0;
            for (int i = 0; i < 4; i++) {
                long s = a[i] + t[i];
                long c1 = Long.compareUnsigned(s, a[i]) < 0 ? 1 : 0;
                long s2 = s + carry;
                long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
                a[i] = s2;
                carry = c1 | c2;
            }
        }
    }

    /** A square root, or null if this is not a square. Since p = 3 mod 4 it is this^((p+1)/4). */
    public Fq sqrt() {
        Fq r = pow(SQRT_EXP);
        return r.square().equals(this) ? r : null;
    }

    /** Inverts every non-zero element in place with one field inversion (Montgomery's trick); zeros stay zero. */
    public static void batchInverse(Fq[] xs) {
        batchInverse(xs, xs.length);
    }

    /** Like {@link #batchInverse(Fq[])} for the first count elements. */
    public static void batchInverse(Fq[] xs, int count) {
        Fq[] prefix = new Fq[count];
        Fq acc = ONE;
        for (int i = 0; i < count; i++) {
            prefix[i] = acc;
            if (!xs[i].isZero()) {
                acc = acc.mul(xs[i]);
            }
        }
        Fq inv = acc.inverse();
        for (int i = count - 1; i >= 0; i--) {
            if (!xs[i].isZero()) {
                Fq x = xs[i];
                xs[i] = inv.mul(prefix[i]);
                inv = inv.mul(x);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fq && ((Fq) o).l0 == l0 && ((Fq) o).l1 == l1 && ((Fq) o).l2 == l2 && ((Fq) o).l3 == l3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(l0 * 31 + l1 * 17 + l2 * 7 + l3);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
