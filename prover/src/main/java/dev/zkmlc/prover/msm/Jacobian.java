package dev.zkmlc.prover.msm;

import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.field.FqLimbs;

/**
 * G1 in Jacobian coordinates on {@link FqLimbs} arrays, without allocation: a point is three consecutive elements
 * (X, Y, Z) starting at an element index; Z = 0 is the point at infinity. The a = 0 formulas of {@link G1}
 * (dbl-2009-l, madd-2007-bl, add-2007-bl). Each method takes a scratch array of at least {@link #SCRATCH}
 * elements, so that threads do not share temporaries.
 */
final class Jacobian {
    static final int SCRATCH = 12;

    private Jacobian() {
    }

    static void setInfinity(long[] p, int ip) {
        java.util.Arrays.fill(p, 4 * ip, 4 * ip + 12, 0L);
    }

    static boolean isInfinity(long[] p, int ip) {
        return FqLimbs.isZero(p, ip + 2);
    }

    /** p = 2p. */
    static void dbl(long[] p, int ip, long[] t) {
        if (isInfinity(p, ip)) {
            return;
        }
        int x = ip, y = ip + 1, z = ip + 2;
        final int a = 0, b = 1, c = 2, d = 3, e = 4, f = 5;
        FqLimbs.square(p, x, t, a);
        FqLimbs.square(p, y, t, b);
        FqLimbs.square(t, b, t, c);
        FqLimbs.add(p, x, t, b, t, d);
        FqLimbs.square(t, d, t, d);
        FqLimbs.sub(t, d, t, a, t, d);
        FqLimbs.sub(t, d, t, c, t, d);
        FqLimbs.dbl(t, d, t, d);
        FqLimbs.dbl(t, a, t, e);
        FqLimbs.add(t, e, t, a, t, e);
        FqLimbs.square(t, e, t, f);
        // Z3 = 2·Y·Z before Y is overwritten.
        FqLimbs.mul(p, y, p, z, p, z);
        FqLimbs.dbl(p, z, p, z);
        FqLimbs.dbl(t, d, t, a);
        FqLimbs.sub(t, f, t, a, p, x);
        FqLimbs.sub(t, d, p, x, t, d);
        FqLimbs.mul(t, e, t, d, t, d);
        FqLimbs.dbl(t, c, t, c);
        FqLimbs.dbl(t, c, t, c);
        FqLimbs.dbl(t, c, t, c);
        FqLimbs.sub(t, d, t, c, p, y);
    }

    /** p += (q[iq], q[iq+1]), an affine point (not infinity). */
    static void addAffine(long[] p, int ip, long[] q, int iq, long[] t) {
        int x = ip, y = ip + 1, z = ip + 2;
        int qx = iq, qy = iq + 1;
        if (isInfinity(p, ip)) {
            FqLimbs.copy(q, qx, p, x);
            FqLimbs.copy(q, qy, p, y);
            FqLimbs.set(p, z, dev.zkmlc.prover.field.Fq.ONE);
            return;
        }
        final int z1z1 = 0, u2 = 1, s2 = 2, h = 3, r = 4, hh = 5, i = 6, j = 7, v = 8;
        FqLimbs.square(p, z, t, z1z1);
        FqLimbs.mul(q, qx, t, z1z1, t, u2);
        FqLimbs.mul(q, qy, p, z, t, s2);
        FqLimbs.mul(t, s2, t, z1z1, t, s2);
        FqLimbs.sub(t, u2, p, x, t, h);
        FqLimbs.sub(t, s2, p, y, t, r);
        FqLimbs.dbl(t, r, t, r);
        if (FqLimbs.isZero(t, h)) {
            if (FqLimbs.isZero(t, r)) {
                dbl(p, ip, t);
            } else {
                setInfinity(p, ip);
            }
            return;
        }
        FqLimbs.square(t, h, t, hh);
        FqLimbs.dbl(t, hh, t, i);
        FqLimbs.dbl(t, i, t, i);
        FqLimbs.mul(t, h, t, i, t, j);
        FqLimbs.mul(p, x, t, i, t, v);
        // Z3 = (Z1 + H)² - Z1Z1 - HH
        FqLimbs.add(p, z, t, h, p, z);
        FqLimbs.square(p, z, p, z);
        FqLimbs.sub(p, z, t, z1z1, p, z);
        FqLimbs.sub(p, z, t, hh, p, z);
        // Y1·J before X and Y change.
        FqLimbs.mul(p, y, t, j, t, u2);
        FqLimbs.dbl(t, u2, t, u2);
        FqLimbs.square(t, r, p, x);
        FqLimbs.sub(p, x, t, j, p, x);
        FqLimbs.dbl(t, v, t, s2);
        FqLimbs.sub(p, x, t, s2, p, x);
        FqLimbs.sub(t, v, p, x, t, v);
        FqLimbs.mul(t, r, t, v, p, y);
        FqLimbs.sub(p, y, t, u2, p, y);
    }

