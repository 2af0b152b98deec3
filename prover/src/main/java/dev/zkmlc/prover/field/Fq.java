package dev.zkmlc.prover.field;

import dev.zkmlc.circuit.field.Montgomery;
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
    /** Montgomery multiplication modulo p: the scalar field's kernel with p's constants (also used by {@link FqLimbs}). */
    static final Montgomery KERNEL = Montgomery.ofKnownPrime(MODULUS);

    private static final BigInteger R = BigInteger.ONE.shiftLeft(256).mod(MODULUS);
    private static final BigInteger R2 = R.multiply(R).mod(MODULUS);
    private static final BigInteger P_MINUS_2 = MODULUS.subtract(BigInteger.TWO);
    private static final BigInteger SQRT_EXP = MODULUS.add(BigInteger.ONE).shiftRight(2);
    private static final BigInteger HALF = MODULUS.shiftRight(1);

    public static final Fq ZERO = new Fq(0, 0, 0, 0);
    public static final Fq ONE = fromMontgomery(R);
    private static final Fq R2_MONT = fromMontgomery(R2);

    final long l0, l1, l2, l3;

    private Fq(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    static {
        if (P0 * INV != -1L || !limbsOf(MODULUS).equals(new Fq(P0, P1, P2, P3))) {
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

    /** The element whose Montgomery form has these little-endian limbs; null if they are not below p. */
    public static Fq fromMontgomeryLimbs(long l0, long l1, long l2, long l3) {
        Fq f = new Fq(l0, l1, l2, l3);
        return lessThanP(f) ? f : null;
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
        long d3 = s3 - P3 - br;
        // s - p lies in (-p, p) (p < 2^254): the top limb's sign says whether s was below p.
        long keep = d3 >> 63;
        return new Fq(d0 ^ ((s0 ^ d0) & keep), d1 ^ ((s1 ^ d1) & keep), d2 ^ ((s2 ^ d2) & keep),
                d3 ^ ((s3 ^ d3) & keep));
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
        long d3 = l3 - b.l3 - br;
        // Add p back under a mask rather than a branch: borrows are data-dependent and unpredictable. The
        // difference lies in (-p, p), p < 2^254, so the top limb's sign says whether it went below zero.
        long mask = d3 >> 63;
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

    /** Montgomery product, by the kernel shared with the scalar field (the scratch array costs about 3 ns). */
    public Fq mul(Fq b) {
        long[] t = new long[4];
        KERNEL.mul(l0, l1, l2, l3, b.l0, b.l1, b.l2, b.l3, t, 0);
        return new Fq(t[0], t[1], t[2], t[3]);
    }

    public Fq square() {
        long[] t = new long[4];
        KERNEL.square(l0, l1, l2, l3, t, 0);
        return new Fq(t[0], t[1], t[2], t[3]);
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

    /** The multiplicative inverse; the inverse of zero is zero. By the shared kernel's binary GCD; not constant-time. */
    public Fq inverse() {
        long[] t = new long[4];
        KERNEL.inverse(l0, l1, l2, l3, t, 0);
        return new Fq(t[0], t[1], t[2], t[3]);
    }

    /** Fermat's a^(p-2): the reference the faster {@link #inverse} is tested against. */
    Fq inverseByFermat() {
        return pow(P_MINUS_2);
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
