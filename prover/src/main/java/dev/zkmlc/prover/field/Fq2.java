package dev.zkmlc.prover.field;

import java.math.BigInteger;
import java.util.Random;

/** An element c0 + c1·u of F_p² = F_p[u]/(u² + 1). Immutable. */
public final class Fq2 {
    public static final Fq2 ZERO = new Fq2(Fq.ZERO, Fq.ZERO);
    public static final Fq2 ONE = new Fq2(Fq.ONE, Fq.ZERO);
    /** ξ = 9 + u, the non-residue that defines F_p⁶ and the sextic twist. */
    public static final Fq2 XI = new Fq2(Fq.of(9), Fq.ONE);
    private static final Fq INV_TWO = Fq.of(2).inverse();

    public final Fq c0;
    public final Fq c1;

    public Fq2(Fq c0, Fq c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    public static Fq2 of(BigInteger c0, BigInteger c1) {
        return new Fq2(Fq.of(c0), Fq.of(c1));
    }

    public static Fq2 random(Random rnd) {
        return new Fq2(Fq.random(rnd), Fq.random(rnd));
    }

    public boolean isZero() {
        return c0.isZero() && c1.isZero();
    }

    public Fq2 add(Fq2 b) {
        return new Fq2(c0.add(b.c0), c1.add(b.c1));
    }

    public Fq2 sub(Fq2 b) {
        return new Fq2(c0.sub(b.c0), c1.sub(b.c1));
    }

    public Fq2 neg() {
        return new Fq2(c0.neg(), c1.neg());
    }

    public Fq2 dbl() {
        return new Fq2(c0.dbl(), c1.dbl());
    }

    /** Karatsuba: three base-field products instead of four. */
    public Fq2 mul(Fq2 b) {
        Fq v0 = c0.mul(b.c0);
        Fq v1 = c1.mul(b.c1);
        Fq cross = c0.add(c1).mul(b.c0.add(b.c1)).sub(v0).sub(v1);
        return new Fq2(v0.sub(v1), cross);
    }

    public Fq2 mul(Fq b) {
        return new Fq2(c0.mul(b), c1.mul(b));
    }

    /** (a + bu)² = (a + b)(a - b) + 2ab·u. */
    public Fq2 square() {
        Fq ab = c0.mul(c1);
        return new Fq2(c0.add(c1).mul(c0.sub(c1)), ab.dbl());
    }

    /** Multiplication by ξ = 9 + u: (a + bu)(9 + u) = (9a - b) + (a + 9b)u, with additions only. */
    public Fq2 mulByXi() {
        Fq a8 = c0.dbl().dbl().dbl();
        Fq b8 = c1.dbl().dbl().dbl();
        return new Fq2(a8.add(c0).sub(c1), b8.add(c1).add(c0));
    }

    /** The conjugate a - bu, which is also the p-power Frobenius map. */
    public Fq2 conjugate() {
        return new Fq2(c0, c1.neg());
    }

    /** a² + b², the norm down to F_p. */
    public Fq norm() {
        return c0.square().add(c1.square());
    }

    public Fq2 inverse() {
        Fq t = norm().inverse();
        return new Fq2(c0.mul(t), c1.neg().mul(t));
    }

    /** Inverts every non-zero element in place with one inversion (Montgomery's trick); zeros stay zero. */
    public static void batchInverse(Fq2[] xs) {
        Fq2[] prefix = new Fq2[xs.length];
        Fq2 acc = ONE;
        for (int i = 0; i < xs.length; i++) {
            prefix[i] = acc;
            if (!xs[i].isZero()) {
                acc = acc.mul(xs[i]);
            }
        }
        Fq2 inv = acc.inverse();
        for (int i = xs.length - 1; i >= 0; i--) {
            if (!xs[i].isZero()) {
                Fq2 x = xs[i];
                xs[i] = inv.mul(prefix[i]);
                inv = inv.mul(x);
            }
        }
    }

    public Fq2 pow(BigInteger e) {
        Fq2 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    /**
     * A square root, or null if there is none. For x = x0 + x1·u with x² = a + bu: n = x0² + x1² is a square root of
     * the norm a² + b², x0² = (a ± n)/2 for one of the signs, and x1 = b / (2·x0).
     */
    public Fq2 sqrt() {
        if (c1.isZero()) {
            // b = 0: either a is a square in F_p, or (since -1 is not) -a is, and the root is imaginary.
            Fq s = c0.sqrt();
            if (s != null) {
                return new Fq2(s, Fq.ZERO);
            }
            Fq y = c0.neg().sqrt();
            return y == null ? null : new Fq2(Fq.ZERO, y);
        }
        Fq n = norm().sqrt();
        if (n == null) {
            return null;
        }
        Fq x0 = c0.add(n).mul(INV_TWO).sqrt();
        if (x0 == null) {
            x0 = c0.sub(n).mul(INV_TWO).sqrt();
            if (x0 == null) {
                return null;
            }
        }
        // b != 0 forces x0 != 0, since b = 2·x0·x1.
        Fq2 r = new Fq2(x0, c1.mul(x0.dbl().inverse()));
        return r.square().equals(this) ? r : null;
    }

    /** The sign used by compressed encodings: the imaginary part decides, the real part if that is zero. */
    public boolean isLexicographicallyLargest() {
        return c1.isZero() ? c0.isLexicographicallyLargest() : c1.isLexicographicallyLargest();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fq2 && ((Fq2) o).c0.equals(c0) && ((Fq2) o).c1.equals(c1);
    }

    @Override
    public int hashCode() {
        return c0.hashCode() * 31 + c1.hashCode();
    }

    @Override
    public String toString() {
        return "(" + c0 + " + " + c1 + "*u)";
    }
}
