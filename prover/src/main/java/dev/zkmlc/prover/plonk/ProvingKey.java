package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.Column;
import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.prover.srs.Srs;
import java.util.ArrayList;
import java.util.List;

/**
 * What the prover needs: the verifying key, the full constraint system (fixed values and copies included), the
 * SRS powers for its commitments (n + 1 of them: the quotient pieces carry one blinding coefficient past
 * degree n - 1), and the fixed-like polynomials derived from these: coefficients and evaluations on the
 * extended coset, computed on construction or taken from a key file ({@link #withPolynomials}).
 */
public final class ProvingKey {
    private final VerifyingKey vk;
    private final ConstraintSystem cs;
    private final Srs srs;
    private final Preprocessed pre;

    /**
     * Assembles a key; the caller vouches that vk was made from cs and srs ({@link Setup} does, and the key
     * file reader checks the hashes).
     */
    public ProvingKey(VerifyingKey vk, ConstraintSystem cs, Srs srs) {
        if (srs.size() < cs.rows() + 1) {
            throw new IllegalArgumentException("the SRS has " + srs.size() + " G1 powers, the circuit needs "
                    + (cs.rows() + 1));
        }
        this.vk = vk;
        this.cs = cs;
        this.srs = srs;
        this.pre = new Preprocessed(cs, vk.argument());
    }

    /**
     * A key with the fixed-like polynomials already computed, in the order and layout of {@link #coefficients()}
     * and {@link #cosetEvaluations()} (a key file's contents; the reader vouches for their integrity).
     */
    public static ProvingKey withPolynomials(VerifyingKey vk, ConstraintSystem cs, Srs srs, List<long[]> coefficients,
                                             List<long[]> cosetEvaluations) {
        if (srs.size() < cs.rows() + 1) {
            throw new IllegalArgumentException("the SRS has " + srs.size() + " G1 powers, the circuit needs "
                    + (cs.rows() + 1));
        }
        return new ProvingKey(vk, cs, srs, new Preprocessed(cs, vk.argument(), coefficients, cosetEvaluations));
    }

    /**
     * Coefficients of the fixed-like polynomials (fixed columns, σ columns, l_0, l_last, l_active, X, in that
     * order), each n elements in the {@code FrLimbs} layout. Views: callers must not modify them.
     */
    public List<long[]> coefficients() {
        List<long[]> out = new ArrayList<>();
        for (Column c : pre.columns) {
            out.add(pre.coeffs.get(c));
        }
        return out;
    }

    /** Their evaluations on the extended coset (2^extLog elements each), in the same order. Views. */
    public List<long[]> cosetEvaluations() {
        List<long[]> out = new ArrayList<>();
        for (Column c : pre.columns) {
            out.add(pre.cosetEvals.get(c));
        }
        return out;
    }

    ProvingKey(VerifyingKey vk, ConstraintSystem cs, Srs srs, Preprocessed pre) {
        this.vk = vk;
        this.cs = cs;
        this.srs = srs;
        this.pre = pre;
    }

    public VerifyingKey vk() {
        return vk;
    }

    public ConstraintSystem constraintSystem() {
        return cs;
    }

    public Srs srs() {
        return srs;
    }

    Preprocessed preprocessed() {
        return pre;
    }
}
