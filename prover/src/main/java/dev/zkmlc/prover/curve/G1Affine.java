package dev.zkmlc.prover.curve;

import dev.zkmlc.prover.field.Fq;

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
        Fq x = Fq.fromBytesBE(b, 0);
        Fq y = Fq.fromBytesBE(b, 32);
        if (x == null || y == null) {
            throw new PointFormatException("G1 coordinate is not below the field modulus");
        }
        if (x.isZero() && y.isZero()) {
            return INFINITY;
        }
        return of(x, y);
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
