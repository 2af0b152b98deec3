package dev.zkmlc.prover.curve;

import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.Fq2;
import java.math.BigInteger;

/**
 * A point of G2 (on the twist y² = x³ + 3/(9 + u) over F_p²) in affine coordinates, or infinity. Immutable.
 *
 * <p>Encodings follow Ethereum's EIP-197: each F_p² coordinate a + b·u is written b then a, big-endian, so the
 * uncompressed form is x.b‖x.a‖y.b‖y.a (128 bytes, infinity all zeros). The compressed form is x.b‖x.a (64 bytes)
 * with gnark's flag in the two top bits of the first byte (see {@link G1Affine}); the sign of y compares the
 * imaginary part first.
 */
public final class G2Affine {
    public static final G2Affine INFINITY = new G2Affine(Fq2.ZERO, Fq2.ZERO, true);
    /** The standard generator, as used by EIP-197. */
    public static final G2Affine GENERATOR = new G2Affine(
            Fq2.of(new BigInteger("1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed", 16),
                    new BigInteger("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2", 16)),
            Fq2.of(new BigInteger("12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa", 16),
                    new BigInteger("090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b", 16)),
            false);

    public final Fq2 x;
    public final Fq2 y;
    public final boolean infinity;

    private G2Affine(Fq2 x, Fq2 y, boolean infinity) {
        this.x = x;
        this.y = y;
        this.infinity = infinity;
    }

    /** The point (x, y); throws if it is not on the twist or not in the order-r subgroup. */
    public static G2Affine of(Fq2 x, Fq2 y) {
        G2Affine p = new G2Affine(x, y, false);
        if (!p.isOnCurve()) {
            throw new PointFormatException("point is not on the BN254 G2 twist");
        }
        if (!p.toJacobian().isInSubgroup()) {
            throw new PointFormatException("point is on the G2 twist but not in the order-r subgroup");
        }
        return p;
    }

    static G2Affine trusted(Fq2 x, Fq2 y) {
        return new G2Affine(x, y, false);
    }

    public boolean isOnCurve() {
        return infinity || y.square().equals(x.square().mul(x).add(G2.B));
    }

    public G2Affine neg() {
        return infinity ? this : new G2Affine(x, y.neg(), false);
    }

    public G2 toJacobian() {
        return infinity ? G2.INFINITY : new G2(x, y, Fq2.ONE);
    }

    public byte[] toUncompressed() {
        byte[] out = new byte[128];
        if (!infinity) {
            x.c1.toBytesBE(out, 0);
            x.c0.toBytesBE(out, 32);
            y.c1.toBytesBE(out, 64);
            y.c0.toBytesBE(out, 96);
        }
        return out;
    }

    public static G2Affine fromUncompressed(byte[] b) {
        if (b.length != 128) {
            throw new PointFormatException("a G2 point takes 128 bytes, got " + b.length);
        }
        Fq2 x = readFq2(b, 0);
        Fq2 y = readFq2(b, 64);
        if (x.isZero() && y.isZero()) {
            return INFINITY;
        }
        return of(x, y);
    }

    private static Fq2 readFq2(byte[] b, int off) {
        Fq im = Fq.fromBytesBE(b, off);
        Fq re = Fq.fromBytesBE(b, off + 32);
        if (im == null || re == null) {
            throw new PointFormatException("G2 coordinate is not below the field modulus");
        }
        return new Fq2(re, im);
    }

    public byte[] toCompressed() {
        byte[] out = new byte[64];
        if (infinity) {
            out[0] = (byte) G1Affine.FLAG_INFINITY;
            return out;
        }
        x.c1.toBytesBE(out, 0);
        x.c0.toBytesBE(out, 32);
        out[0] |= (byte) (y.isLexicographicallyLargest() ? G1Affine.FLAG_LARGEST : G1Affine.FLAG_SMALLEST);
        return out;
    }

    public static G2Affine fromCompressed(byte[] b) {
        if (b.length != 64) {
            throw new PointFormatException("a compressed G2 point takes 64 bytes, got " + b.length);
        }
        int flag = b[0] & G1Affine.FLAG_MASK;
        byte[] xb = b.clone();
        xb[0] &= (byte) ~G1Affine.FLAG_MASK;
        if (flag == G1Affine.FLAG_INFINITY) {
            for (byte v : xb) {
                if (v != 0) {
                    throw new PointFormatException("compressed G2 infinity must have x = 0");
                }
            }
            return INFINITY;
        }
        if (flag != G1Affine.FLAG_SMALLEST && flag != G1Affine.FLAG_LARGEST) {
            throw new PointFormatException("compressed G2 point has no compression flag");
        }
        Fq2 x = readFq2(xb, 0);
        Fq2 y = x.square().mul(x).add(G2.B).sqrt();
        if (y == null) {
            throw new PointFormatException("x is not the abscissa of a G2 point");
        }
        if (y.isLexicographicallyLargest() != (flag == G1Affine.FLAG_LARGEST)) {
            y = y.neg();
        }
        return of(x, y);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof G2Affine)) {
            return false;
        }
        G2Affine p = (G2Affine) o;
        return infinity ? p.infinity : !p.infinity && x.equals(p.x) && y.equals(p.y);
    }

    @Override
    public int hashCode() {
        return infinity ? 0 : x.hashCode() * 31 + y.hashCode();
    }

    @Override
    public String toString() {
        return infinity ? "G2(infinity)" : "G2(" + x + ", " + y + ")";
    }
}
