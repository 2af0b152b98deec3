package dev.zkmlc.prover.curve;

import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.Fq2;
import java.math.BigInteger;

/**
 * A point of the twist E'(F_p²): y² = x³ + 3/ξ, ξ = 9 + u, in Jacobian coordinates (X : Y : Z) standing for (X/Z², Y/Z³); Z = 0 is the point at infinity.
 * Immutable. Formulas are the a = 0 ones from the Explicit-Formulas Database (dbl-2009-l, add-2007-bl,
 * madd-2007-bl).
 */
public final class G2 {
    static final Fq2 B = new Fq2(Fq.of(3), Fq.ZERO).mul(Fq2.XI.inverse());
    public static final G2 INFINITY = new G2(Fq2.ONE, Fq2.ONE, Fq2.ZERO);
    public static final G2 GENERATOR = G2Affine.GENERATOR.toJacobian();

    public final Fq2 x;
    public final Fq2 y;
    public final Fq2 z;

    G2(Fq2 x, Fq2 y, Fq2 z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    public boolean isInfinity() {
        return z.isZero();
    }

    public G2 neg() {
        return new G2(x, y.neg(), z);
    }

    public G2 dbl() {
        if (isInfinity()) {
            return this;
        }
        Fq2 a = x.square();
        Fq2 b = y.square();
        Fq2 c = b.square();
        Fq2 d = x.add(b).square().sub(a).sub(c).dbl();
        Fq2 e = a.dbl().add(a);
        Fq2 f = e.square();
        Fq2 x3 = f.sub(d.dbl());
        Fq2 y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
        Fq2 z3 = y.mul(z).dbl();
        return new G2(x3, y3, z3);
    }

    public G2 add(G2 q) {
        if (isInfinity()) {
            return q;
        }
        if (q.isInfinity()) {
            return this;
        }
        Fq2 z1z1 = z.square();
        Fq2 z2z2 = q.z.square();
        Fq2 u1 = x.mul(z2z2);
        Fq2 u2 = q.x.mul(z1z1);
        Fq2 s1 = y.mul(q.z).mul(z2z2);
        Fq2 s2 = q.y.mul(z).mul(z1z1);
        Fq2 h = u2.sub(u1);
        Fq2 r = s2.sub(s1).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fq2 i = h.dbl().square();
        Fq2 j = h.mul(i);
        Fq2 v = u1.mul(i);
        Fq2 x3 = r.square().sub(j).sub(v.dbl());
        Fq2 y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
        Fq2 z3 = z.add(q.z).square().sub(z1z1).sub(z2z2).mul(h);
        return new G2(x3, y3, z3);
    }

    /** Adds an affine point (Z = 1), which saves several multiplications. */
    public G2 add(G2Affine q) {
        if (q.infinity) {
            return this;
        }
        if (isInfinity()) {
            return q.toJacobian();
        }
        Fq2 z1z1 = z.square();
        Fq2 u2 = q.x.mul(z1z1);
        Fq2 s2 = q.y.mul(z).mul(z1z1);
        Fq2 h = u2.sub(x);
        Fq2 r = s2.sub(y).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fq2 hh = h.square();
        Fq2 i = hh.dbl().dbl();
        Fq2 j = h.mul(i);
        Fq2 v = x.mul(i);
        Fq2 x3 = r.square().sub(j).sub(v.dbl());
        Fq2 y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
        Fq2 z3 = z.add(h).square().sub(z1z1).sub(hh);
        return new G2(x3, y3, z3);
    }

    public G2 sub(G2 q) {
        return add(q.neg());
    }

    /** k·P for any integer k (reduced mod r, negative allowed), by double-and-add. Only for points of G2. */
    public G2 mul(BigInteger k) {
        return mulUnreduced(k.mod(Bn254.ORDER));
    }

    /**
     * e·(x, y) for a point (x, y) of the twist that need not lie in G2 (e >= 0, not reduced mod r): with e the
     * cofactor, this maps any twist point into G2, as hash-to-G2 constructions do. Throws if (x, y) is not on the twist.
     */
    public static G2 twistPointTimes(Fq2 x, Fq2 y, BigInteger e) {
        if (!y.square().equals(x.square().mul(x).add(B))) {
            throw new IllegalArgumentException("point is not on the BN254 G2 twist");
        }
        return new G2(x, y, Fq2.ONE).mulUnreduced(e);
    }

    /** e·P for e >= 0 without reducing e mod r: meaningful for any point of the twist. */
    G2 mulUnreduced(BigInteger e) {
        G2 acc = INFINITY;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            acc = acc.dbl();
            if (e.testBit(i)) {
                acc = acc.add(this);
            }
        }
        return acc;
    }

    public G2Affine toAffine() {
        if (isInfinity()) {
            return G2Affine.INFINITY;
        }
        Fq2 zi = z.inverse();
        Fq2 zi2 = zi.square();
        return G2Affine.trusted(x.mul(zi2), y.mul(zi2).mul(zi));
    }

    /** Converts many points with one field inversion. */
    public static G2Affine[] batchToAffine(G2[] ps) {
        Fq2[] zs = new Fq2[ps.length];
        for (int i = 0; i < ps.length; i++) {
            zs[i] = ps[i].z;
        }
        Fq2.batchInverse(zs);
        G2Affine[] out = new G2Affine[ps.length];
        for (int i = 0; i < ps.length; i++) {
            if (ps[i].isInfinity()) {
                out[i] = G2Affine.INFINITY;
            } else {
                Fq2 zi2 = zs[i].square();
                out[i] = G2Affine.trusted(ps[i].x.mul(zi2), ps[i].y.mul(zi2).mul(zs[i]));
            }
        }
        return out;
    }

    /**
     * True if the point is in the order-r subgroup G2. The twist has a large cofactor, so points read from outside
     * must pass this check before use.
     */
    public boolean isInSubgroup() {
        return isOnCurve() && mulUnreduced(Bn254.ORDER).isInfinity();
    }

    public boolean isOnCurve() {
        if (isInfinity()) {
            return true;
        }
        Fq2 z2 = z.square();
        Fq2 z6 = z2.square().mul(z2);
        return y.square().equals(x.square().mul(x).add(B.mul(z6)));
    }

    /** Equality of the points represented, whatever their Z. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof G2)) {
            return false;
        }
        G2 q = (G2) o;
        if (isInfinity() || q.isInfinity()) {
            return isInfinity() && q.isInfinity();
        }
        Fq2 z1z1 = z.square();
        Fq2 z2z2 = q.z.square();
        return x.mul(z2z2).equals(q.x.mul(z1z1)) && y.mul(z2z2).mul(q.z).equals(q.y.mul(z1z1).mul(z));
    }

    @Override
    public int hashCode() {
        return toAffine().hashCode();
    }

    @Override
    public String toString() {
        return toAffine().toString();
    }
}
