package dev.zkmlc.prover.curve;

import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.FqLimbs;
import java.math.BigInteger;

/**
 * A point of G1 (y² = x³ + 3 over F_p) in affine coordinates, or the point at infinity. Immutable.
 *
 * <p>Encodings: {@link #toUncompressed()} is the 64-byte big-endian x‖y of Ethereum's precompiles (infinity is all
 * zeros); {@link #toCompressed()} is the 32-byte big-endian x whose two spare top bits carry a flag, as gnark and
 * the tools built on it write it: 0b10 for the smaller of ±y, 0b11 for the larger, 0b01 for infinity.
 */
public final class G1Affine {
    public static final G1Affine INFINITY = new G1Affine(Fq.ZERO, Fq.ZERO, true);
    public static final G1Affine GENERATOR = new G1Affine(Fq.ONE, Fq.of(2), false);

    static final int FLAG_MASK = 0xC0;
    static final int FLAG_SMALLEST = 0x80;
    static final int FLAG_LARGEST = 0xC0;
    static final int FLAG_INFINITY = 0x40;

    public final Fq x;
    public final Fq y;
    public final boolean infinity;

    private G1Affine(Fq x, Fq y, boolean infinity) {
        this.x = x;
        this.y = y;
        this.infinity = infinity;
    }

    /** The point (x, y); throws if it is not on the curve. */
    public static G1Affine of(Fq x, Fq y) {
        G1Affine p = new G1Affine(x, y, false);
        if (!p.isOnCurve()) {
            throw new PointFormatException("point (" + x + ", " + y + ") is not on the BN254 G1 curve");
        }
        return p;
    }

    /** For coordinates known to be on the curve (results of group operations): skips the check. */
    static G1Affine trusted(Fq x, Fq y) {
        return new G1Affine(x, y, false);
    }

    public boolean isOnCurve() {
        return infinity || y.square().equals(x.square().mul(x).add(G1.B));
    }

    public G1Affine neg() {
        return infinity ? this : new G1Affine(x, y.neg(), false);
    }

    public G1 toJacobian() {
        return infinity ? G1.INFINITY : new G1(x, y, Fq.ONE);
    }

    public byte[] toUncompressed() {
        byte[] out = new byte[64];
        if (!infinity) {
            x.toBytesBE(out, 0);
            y.toBytesBE(out, 32);
        }
        return out;
    }

    public static G1Affine fromUncompressed(byte[] b) {
        if (b.length != 64) {
            throw new PointFormatException("a G1 point takes 64 bytes, got " + b.length);
        }
        return fromUncompressed(b, 0);
    }

    /**
     * The point in the 64 bytes at {@code b[off]} ({@link #toUncompressed}'s encoding), checked as {@link #of}
     * checks it but on limbs, with the MSM's field kernels: keys hold tens of thousands of points, and going through
     * {@code BigInteger} and an object per operation made their decoding a large part of reading a key.
     */
    public static G1Affine fromUncompressed(byte[] b, int off) {
        long[] t = new long[4 * 4];
        final int x = 0, y = 1, lhs = 2, rhs = 3;
        if (!canonicalLimbs(b, off, t, x) || !canonicalLimbs(b, off + 32, t, y)) {
            throw new PointFormatException("G1 coordinate is not below the field modulus");
        }
        if (FqLimbs.isZero(t, x) && FqLimbs.isZero(t, y)) {
            return INFINITY;
        }
        // To Montgomery form: the kernel's product with R^2 mod p divides by R once.
        FqLimbs.mul(t, x, DECODE, TO_MONTGOMERY, t, x);
        FqLimbs.mul(t, y, DECODE, TO_MONTGOMERY, t, y);
        FqLimbs.square(t, y, t, lhs);
        FqLimbs.square(t, x, t, rhs);
        FqLimbs.mul(t, rhs, t, x, t, rhs);
        FqLimbs.add(t, rhs, DECODE, CURVE_B, t, rhs);
        if (!FqLimbs.equal(t, lhs, t, rhs)) {
            throw new PointFormatException("point (" + Fq.fromBytesBE(b, off) + ", " + Fq.fromBytesBE(b, off + 32)
                    + ") is not on the BN254 G1 curve");
        }
        return new G1Affine(FqLimbs.get(t, x), FqLimbs.get(t, y), false);
    }

    /** Element {@link #TO_MONTGOMERY} holds R^2 mod p as plain limbs, element {@link #CURVE_B} the curve's b = 3. */
    private static final int TO_MONTGOMERY = 0;
    private static final int CURVE_B = 1;
    private static final long[] DECODE = decodeConstants();

    private static long[] decodeConstants() {
        long[] c = FqLimbs.newArray(2);
        BigInteger r = BigInteger.ONE.shiftLeft(256).mod(Fq.MODULUS);
        // Fq.of(v) holds v·R mod p: for v = R that is R^2 mod p.
        FqLimbs.set(c, TO_MONTGOMERY, Fq.of(r));
        FqLimbs.set(c, CURVE_B, Fq.of(3)); // G1.B, not read from G1: the two classes initialise each other
        return c;
    }

    /** The big-endian 32 bytes at b[off] as plain little-endian limbs at element io of out; false if not below p. */
    static boolean canonicalLimbs(byte[] b, int off, long[] out, int io) {
        int o = 4 * io;
        for (int i = 0; i < 4; i++) {
            out[o + 3 - i] = bigEndianLong(b, off + 8 * i);
        }
        return Fq.fromMontgomeryLimbs(out[o], out[o + 1], out[o + 2], out[o + 3]) != null;
    }

    private static long bigEndianLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    public byte[] toCompressed() {
        byte[] out = new byte[32];
        if (infinity) {
            out[0] = (byte) FLAG_INFINITY;
            return out;
        }
        x.toBytesBE(out, 0);
        out[0] |= (byte) (y.isLexicographicallyLargest() ? FLAG_LARGEST : FLAG_SMALLEST);
        return out;
    }

    public static G1Affine fromCompressed(byte[] b) {
        if (b.length != 32) {
            throw new PointFormatException("a compressed G1 point takes 32 bytes, got " + b.length);
        }
        int flag = b[0] & FLAG_MASK;
        byte[] xb = b.clone();
        xb[0] &= (byte) ~FLAG_MASK;
        if (flag == FLAG_INFINITY) {
            for (byte v : xb) {
                if (v != 0) {
                    throw new PointFormatException("compressed G1 infinity must have x = 0");
                }
            }
            return INFINITY;
        }
        if (flag != FLAG_SMALLEST && flag != FLAG_LARGEST) {
            throw new PointFormatException("compressed G1 point has no compression flag");
        }
        Fq x = Fq.fromBytesBE(xb, 0);
        if (x == null) {
            throw new PointFormatException("G1 x coordinate is not below the field modulus");
        }
        Fq y = x.square().mul(x).add(G1.B).sqrt();
        if (y == null) {
            throw new PointFormatException("x is not the abscissa of a G1 point");
        }
        if (y.isLexicographicallyLargest() != (flag == FLAG_LARGEST)) {
            y = y.neg();
        }
        return new G1Affine(x, y, false);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof G1Affine)) {
            return false;
        }
        G1Affine p = (G1Affine) o;
        return infinity ? p.infinity : !p.infinity && x.equals(p.x) && y.equals(p.y);
    }

    @Override
    public int hashCode() {
        return infinity ? 0 : x.hashCode() * 31 + y.hashCode();
    }

    @Override
    public String toString() {
        return infinity ? "G1(infinity)" : "G1(" + x + ", " + y + ")";
    }
}
