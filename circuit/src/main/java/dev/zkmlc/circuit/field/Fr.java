package dev.zkmlc.circuit.field;

import java.math.BigInteger;
import java.util.random.RandomGenerator;

/**
 * An element of the BN254 scalar field F_r,
 * r = 21888242871839275222246405745257275088548364400416034343698204186575808495617.
 *
 * <p>Immutable. The value is held in Montgomery form (x·2^256 mod r) on four 64-bit limbs,
 * little-endian, always fully reduced, so {@link #equals} compares limbs. No {@code BigInteger}
 * is used by the arithmetic; it appears only in conversions.
 *
 * <p>Signed integers map into the field as v mod r (so -1 is r - 1); {@link #signed()} and
 * {@link #toLongExact()} map back, reading elements above (r-1)/2 as negative.
 *
 * <p>For hot loops over many elements use the array kernels in {@link FrLimbs}, which work on the
 * same limb layout without allocating.
 */
public final class Fr {
    /** The field order r. */
    public static final BigInteger MODULUS = new BigInteger(
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /** Montgomery multiplication modulo r, shared with {@link FrLimbs}. */
    static final Montgomery KERNEL = Montgomery.ofKnownPrime(MODULUS);

    /** r - 1 = 2^28 · t with t odd. */
    public static final int TWO_ADICITY = 28;

    // r, little-endian limbs.
    static final long Q0 = 0x43e1f593f0000001L;
    static final long Q1 = 0x2833e84879b97091L;
    static final long Q2 = 0xb85045b68181585dL;
    static final long Q3 = 0x30644e72e131a029L;
    /** -r^{-1} mod 2^64. */
    static final long INV = 0xc2e1f593efffffffL;
    // R^2 mod r with R = 2^256: multiplying by it converts into Montgomery form.
    static final long RR0 = 0x1bb8e645ae216da7L;
    static final long RR1 = 0x53fe3ab1e35c59e3L;
    static final long RR2 = 0x8c49833d53bb8085L;
    static final long RR3 = 0x0216d0b17f4e44a5L;
    // R mod r: the Montgomery form of one.
    static final long R0 = 0xac96341c4ffffffbL;
    static final long R1 = 0x36fc76959f60cd29L;
    static final long R2 = 0x666ea36f7879462eL;
    static final long R3 = 0x0e0a77c19a07df2fL;

    public static final Fr ZERO = new Fr(0, 0, 0, 0);
    public static final Fr ONE = new Fr(R0, R1, R2, R3);

    /** 7 generates the multiplicative group F_r^*. */
    public static final Fr GENERATOR = of(7);

    /** A primitive 2^28-th root of unity: 7^((r-1)/2^28). */
    public static final Fr ROOT_OF_UNITY = GENERATOR.pow(MODULUS.subtract(BigInteger.ONE).shiftRight(TWO_ADICITY));

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger HALF = MODULUS.shiftRight(1);

    final long l0;
    final long l1;
    final long l2;
    final long l3;

    Fr(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    // ---------------------------------------------------------------- construction

    /** v mod r; a negative v becomes r - |v|. */
    public static Fr of(long v) {
        if (v >= 0) {
            return fromCanonical(v, 0, 0, 0);
        }
        // -v read as unsigned is |v|, also for Long.MIN_VALUE.
        return fromCanonical(-v, 0, 0, 0).neg();
    }

    /** v mod r, for any integer v. */
    public static Fr of(BigInteger v) {
        BigInteger x = v.mod(MODULUS);
        return fromCanonical(x.longValue(), x.shiftRight(64).longValue(),
                x.shiftRight(128).longValue(), x.shiftRight(192).longValue());
    }

    /** The element with canonical (non-Montgomery) limbs c, which must be below r. */
    static Fr fromCanonical(long c0, long c1, long c2, long c3) {
        return new Fr(c0, c1, c2, c3).mul(new Fr(RR0, RR1, RR2, RR3));
    }

    /** Reads an element stored in Montgomery form by {@link #toMontgomery} or the {@link FrLimbs} kernels. */
    public static Fr fromMontgomery(long[] limbs, int index) {
        int o = 4 * index;
        return new Fr(limbs[o], limbs[o + 1], limbs[o + 2], limbs[o + 3]);
    }

    /** Writes this element's Montgomery limbs to element slot {@code index} of {@code limbs}. */
    public void toMontgomery(long[] limbs, int index) {
        int o = 4 * index;
        limbs[o] = l0;
        limbs[o + 1] = l1;
        limbs[o + 2] = l2;
        limbs[o + 3] = l3;
    }

    /** A uniformly random element (for blinding and tests; pass a SecureRandom for blinding). */
    public static Fr random(RandomGenerator rng) {
        while (true) {
            long c0 = rng.nextLong();
            long c1 = rng.nextLong();
            long c2 = rng.nextLong();
            long c3 = rng.nextLong() >>> 2; // r < 2^254: rejection then succeeds with probability > 3/4
            if (lessThanModulus(c0, c1, c2, c3)) {
                return fromCanonical(c0, c1, c2, c3);
            }
        }
    }

    /** A primitive 2^k-th root of unity, 0 <= k <= 28; the same family for every k (ω_k = ω_{k+1}^2). */
    public static Fr rootOfUnity(int k) {
        if (k < 0 || k > TWO_ADICITY) {
            throw new IllegalArgumentException("no root of unity of order 2^" + k + " (2-adicity of r is 28)");
        }
        Fr w = ROOT_OF_UNITY;
        for (int i = k; i < TWO_ADICITY; i++) {
            w = w.square();
        }
        return w;
    }

    // ---------------------------------------------------------------- arithmetic

    public Fr add(Fr y) {
        long s0 = l0 + y.l0;
        long c = FrLimbs.carry(l0, y.l0, s0);
        long s1 = l1 + y.l1 + c;
        c = FrLimbs.carry(l1, y.l1, s1);
        long s2 = l2 + y.l2 + c;
        c = FrLimbs.carry(l2, y.l2, s2);
        long s3 = l3 + y.l3 + c; // both below r < 2^254: no carry out of the top limb
        return reduceOnce(s0, s1, s2, s3);
    }

    public Fr sub(Fr y) {
        long d0 = l0 - y.l0;
        long b = FrLimbs.borrow(l0, y.l0, d0);
        long d1 = l1 - y.l1 - b;
        b = FrLimbs.borrow(l1, y.l1, d1);
        long d2 = l2 - y.l2 - b;
        b = FrLimbs.borrow(l2, y.l2, d2);
        long d3 = l3 - y.l3 - b;
        // Went below zero (the difference lies in (-r, r), r < 2^254, so the top limb's sign says): add r
        // back (the carry out of the top limb cancels the borrow). Masked, not branched, because the branch
        // would be unpredictable on random data.
        long mask = d3 >> 63;
        long q0 = Q0 & mask, q1 = Q1 & mask, q2 = Q2 & mask;
        long s0 = d0 + q0;
        long c = FrLimbs.carry(d0, q0, s0);
        long s1 = d1 + q1 + c;
        c = FrLimbs.carry(d1, q1, s1);
        long s2 = d2 + q2 + c;
        c = FrLimbs.carry(d2, q2, s2);
        return new Fr(s0, s1, s2, d3 + (Q3 & mask) + c);
    }

    public Fr neg() {
        if ((l0 | l1 | l2 | l3) == 0) {
            return this;
        }
        return ZERO.sub(this);
    }

    public Fr dbl() {
        return add(this);
    }

    /** Montgomery product, by {@link #KERNEL} (the four-limb scratch array costs about 3 ns). */
    public Fr mul(Fr y) {
        long[] t = new long[4];
        KERNEL.mul(l0, l1, l2, l3, y.l0, y.l1, y.l2, y.l3, t, 0);
        return new Fr(t[0], t[1], t[2], t[3]);
    }

    public Fr square() {
        long[] t = new long[4];
        KERNEL.square(l0, l1, l2, l3, t, 0);
        return new Fr(t[0], t[1], t[2], t[3]);
    }

    /** this^e; a negative e raises the inverse. */
    public Fr pow(long e) {
        if (e < 0) {
            return inverse().pow(BigInteger.valueOf(e).negate());
        }
        Fr acc = ONE;
        Fr base = this;
        while (e != 0) {
            if ((e & 1) != 0) {
                acc = acc.mul(base);
            }
            e >>>= 1;
            if (e != 0) {
                base = base.square();
            }
        }
        return acc;
    }

    /** this^e; a negative e raises the inverse. */
    public Fr pow(BigInteger e) {
        if (e.signum() < 0) {
            return inverse().pow(e.negate());
        }
        Fr acc = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            acc = acc.square();
            if (e.testBit(i)) {
                acc = acc.mul(this);
            }
        }
        return acc;
    }

    /** The multiplicative inverse; throws {@link ArithmeticException} for zero. */
    public Fr inverse() {
        if (isZero()) {
            throw new ArithmeticException("inverse of zero in F_r");
        }
        return FrLimbs.inverseOf(this);
    }

    /**
     * Inverts every element with one field inversion and 3(n-1) multiplications (Montgomery's trick).
     * Returns a new array; throws {@link ArithmeticException} naming the first zero element.
     */
    public static Fr[] batchInvert(Fr[] xs) {
        int n = xs.length;
        Fr[] out = new Fr[n];
        if (n == 0) {
            return out;
        }
        Fr acc = ONE;
        for (int i = 0; i < n; i++) {
            if (xs[i].isZero()) {
                throw new ArithmeticException("batch inverse: element " + i + " is zero");
            }
            out[i] = acc; // product of xs[0..i)
            acc = acc.mul(xs[i]);
        }
        Fr inv = acc.inverse(); // 1 / (xs[0]·…·xs[n-1])
        for (int i = n - 1; i >= 0; i--) {
            Fr prefix = out[i];
            out[i] = inv.mul(prefix);
            inv = inv.mul(xs[i]);
        }
        return out;
    }

    // ---------------------------------------------------------------- predicates and conversions

    public boolean isZero() {
        return (l0 | l1 | l2 | l3) == 0;
    }

    public boolean isOne() {
        return l0 == R0 && l1 == R1 && l2 == R2 && l3 == R3;
    }

    /** The canonical value in [0, r). */
    public BigInteger toBigInteger() {
        long[] c = canonicalLimbs();
        BigInteger x = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            x = x.shiftLeft(64).add(unsigned(c[i]));
        }
        return x;
    }