    /** p += q, both Jacobian (q unchanged; p and q must not overlap). */
    static void add(long[] p, int ip, long[] q, int iq, long[] t) {
        if (isInfinity(q, iq)) {
            return;
        }
        if (isInfinity(p, ip)) {
            System.arraycopy(q, 4 * iq, p, 4 * ip, 12);
            return;
        }
        int x1 = ip, y1 = ip + 1, z1 = ip + 2;
        int x2 = iq, y2 = iq + 1, z2 = iq + 2;
        final int z1z1 = 0, z2z2 = 1, u1 = 2, u2 = 3, s1 = 4, s2 = 5, h = 6, r = 7, i = 8, j = 9, v = 10;
        FqLimbs.square(p, z1, t, z1z1);
        FqLimbs.square(q, z2, t, z2z2);
        FqLimbs.mul(p, x1, t, z2z2, t, u1);
        FqLimbs.mul(q, x2, t, z1z1, t, u2);
        FqLimbs.mul(p, y1, q, z2, t, s1);
        FqLimbs.mul(t, s1, t, z2z2, t, s1);
        FqLimbs.mul(q, y2, p, z1, t, s2);
        FqLimbs.mul(t, s2, t, z1z1, t, s2);
        FqLimbs.sub(t, u2, t, u1, t, h);
        FqLimbs.sub(t, s2, t, s1, t, r);
        FqLimbs.dbl(t, r, t, r);
        if (FqLimbs.isZero(t, h)) {
            if (FqLimbs.isZero(t, r)) {
                dbl(p, ip, t);
            } else {
                setInfinity(p, ip);
            }
            return;
        }
        FqLimbs.dbl(t, h, t, i);
        FqLimbs.square(t, i, t, i);
        FqLimbs.mul(t, h, t, i, t, j);
        FqLimbs.mul(t, u1, t, i, t, v);
        // Z3 = ((Z1 + Z2)² - Z1Z1 - Z2Z2)·H
        FqLimbs.add(p, z1, q, z2, p, z1);
        FqLimbs.square(p, z1, p, z1);
        FqLimbs.sub(p, z1, t, z1z1, p, z1);
        FqLimbs.sub(p, z1, t, z2z2, p, z1);
        FqLimbs.mul(p, z1, t, h, p, z1);
        FqLimbs.square(t, r, p, x1);
        FqLimbs.sub(p, x1, t, j, p, x1);
        FqLimbs.dbl(t, v, t, u2);
        FqLimbs.sub(p, x1, t, u2, p, x1);
        FqLimbs.sub(t, v, p, x1, t, v);
        FqLimbs.mul(t, s1, t, j, t, s1);
        FqLimbs.dbl(t, s1, t, s1);
        FqLimbs.mul(t, r, t, v, p, y1);
        FqLimbs.sub(p, y1, t, s1, p, y1);
    }

    /** The point as a {@link G1} (one inversion; the result is checked to lie on the curve). */
    static G1 toG1(long[] p, int ip) {
        if (isInfinity(p, ip)) {
            return G1.INFINITY;
        }
        long[] t = FqLimbs.newArray(4);
        FqLimbs.inverse(p, ip + 2, t, 0);
        FqLimbs.square(t, 0, t, 1);
        FqLimbs.mul(p, ip, t, 1, t, 2);
        FqLimbs.mul(t, 1, t, 0, t, 1);
        FqLimbs.mul(p, ip + 1, t, 1, t, 3);
        return G1Affine.of(FqLimbs.get(t, 2), FqLimbs.get(t, 3)).toJacobian();
    }
}
