package dev.zkmlc.prover.field;

import java.util.Random;

/** An element c0 + c1·v + c2·v² of F_p⁶ = F_p²[v]/(v³ - ξ), ξ = 9 + u. Immutable. */
public final class Fq6 {
    public static final Fq6 ZERO = new Fq6(Fq2.ZERO, Fq2.ZERO, Fq2.ZERO);
    public static final Fq6 ONE = new Fq6(Fq2.ONE, Fq2.ZERO, Fq2.ZERO);

    public final Fq2 c0;
    public final Fq2 c1;
    public final Fq2 c2;

    public Fq6(Fq2 c0, Fq2 c1, Fq2 c2) {
        this.c0 = c0;
        this.c1 = c1;
        this.c2 = c2;
    }

    public static Fq6 random(Random rnd) {
        return new Fq6(Fq2.random(rnd), Fq2.random(rnd), Fq2.random(rnd));
    }

    public boolean isZero() {
        return c0.isZero() && c1.isZero() && c2.isZero();
    }

    public Fq6 add(Fq6 b) {
        return new Fq6(c0.add(b.c0), c1.add(b.c1), c2.add(b.c2));
    }

    public Fq6 sub(Fq6 b) {
        return new Fq6(c0.sub(b.c0), c1.sub(b.c1), c2.sub(b.c2));
    }

    public Fq6 neg() {
        return new Fq6(c0.neg(), c1.neg(), c2.neg());
    }

    /** Karatsuba-style product with six F_p² multiplications. */
    public Fq6 mul(Fq6 b) {
        Fq2 v0 = c0.mul(b.c0);
        Fq2 v1 = c1.mul(b.c1);
        Fq2 v2 = c2.mul(b.c2);
        Fq2 r0 = c1.add(c2).mul(b.c1.add(b.c2)).sub(v1).sub(v2).mulByXi().add(v0);
        Fq2 r1 = c0.add(c1).mul(b.c0.add(b.c1)).sub(v0).sub(v1).add(v2.mulByXi());
        Fq2 r2 = c0.add(c2).mul(b.c0.add(b.c2)).sub(v0).sub(v2).add(v1);
        return new Fq6(r0, r1, r2);
    }

    public Fq6 mul(Fq2 b) {
        return new Fq6(c0.mul(b), c1.mul(b), c2.mul(b));
    }

    public Fq6 mul(Fq b) {
        return new Fq6(c0.mul(b), c1.mul(b), c2.mul(b));
    }

    /** Product with the sparse element b0 + b1·v (no v² term), as pairing line functions have. */
    public Fq6 mulBy01(Fq2 b0, Fq2 b1) {
        Fq2 r0 = c0.mul(b0).add(c2.mul(b1).mulByXi());
        Fq2 r1 = c0.mul(b1).add(c1.mul(b0));
        Fq2 r2 = c1.mul(b1).add(c2.mul(b0));
        return new Fq6(r0, r1, r2);
    }

    public Fq6 square() {
        return mul(this);
    }

    /** Multiplication by v: (c0, c1, c2)·v = (ξ·c2, c0, c1). */
    public Fq6 mulByV() {
        return new Fq6(c2.mulByXi(), c0, c1);
    }

    public Fq6 inverse() {
        Fq2 t0 = c0.square().sub(c1.mul(c2).mulByXi());
        Fq2 t1 = c2.square().mulByXi().sub(c0.mul(c1));
        Fq2 t2 = c1.square().sub(c0.mul(c2));
        Fq2 det = c0.mul(t0).add(c2.mul(t1).mulByXi()).add(c1.mul(t2).mulByXi());
        Fq2 inv = det.inverse();
        return new Fq6(t0.mul(inv), t1.mul(inv), t2.mul(inv));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fq6 && ((Fq6) o).c0.equals(c0) && ((Fq6) o).c1.equals(c1) && ((Fq6) o).c2.equals(c2);
    }

    @Override
    public int hashCode() {
        return (c0.hashCode() * 31 + c1.hashCode()) * 31 + c2.hashCode();
    }

    @Override
    public String toString() {
        return "[" + c0 + ", " + c1 + ", " + c2 + "]";
    }
}
