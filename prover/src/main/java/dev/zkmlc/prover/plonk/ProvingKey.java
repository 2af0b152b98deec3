package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.prover.srs.Srs;

/**
 * What the prover needs: the verifying key, the full constraint system (fixed values and copies included), and
 * the SRS powers for its commitments (n + 1 of them: the quotient pieces carry one blinding coefficient past
 * degree n - 1). The polynomials derived from these are computed once, on construction.
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