    /** The representative in (-r/2, r/2]: elements above (r-1)/2 read as negative. */
    public BigInteger signed() {
        BigInteger x = toBigInteger();
        return x.compareTo(HALF) > 0 ? x.subtract(MODULUS) : x;
    }

    /** Whether {@link #toLongExact()} succeeds, i.e. the signed representative fits in a long. */
    public boolean fitsInLong() {
        long[] c = canonicalLimbs();
        if (c[1] == 0 && c[2] == 0 && c[3] == 0 && c[0] >= 0) {
            return true;
        }
        long[] d = negCanonical(c);
        return d[1] == 0 && d[2] == 0 && d[3] == 0 && Long.compareUnsigned(d[0], Long.MIN_VALUE) <= 0;
    }

    /**
     * The signed representative as a long, or {@code otherwise} when it does not fit (one conversion
     * out of Montgomery form, for hot paths that would otherwise call {@link #fitsInLong} and
     * {@link #toLongExact} in turn).
     */
    public long toLongOr(long otherwise) {
        long[] c = canonicalLimbs();
        if (c[1] == 0 && c[2] == 0 && c[3] == 0 && c[0] >= 0) {
            return c[0];
        }
        long[] d = negCanonical(c);
        if (d[1] == 0 && d[2] == 0 && d[3] == 0 && Long.compareUnsigned(d[0], Long.MIN_VALUE) <= 0) {
            return -d[0];
        }
        return otherwise;
    }

