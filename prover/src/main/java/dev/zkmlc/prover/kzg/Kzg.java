package dev.zkmlc.prover.kzg;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.msm.BaseTable;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.pairing.Pairing;
import dev.zkmlc.prover.srs.Srs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * KZG polynomial commitments over BN254. Polynomials are coefficient vectors in the limb layout of
 * {@link FrLimbs}. A commitment is [p(τ)]₁; an opening at z is p(z) with the witness [(p(X) - p(z))/(X - z)]₁,
 * checked by e(C - [v]₁ + z·W, [1]₂) = e(W, [τ]₂).
 *
 * <p>Opening several polynomials at several points: the polynomials opened at one point are folded with powers of
 * a challenge v, and the points are combined with two witnesses whatever their number (SHPLONK,
 * Boneh–Drake–Fisch–Gabizon 2020, §4; GWC19 needed one witness per point): {@link MultiOpener} and
 * {@link #multiVerify}, checked with two pairings.
 */
public final class Kzg {
    private Kzg() {
    }

    private static final int FOLD_CHUNK = 1 << 11;

    /** One point z and the indices of the polynomials opened there. */
    public record Query(Fr point, int[] polys) {
    }

    public record Opening(Fr value, G1Affine witness) {
    }

    public static G1Affine commit(Srs srs, long[] coeffs) {
        int n = coeffs.length / 4;
        if (n == 0) {
            return G1Affine.INFINITY;
        }
        if (srs.powersTable().isPresent() && n <= srs.powersTable().get().size()) {
            return Msm.msm(srs.powersTable().get(), coeffs).toAffine();
        }
        return Msm.msm(srs.g1Powers(n), coeffs).toAffine();
    }

    /**
     * The commitment to the polynomial with the given values on the domain of size 2^log (evaluation form):
     * Σ vᵢ·[Lᵢ(τ)]₁, equal to {@link #commit} of its coefficients, and much cheaper when the values are small.
     */
    public static G1Affine commitLagrange(Srs srs, long[] values, int log) {
        if (values.length != 4 << log) {
            throw new IllegalArgumentException(values.length / 4 + " values for a domain of 2^" + log);
        }
        if (srs.lagrangeTable(log).isPresent()) {
            return Msm.msm(srs.lagrangeTable(log).get(), values).toAffine();
        }
        return Msm.msm(srs.lagrangeBasis(log), values).toAffine();
    }

    /**
     * {@link #commitLagrange} of each column, the same points; with the SRS's table of the basis the MSMs run side
     * by side ({@link Msm#msmAll}).
     */
    public static G1Affine[] commitLagrangeAll(Srs srs, List<long[]> values, int log) {
        G1Affine[] out = new G1Affine[values.size()];
        for (long[] v : values) {
            if (v.length != 4 << log) {
                throw new IllegalArgumentException(v.length / 4 + " values for a domain of 2^" + log);
            }
        }
        if (srs.lagrangeTable(log).isPresent()) {
            G1[] sums = Msm.msmAll(srs.lagrangeTable(log).get(), values);
            for (int i = 0; i < out.length; i++) {
                out[i] = sums[i].toAffine();
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = commitLagrange(srs, values.get(i), log);
        }
        return out;
    }

    /** {@link #commit} of each polynomial, the same points; with the SRS's table of its powers side by side. */
    public static G1Affine[] commitAll(Srs srs, List<long[]> coeffs) {
        G1Affine[] out = new G1Affine[coeffs.size()];
        Optional<BaseTable> table = srs.powersTable();
        if (table.isPresent() && coeffs.stream().allMatch(c -> c.length > 0 && c.length / 4 <= table.get().size())) {
            G1[] sums = Msm.msmAll(table.get(), coeffs);
            for (int i = 0; i < out.length; i++) {
                out[i] = sums[i].toAffine();
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = commit(srs, coeffs.get(i));
        }
        return out;
    }

    public static Fr evaluate(long[] coeffs, Fr z) {
        long[] zl = FrLimbs.newArray(1);
        FrLimbs.set(zl, 0, z);
        long[] acc = FrLimbs.newArray(1);
        for (int i = coeffs.length / 4 - 1; i >= 0; i--) {
            FrLimbs.mul(acc, 0, zl, 0, acc, 0);
            FrLimbs.add(acc, 0, coeffs, i, acc, 0);
        }
        return FrLimbs.get(acc, 0);
    }

    /** (p(X) - p(z)) / (X - z) by synthetic division; the remainder p(z) is dropped. */
    static long[] divideByLinear(long[] coeffs, Fr z) {
        int n = coeffs.length / 4;
        if (n <= 1) {
            return FrLimbs.newArray(0);
        }
        long[] zl = FrLimbs.newArray(1);
        FrLimbs.set(zl, 0, z);
        long[] q = FrLimbs.newArray(n - 1);
        FrLimbs.copy(coeffs, n - 1, q, n - 2);
        for (int i = n - 2; i >= 1; i--) {
            FrLimbs.mul(q, i, zl, 0, q, i - 1);
            FrLimbs.add(q, i - 1, coeffs, i, q, i - 1);
        }
        return q;
    }

    public static Opening open(Srs srs, long[] coeffs, Fr z) {
        return new Opening(evaluate(coeffs, z), commit(srs, divideByLinear(coeffs, z)));
    }

    public static boolean verify(Srs srs, G1Affine commitment, Fr z, Fr value, G1Affine witness) {
        G1 lhs = commitment.toJacobian().sub(G1.GENERATOR.mul(value.toBigInteger()))
                .add(witness.toJacobian().mul(z.toBigInteger()));
        return Pairing.pairingProductIsOne(List.of(lhs.toAffine(), witness.neg()), List.of(srs.g2, srs.tauG2));
    }

    /**
     * The prover's side of a multi-point opening. With F_j = Σ_i v^i·p_i over the polynomials opened at z_j, and
     * μ a challenge drawn after the values are sent: W = [f] for f = Σ_j μ^j·(F_j - F_j(z_j))/(X - z_j); then, for
     * a challenge ζ drawn after W, W' = [L/(X - ζ)] for L = Σ_j μ^j·Z_j(ζ)·(F_j - F_j(z_j)) - Z(ζ)·f, where
     * Z = Π_j (X - z_j) and Z_j = Z/(X - z_j). L(ζ) = 0, so the division is exact; a prover whose values are
     * wrong cannot make f a polynomial, nor (but with negligible chance over ζ) L vanish at ζ.
     */
    public static final class MultiOpener {
        private final Srs srs;
        private final List<long[]> folded = new ArrayList<>();
        private final Fr[] points;
        private final Fr mu;
        private final long[] f;

        public MultiOpener(Srs srs, List<long[]> polys, List<Query> queries, Fr v, Fr mu) {
            this.srs = srs;
            this.mu = mu;
            this.points = new Fr[queries.size()];
            for (int j = 0; j < queries.size(); j++) {
                points[j] = queries.get(j).point();
                folded.add(fold(polys, queries.get(j).polys(), v));
            }
            long[][] quotients = new long[points.length][];
            IntStream.range(0, points.length).parallel()
                    .forEach(j -> quotients[j] = divideByLinear(folded.get(j), points[j]));
            int len = 0;
            for (long[] q : quotients) {
                len = Math.max(len, q.length);
            }
            long[] acc = new long[len];
            Fr m = Fr.ONE;
            for (long[] q : quotients) {
                addScaled(acc, q, m);
                m = m.mul(mu);
            }
            this.f = acc;
        }

        /** W = [f]: sent before ζ is drawn. */
        public G1Affine first() {
            return commit(srs, f);
        }

        /** W' = [L/(X - ζ)]. */
        public G1Affine second(Fr zeta) {
            int len = f.length;
            for (long[] p : folded) {
                len = Math.max(len, p.length);
            }
            long[] l = new long[len];
            Fr m = Fr.ONE;
            for (int j = 0; j < points.length; j++) {
                addScaled(l, folded.get(j), m.mul(vanishingExcept(points, j, zeta)));
                m = m.mul(mu);
            }
            addScaled(l, f, vanishingExcept(points, -1, zeta).neg());
            // The values F_j(z_j) only change L's constant coefficient, which the quotient by (X - ζ) ignores.
            return commit(srs, divideByLinear(l, zeta));
        }
    }

    /** Π_{k≠skip} (ζ - z_k): Z_skip(ζ), or Z(ζ) for skip = -1. */
    private static Fr vanishingExcept(Fr[] points, int skip, Fr zeta) {
        Fr acc = Fr.ONE;
        for (int k = 0; k < points.length; k++) {
            if (k != skip) {
                acc = acc.mul(zeta.sub(points[k]));
            }
        }
        return acc;
    }

    /**
     * Checks a {@link MultiOpener} opening: values[j][i] is the value at queries[j].point of the commitment
     * commitments[queries[j].polys[i]]. v and mu as the prover used them, zeta drawn after w.
     * [L] = Σ_j μ^j·Z_j(ζ)·(Σ_i v^i·C_i - [Σ_i v^i·values[j][i]]₁) - Z(ζ)·W must equal (τ - ζ)·W', that is
     * e([L] + ζ·W', [1]₂)·e(-W', [τ]₂) = 1.
     */
    public static boolean multiVerify(Srs srs, List<G1Affine> commitments, List<Query> queries, Fr[][] values,
                                      Fr v, Fr mu, G1Affine w, Fr zeta, G1Affine wPrime) {
        if (values.length != queries.size()) {
            return false;
        }
        Fr[] points = new Fr[queries.size()];
        for (int j = 0; j < points.length; j++) {
            points[j] = queries.get(j).point();
        }
        List<G1Affine> bases = new ArrayList<>();
        List<Fr> scalars = new ArrayList<>();
        Fr valueSum = Fr.ZERO;
        Fr m = Fr.ONE;
        for (int j = 0; j < queries.size(); j++) {
            Query q = queries.get(j);
            if (values[j].length != q.polys().length) {
                return false;
            }
            Fr outer = m.mul(vanishingExcept(points, j, zeta));
            Fr g = Fr.ONE;
            for (int i = 0; i < q.polys().length; i++) {
                Fr coeff = outer.mul(g);
                bases.add(commitments.get(q.polys()[i]));
                scalars.add(coeff);
                valueSum = valueSum.add(coeff.mul(values[j][i]));
                g = g.mul(v);
            }
            m = m.mul(mu);
        }
        bases.add(w);
        scalars.add(vanishingExcept(points, -1, zeta).neg());
        bases.add(wPrime);
        scalars.add(zeta);
        bases.add(G1Affine.GENERATOR);
        scalars.add(valueSum.neg());
        G1 lhs = Msm.msm(bases.toArray(new G1Affine[0]), scalars.toArray(new Fr[0]));
        return Pairing.pairingProductIsOne(List.of(lhs.toAffine(), wPrime.neg()), List.of(srs.g2, srs.tauG2));
    }

    /** acc += s·p, coefficient-wise (p no longer than acc). */
    private static void addScaled(long[] acc, long[] p, Fr s) {
        long[] ss = FrLimbs.newArray(1);
        FrLimbs.set(ss, 0, s);
        int elements = p.length / 4;
        int chunks = (elements + FOLD_CHUNK - 1) / FOLD_CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            long[] t = FrLimbs.newArray(1);
            for (int e = ch * FOLD_CHUNK; e < Math.min(elements, (ch + 1) * FOLD_CHUNK); e++) {
                FrLimbs.mul(p, e, ss, 0, t, 0);
                FrLimbs.add(acc, e, t, 0, acc, e);
            }
        });
    }

    /** Σ_i γ^i p_{idx[i]}, padded to the longest; chunks of coefficients in parallel. */
    private static long[] fold(List<long[]> polys, int[] idx, Fr gamma) {
        int len = 0;
        for (int i : idx) {
            len = Math.max(len, polys.get(i).length);
        }
        long[] out = new long[len];
        long[] powers = FrLimbs.newArray(Math.max(1, idx.length));
        Fr g = Fr.ONE;
        for (int k = 0; k < idx.length; k++) {
            FrLimbs.set(powers, k, g);
            g = g.mul(gamma);
        }
        int elements = len / 4;
        int chunks = (elements + FOLD_CHUNK - 1) / FOLD_CHUNK;
        IntStream.range(0, chunks).parallel().forEach(ch -> {
            long[] t = FrLimbs.newArray(1);
            int from = ch * FOLD_CHUNK;
            for (int k = 0; k < idx.length; k++) {
                long[] p = polys.get(idx[k]);
                int to = Math.min(p.length / 4, from + FOLD_CHUNK);
                for (int e = from; e < to; e++) {
                    FrLimbs.mul(p, e, powers, k, t, 0);
                    FrLimbs.add(out, e, t, 0, out, e);
                }
            }
        });
        return out;
    }
}
