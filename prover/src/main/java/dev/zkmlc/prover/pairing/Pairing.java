package dev.zkmlc.prover.pairing;

import dev.zkmlc.prover.curve.Bn254;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.field.Fq;
import dev.zkmlc.prover.field.Fq12;
import dev.zkmlc.prover.field.Fq2;
import java.math.BigInteger;
import java.util.List;

/**
 * The optimal ate pairing on BN254: e(P, Q) = (f_{6x+2,Q}(P) · l_{T,π(Q)}(P) · l_{T',-π²(Q)}(P))^((p¹²-1)/r).
 *
 * <p>Q stays on the twist E'(F_p²); its untwisted image is (x·w², y·w³) since w⁶ = ξ. A line with twisted slope λ
 * through a twisted point T, evaluated at P = (xP, yP), is yP - λ·xP·w + (λ·xT - yT)·w³, i.e. the sparse value
 * yP + (-λ·xP + (λ·xT - yT)·v)·w. Vertical lines lie in F_p⁶ and vanish under the final exponentiation, so they are
 * skipped.
 */
public final class Pairing {
    private Pairing() {
    }

    private static final BigInteger LOOP = Bn254.X.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO);
    private static final Fq2 FROB_X = Fq2.XI.pow(Fq.MODULUS.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3)));
    private static final Fq2 FROB_Y = Fq2.XI.pow(Fq.MODULUS.subtract(BigInteger.ONE).shiftRight(1));
    /** The hard part (p⁴ - p² + 1)/r of the final exponent, written in base p as e0 + e1·p + e2·p² + e3·p³. */
    private static final BigInteger[] HARD_DIGITS = new BigInteger[4];

    static {
        BigInteger p = Fq.MODULUS;
        BigInteger hard = p.pow(4).subtract(p.pow(2)).add(BigInteger.ONE);
        if (hard.mod(Bn254.ORDER).signum() != 0) {
            throw new AssertionError("r does not divide p^4 - p^2 + 1");
        }
        hard = hard.divide(Bn254.ORDER);
        for (int i = 0; i < 4; i++) {
            HARD_DIGITS[i] = hard.mod(p);
            hard = hard.divide(p);
        }
    }

    /** e(P, Q). Either argument at infinity gives 1. */
    public static Fq12 pair(G1Affine p, G2Affine q) {
        return finalExponentiation(millerLoop(p, q));
    }

    /** True if e(P1, Q1)·...·e(Pn, Qn) = 1: the check of Ethereum's pairing precompile and of KZG verification. */
    public static boolean pairingProductIsOne(List<G1Affine> ps, List<G2Affine> qs) {
        if (ps.size() != qs.size()) {
            throw new IllegalArgumentException("need as many G1 as G2 points");
        }
        Fq12 f = Fq12.ONE;
        for (int i = 0; i < ps.size(); i++) {
            f = f.mul(millerLoop(ps.get(i), qs.get(i)));
        }
        return finalExponentiation(f).isOne();
    }

    public static Fq12 millerLoop(G1Affine p, G2Affine q) {
        if (p.infinity || q.infinity) {
            return Fq12.ONE;
        }
        Fq12 f = Fq12.ONE;
        Fq2 tx = q.x;
        Fq2 ty = q.y;
        for (int i = LOOP.bitLength() - 2; i >= 0; i--) {
            Fq2 x2 = tx.square();
            Fq2 lambda = x2.dbl().add(x2).mul(ty.dbl().inverse());
            f = f.square();
            f = line(f, lambda, tx, ty, p);
            Fq2 nx = lambda.square().sub(tx.dbl());
            ty = lambda.mul(tx.sub(nx)).sub(ty);
            tx = nx;
            if (LOOP.testBit(i)) {
                Fq2 mu = q.y.sub(ty).mul(q.x.sub(tx).inverse());
                f = line(f, mu, tx, ty, p);
                Fq2 ax = mu.square().sub(tx).sub(q.x);
                ty = mu.mul(tx.sub(ax)).sub(ty);
                tx = ax;
            }
        }
        Fq2 q1x = q.x.conjugate().mul(FROB_X);
        Fq2 q1y = q.y.conjugate().mul(FROB_Y);
        Fq2 q2x = q1x.conjugate().mul(FROB_X);
        Fq2 q2y = q1y.conjugate().mul(FROB_Y).neg();
        Fq2 lambda1 = q1y.sub(ty).mul(q1x.sub(tx).inverse());
        f = line(f, lambda1, tx, ty, p);
        Fq2 nx = lambda1.square().sub(tx).sub(q1x);
        ty = lambda1.mul(tx.sub(nx)).sub(ty);
        tx = nx;
        Fq2 lambda2 = q2y.sub(ty).mul(q2x.sub(tx).inverse());
        return line(f, lambda2, tx, ty, p);
    }

    /** f times the line of twisted slope lambda through (tx, ty), evaluated at P. */
    private static Fq12 line(Fq12 f, Fq2 lambda, Fq2 tx, Fq2 ty, G1Affine p) {
        return f.mulByLine(p.y, lambda.mul(p.x).neg(), lambda.mul(tx).sub(ty));
    }

    /**
     * f^((p¹²-1)/r). The easy part (p⁶-1)(p²+1) uses conjugation and Frobenius; the result lies in the cyclotomic
     * subgroup, where the hard part is computed as a joint exponentiation of f, f^p, f^(p²), f^(p³) by the base-p
     * digits of (p⁴-p²+1)/r: one squaring per bit of p instead of one per bit of the whole exponent.
     */
    public static Fq12 finalExponentiation(Fq12 f) {
        Fq12 t = f.conjugate().mul(f.inverse());
        t = t.frobenius(2).mul(t);
        Fq12[] bases = {t, t.frobenius(1), t.frobenius(2), t.frobenius(3)};
        Fq12[] table = new Fq12[16];
        table[0] = Fq12.ONE;
        for (int mask = 1; mask < 16; mask++) {
            int low = Integer.numberOfTrailingZeros(mask);
            table[mask] = table[mask & (mask - 1)].mul(bases[low]);
        }
        int bits = 0;
        for (BigInteger d : HARD_DIGITS) {
            bits = Math.max(bits, d.bitLength());
        }
        Fq12 r = Fq12.ONE;
        for (int i = bits - 1; i >= 0; i--) {
            r = r.square();
            int mask = 0;
            for (int k = 0; k < 4; k++) {
                if (HARD_DIGITS[k].testBit(i)) {
                    mask |= 1 << k;
                }
            }
            if (mask != 0) {
                r = r.mul(table[mask]);
            }
        }
        return r;
    }
}
