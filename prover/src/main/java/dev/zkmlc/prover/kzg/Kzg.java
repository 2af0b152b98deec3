package dev.zkmlc.prover.kzg;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.circuit.field.FrLimbs;
import dev.zkmlc.prover.curve.G1;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.msm.Msm;
import dev.zkmlc.prover.pairing.Pairing;
import dev.zkmlc.prover.srs.Srs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * KZG polynomial commitments over BN254. Polynomials are coefficient vectors in the limb layout of
 * {@link FrLimbs}. A commitment is [p(τ)]₁; an opening at z is p(z) with the witness [(p(X) - p(z))/(X - z)]₁,
 * checked by e(C - [v]₁ + z·W, [1]₂) = e(W, [τ]₂).
 *
 * <p>Batch opening (the GWC19 scheme): the polynomials opened at one point are folded with powers of a challenge γ
 * into one polynomial and one witness per point; the verifier folds the points with powers of a second challenge
 * ρ, drawn after the witnesses are fixed, and checks everything with two pairings.
 */
public final class Kzg {
    private Kzg() {
    }

    private static final int FOLD_CHUNK = 1 << 11;

    /** One point z and the indices of the polynomials opened there. */
    public record Query(Fr point, int[] polys) {
    }

    /** An opening of several polynomials at several points: values[j][i] = p_{polys[i]}(z_j), one witness per point. */
    public record BatchProof(Fr[][] values, G1Affine[] witnesses) {
    }

    public record Opening(Fr value, G1Affine witness) {
    }

    public static G1Affine commit(Srs srs, long[] coeffs) {
        int n = coeffs.length / 4;
        if (n == 0) {
            return G1Affine.INFINITY;
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
        return Msm.msm(srs.lagrangeBasis(log), values).toAffine();
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

    public static BatchProof batchOpen(Srs srs, List<long[]> polys, List<Query> queries, Fr gamma) {
        Fr[][] values = new Fr[queries.size()][];
        for (int j = 0; j < queries.size(); j++) {
            Query q = queries.get(j);
            values[j] = new Fr[q.polys().length];
            for (int i = 0; i < q.polys().length; i++) {
                values[j][i] = evaluate(polys.get(q.polys()[i]), q.point());
            }
        }
        return new BatchProof(values, batchOpenWitnesses(srs, polys, queries, gamma));
    }

    /**
     * The witnesses of {@link #batchOpen} alone, one per point: for a prover that has already evaluated the
     * polynomials (and sent the values), so that they are not computed twice.
     */
    public static G1Affine[] batchOpenWitnesses(Srs srs, List<long[]> polys, List<Query> queries, Fr gamma) {
        G1Affine[] witnesses = new G1Affine[queries.size()];
        for (int j = 0; j < queries.size(); j++) {
            Query q = queries.get(j);
            witnesses[j] = commit(srs, divideByLinear(fold(polys, q.polys(), gamma), q.point()));
        }
        return witnesses;
    }

    /**
     * Checks a batch opening against the commitments. rho must be unpredictable to the prover (drawn from the
     * transcript after the witnesses, or at random by the verifier).
     */
    public static boolean batchVerify(Srs srs, List<G1Affine> commitments, List<Query> queries, BatchProof proof,
                                      Fr gamma, Fr rho) {
        if (proof.values().length != queries.size() || proof.witnesses().length != queries.size()) {
            return false;
        }
        // Σ_j ρ^j (Σ_i γ^i C_i - [Σ_i γ^i v_i]₁ + z_j W_j)  paired with [1]₂, and Σ_j ρ^j W_j with [τ]₂.
        List<G1Affine> bases = new ArrayList<>();
        List<Fr> scalars = new ArrayList<>();
        List<G1Affine> wBases = new ArrayList<>();
        List<Fr> wScalars = new ArrayList<>();
        Fr rhoJ = Fr.ONE;
        Fr valueSum = Fr.ZERO;
        for (int j = 0; j < queries.size(); j++) {
            Query q = queries.get(j);
            if (proof.values()[j].length != q.polys().length) {
                return false;
            }
            Fr g = Fr.ONE;
            for (int i = 0; i < q.polys().length; i++) {
                Fr coeff = rhoJ.mul(g);
                bases.add(commitments.get(q.polys()[i]));
                scalars.add(coeff);
                valueSum = valueSum.add(coeff.mul(proof.values()[j][i]));
                g = g.mul(gamma);
            }
            bases.add(proof.witnesses()[j]);
            scalars.add(rhoJ.mul(q.point()));
            wBases.add(proof.witnesses()[j]);
            wScalars.add(rhoJ);
            rhoJ = rhoJ.mul(rho);
        }
        bases.add(G1Affine.GENERATOR);
        scalars.add(valueSum.neg());
        G1 lhs = Msm.msm(bases.toArray(new G1Affine[0]), scalars.toArray(new Fr[0]));
        G1 w = Msm.msm(wBases.toArray(new G1Affine[0]), wScalars.toArray(new Fr[0]));
        return Pairing.pairingProductIsOne(List.of(lhs.toAffine(), w.neg().toAffine()), List.of(srs.g2, srs.tauG2));
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
