package dev.zkmlc.prover.field;

import java.math.BigInteger;
import java.util.Random;

/**
 * An element c0 + c1·w of F_p¹² = F_p⁶[w]/(w² - v). Immutable. Pairing values live here.
 *
 * <p>Viewed over F_p², the element is g0 + g1·w + ... + g5·w⁵ with (g0, g2, g4) = c0 and (g1, g3, g5) = c1, since
 * w² = v. That view gives the Frobenius map: (w^i)^p = w^i · ξ^(i(p-1)/6), because w⁶ = ξ.
 */
public final class Fq12 {
    public static final Fq12 ONE = new Fq12(Fq6.ONE, Fq6.ZERO);
    public static final Fq12 ZERO = new Fq12(Fq6.ZERO, Fq6.ZERO);

    /** FROBENIUS[k][i] = ξ^(i(p^k - 1)/6) for k = 1, 2, 3 (index k - 1) and i = 0..5. */
    private static final Fq2[][] FROBENIUS = new Fq2[3][6];

    static {
        BigInteger p = Fq.MODULUS;
        for (int k = 1; k <= 3; k++) {
            BigInteger pk1 = p.pow(k).subtract(BigInteger.ONE);
            for (int i = 0; i < 6; i++) {
                FROBENIUS[k - 1][i] = Fq2.XI.pow(pk1.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(6)));
            }
        }
    }

    public final Fq6 c0;
    public final Fq6 c1;

    public Fq12(Fq6 c0, Fq6 c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    public static Fq12 random(Random rnd) {
        return new Fq12(Fq6.random(rnd), Fq6.random(rnd));
    }

    public boolean isOne() {
        return equals(ONE);
    }

    public Fq12 add(Fq12 b) {
        return new Fq12(c0.add(b.c0), c1.add(b.c1));
    }

    public Fq12 sub(Fq12 b) {
        return new Fq12(c0.sub(b.c0), c1.sub(b.c1));
    }

    public Fq12 mul(Fq12 b) {
        Fq6 v0 = c0.mul(b.c0);
        Fq6 v1 = c1.mul(b.c1);
        Fq6 cross = c0.add(c1).mul(b.c0.add(b.c1)).sub(v0).sub(v1);
        return new Fq12(v0.add(v1.mulByV()), cross);
    }

    /**
     * Product with a line value a + (b0 + b1·v)·w, a in F_p: the shape of every line function of the Miller loop
     * after untwisting, which makes this far cheaper than a full product.
     */
    public Fq12 mulByLine(Fq a, Fq2 b0, Fq2 b1) {
        Fq6 aa = c0.mul(a);
        Fq6 bb = c1.mulBy01(b0, b1);
        Fq6 ab = c0.mulBy01(b0, b1);
        Fq6 ba = c1.mul(a);
        return new Fq12(aa.add(bb.mulByV()), ab.add(ba));
    }

    /** (a + bw)² = (a + b)(a + vb) - ab - v·ab + 2ab·w: two F_p⁶ products. */
    public Fq12 square() {
        Fq6 ab = c0.mul(c1);
        Fq6 r0 = c0.add(c1).mul(c0.add(c1.mulByV())).sub(ab).sub(ab.mulByV());
        return new Fq12(r0, ab.add(ab));
    }

    /** a - bw, which equals x^(p⁶): the inverse of x once x is in the cyclotomic subgroup. */
    public Fq12 conjugate() {
        return new Fq12(c0, c1.neg());
    }

    public Fq12 inverse() {
        Fq6 t = c0.square().sub(c1.square().mulByV()).inverse();
        return new Fq12(c0.mul(t), c1.neg().mul(t));
    }

    /** x^(p^k) for k = 1, 2, 3, by conjugating each F_p² coefficient k times and scaling by a constant. */
    public Fq12 frobenius(int k) {
        Fq2[] g = {c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2};
        Fq2[] r = new Fq2[6];
        for (int i = 0; i < 6; i++) {
            Fq2 gi = (k % 2 == 1) ? g[i].conjugate() : g[i];
            r[i] = gi.mul(FROBENIUS[k - 1][i]);
        }
        return new Fq12(new Fq6(r[0], r[2], r[4]), new Fq6(r[1], r[3], r[5]));
    }

    public Fq12 pow(BigInteger e) {
        Fq12 r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fq12 && ((Fq12) o).c0.equals(c0) && ((Fq12) o).c1.equals(c1);
    }

    @Override
    public int hashCode() {
        return c0.hashCode() * 31 + c1.hashCode();
    }

    @Override
    public String toString() {
        return "{" + c0 + ", " + c1 + "}";
    }
}