    /** The signed representative as a long; throws {@link ArithmeticException} when it does not fit. */
    public long toLongExact() {
        long[] c = canonicalLimbs();
        if (c[1] == 0 && c[2] == 0 && c[3] == 0 && c[0] >= 0) {
            return c[0];
        }
        long[] d = negCanonical(c);
        if (d[1] == 0 && d[2] == 0 && d[3] == 0 && Long.compareUnsigned(d[0], Long.MIN_VALUE) <= 0) {
            return -d[0];
        }
        throw new ArithmeticException("field element " + signed() + " does not fit in a long");
    }

    /** 32-byte little-endian canonical encoding (as snarkjs writes field elements in .wtns files). */
    public byte[] toBytesLE() {
        byte[] out = new byte[32];
        writeBytesLE(out, 0);
        return out;
    }

    /** Writes the 32-byte little-endian canonical encoding at {@code offset}. */
    public void writeBytesLE(byte[] dst, int offset) {
        long[] c = canonicalLimbs();
        for (int i = 0; i < 4; i++) {
            long v = c[i];
            for (int j = 0; j < 8; j++) {
                dst[offset + 8 * i + j] = (byte) (v >>> (8 * j));
            }
        }
    }

    /**
     * Reads a 32-byte little-endian canonical encoding. Throws {@link IllegalArgumentException} if the
     * value is not below r (a non-canonical encoding would let two byte strings mean one element).
     */
    public static Fr fromBytesLE(byte[] src, int offset) {
        if (offset < 0 || src.length - offset < 32) {
            throw new IllegalArgumentException("field element needs 32 bytes at offset " + offset
                    + ", have " + Math.max(0, src.length - offset));
        }
        long[] c = new long[4];
        for (int i = 0; i < 4; i++) {
            long v = 0;
            for (int j = 7; j >= 0; j--) {
                v = (v << 8) | (src[offset + 8 * i + j] & 0xffL);
            }
            c[i] = v;
        }
        if (!lessThanModulus(c[0], c[1], c[2], c[3])) {
            throw new IllegalArgumentException("field element encoding is not canonical (value >= r)");
        }
        return fromCanonical(c[0], c[1], c[2], c[3]);
    }

