package dev.zkmlc.prover.curve;

import dev.zkmlc.prover.field.Fq;
import java.math.BigInteger;

/**
 * A point of G1 in Jacobian coordinates (X : Y : Z) standing for (X/Z², Y/Z³); Z = 0 is the point at infinity.
 * Immutable. Formulas are the a = 0 ones from the Explicit-Formulas Database (dbl-2009-l, add-2007-bl,
 * madd-2007-bl).
 */
public final class G1 {
    static final Fq B = Fq.of(3);
    public static final G1 INFINITY = new G1(Fq.ONE, Fq.ONE, Fq.ZERO);
    public static final G1 GENERATOR = G1Affine.GENERATOR.toJacobian();

    public final Fq x;
    public final Fq y;
    public final Fq z;

    G1(Fq x, Fq y, Fq z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    public boolean isInfinity() {
        return z.isZero();
    }

    public G1 neg() {
        return new G1(x, y.neg(), z);
    }

    public G1 dbl() {
        if (isInfinity()) {
            return this;
        }
        Fq a = x.square();
        Fq b = y.square();
        Fq c = b.square();
        Fq d = x.add(b).square().sub(a).sub(c).dbl();
        Fq e = a.dbl().add(a);
        Fq f = e.square();
        Fq x3 = f.sub(d.dbl());
        Fq y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
        Fq z3 = y.mul(z).dbl();
        return new G1(x3, y3, z3);
    }

    public G1 add(G1 q) {
        if (isInfinity()) {
            return q;
        }
        if (q.isInfinity()) {
            return this;
        }
        Fq z1z1 = z.square();
        Fq z2z2 = q.z.square();
        Fq u1 = x.mul(z2z2);
        Fq u2 = q.x.mul(z1z1);
        Fq s1 = y.mul(q.z).mul(z2z2);
        Fq s2 = q.y.mul(z).mul(z1z1);
        Fq h = u2.sub(u1);
        Fq r = s2.sub(s1).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fq i = h.dbl().square();
        Fq j = h.mul(i);
        Fq v = u1.mul(i);
        Fq x3 = r.square().sub(j).sub(v.dbl());
        Fq y3 = r.mul(v.sub(x3)).sub(s1.mul(j).dbl());
        Fq z3 = z.add(q.z).square().sub(z1z1).sub(z2z2).mul(h);
        return new G1(x3, y3, z3);
    }

    /** Adds an affine point (Z = 1), which saves several multiplications. */
    public G1 add(G1Affine q) {
        return q.infinity ? this : addAffine(q.x, q.y);
    }

    /** Adds the affine point (qx, qy), which must be on the curve. */
    public G1 addAffine(Fq qx, Fq qy) {
        if (isInfinity()) {
            return new G1(qx, qy, Fq.ONE);
        }
        Fq z1z1 = z.square();
        Fq u2 = qx.mul(z1z1);
        Fq s2 = qy.mul(z).mul(z1z1);
        Fq h = u2.sub(x);
        Fq r = s2.sub(y).dbl();
        if (h.isZero()) {
            return r.isZero() ? dbl() : INFINITY;
        }
        Fq hh = h.square();
        Fq i = hh.dbl().dbl();
        Fq j = h.mul(i);
        Fq v = x.mul(i);
        Fq x3 = r.square().sub(j).sub(v.dbl());
        Fq y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
        Fq z3 = z.add(h).square().sub(z1z1).sub(hh);
        return new G1(x3, y3, z3);
    }

    public G1 sub(G1 q) {
        return add(q.neg());
    }

    /** k·P for any integer k (reduced mod r, negative allowed), by double-and-add. */
    public G1 mul(BigInteger k) {
        BigInteger e = k.mod(Bn254.ORDER);
        G1 acc = INFINITY;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            acc = acc.dbl();
            if (e.testBit(i)) {
                acc = acc.add(this);
            }
        }
        return acc;
    }

    public G1Affine toAffine() {
        if (isInfinity()) {
            return G1Affine.INFINITY;
        }
        Fq zi = z.inverse();
        Fq zi2 = zi.square();
        return G1Affine.trusted(x.mul(zi2), y.mul(zi2).mul(zi));
    }

    /** Converts many points with one field inversion. */
    public static G1Affine[] batchToAffine(G1[] ps) {
        Fq[] zs = new Fq[ps.length];
        for (int i = 0; i < ps.length; i++) {
            zs[i] = ps[i].z;
        }
        Fq.batchInverse(zs);
        G1Affine[] out = new G1Affine[ps.length];
        for (int i = 0; i < ps.length; i++) {
            if (ps[i].isInfinity()) {
                out[i] = G1Affine.INFINITY;
            } else {
                Fq zi2 = zs[i].square();
                out[i] = G1Affine.trusted(ps[i].x.mul(zi2), ps[i].y.mul(zi2).mul(zs[i]));
            }
        }
        return out;
    }

    public boolean isOnCurve() {
        if (isInfinity()) {
            return true;
        }
        Fq z2 = z.square();
        Fq z6 = z2.square().mul(z2);
        return y.square().equals(x.square().mul(x).add(B.mul(z6)));
    }

    /** Equality of the points represented, whatever their Z. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof G1)) {
            return false;
        }
        G1 q = (G1) o;
        if (isInfinity() || q.isInfinity()) {
            return isInfinity() && q.isInfinity();
        }
        Fq z1z1 = z.square();
        Fq z2z2 = q.z.square();
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