    public static Fr fromBytesLE(byte[] src) {
        if (src.length != 32) {
            throw new IllegalArgumentException("field element encoding must be 32 bytes, got " + src.length);
        }
        return fromBytesLE(src, 0);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Fr)) {
            return false;
        }
        Fr y = (Fr) o;
        return l0 == y.l0 && l1 == y.l1 && l2 == y.l2 && l3 == y.l3;
    }

    @Override
    public int hashCode() {
        long h = l0 * 31 + l1;
        h = h * 31 + l2;
        h = h * 31 + l3;
        return Long.hashCode(h);
    }

    /** The signed decimal representative, e.g. "-3". */
    @Override
    public String toString() {
        return signed().toString();
    }

    // ---------------------------------------------------------------- internals

    /** Montgomery limbs -> canonical limbs (a product with 1). */
    long[] canonicalLimbs() {
        Fr c = mul(new Fr(1, 0, 0, 0));
        return new long[] {c.l0, c.l1, c.l2, c.l3};
    }

    /** r - c for canonical limbs c (c != 0). */
    private static long[] negCanonical(long[] c) {
        long[] d = new long[4];
        long[] q = {Q0, Q1, Q2, Q3};
        long b = 0;
        for (int i = 0; i < 4; i++) {
            long t = q[i] - c[i];
            d[i] = t - b;
            b = (Long.compareUnsigned(q[i], c[i]) < 0 || Long.compareUnsigned(t, b) < 0) ? 1L : 0L;
        }
        return d;
    }

    static boolean lessThanModulus(long c0, long c1, long c2, long c3) {
        if (c3 != Q3) {
            return Long.compareUnsigned(c3, Q3) < 0;
        }
        if (c2 != Q2) {
            return Long.compareUnsigned(c2, Q2) < 0;
        }
        if (c1 != Q1) {
            return Long.compareUnsigned(c1, Q1) < 0;
        }
        return Long.compareUnsigned(c0, Q0) < 0;
    }

    /** For t in [0, 2r): t mod r. */
    private static Fr reduceOnce(long t0, long t1, long t2, long t3) {
        long d0 = t0 - Q0;
        long b = FrLimbs.borrow(t0, Q0, d0);
        long d1 = t1 - Q1 - b;
        b = FrLimbs.borrow(t1, Q1, d1);
        long d2 = t2 - Q2 - b;
        b = FrLimbs.borrow(t2, Q2, d2);
        long d3 = t3 - Q3 - b;
        long keep = d3 >> 63; // t - r in (-r, r): negative when t < r, then keep t, else take t - r
        return new Fr(d0 ^ ((t0 ^ d0) & keep), d1 ^ ((t1 ^ d1) & keep), d2 ^ ((t2 ^ d2) & keep),
                d3 ^ ((t3 ^ d3) & keep));
    }

    private static BigInteger unsigned(long v) {
        BigInteger x = BigInteger.valueOf(v);
        return v < 0 ? x.add(TWO_64) : x;
    }
}
