package dev.zkmlc.prover.plonk;

import dev.zkmlc.circuit.cs.ConstraintSystem;
import dev.zkmlc.prover.artifact.KeyCodec;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.G2Affine;
import dev.zkmlc.prover.transcript.Transcript;
import java.util.Arrays;
import java.util.List;

/**
 * What a verifier needs about one circuit: its shape (k, blinding rows, columns, gates and lookups as
 * expressions, equality-enabled columns; the fixed values and copies of {@code shape} are not used), which gate
 * constraints a selector already switches off on the blinding rows, the commitments to the fixed and σ
 * polynomials, [1]₁, [1]₂ and [τ]₂ of the SRS, and the hashes of the circuit and of the SRS it was made from.
 *
 * <p>{@link #digest()} is the Keccak-256 of the key's file encoding: every proof's transcript starts from it,
 * so a proof verifies only under the key it was made for. Immutable.
 */
public final class VerifyingKey {
    private final ConstraintSystem shape;
    private final boolean[][] gated;
    private final boolean[] inert;
    private final List<G1Affine> fixedCommitments;
    private final List<G1Affine> sigmaCommitments;
    private final G1Affine g1;
    private final G2Affine g2;
    private final G2Affine tauG2;
    private final boolean development;
    private final byte[] circuitHash;
    private final byte[] srsHash;
    private final Argument argument;
    private final byte[] digest;

    public VerifyingKey(ConstraintSystem shape, boolean[][] gated, boolean[] inert, List<G1Affine> fixedCommitments,
                        List<G1Affine> sigmaCommitments, G1Affine g1, G2Affine g2, G2Affine tauG2, boolean development,
                        byte[] circuitHash, byte[] srsHash) {
        this.shape = shape;
        this.gated = new boolean[gated.length][];
        for (int i = 0; i < gated.length; i++) {
            this.gated[i] = gated[i].clone();
        }
        this.inert = inert.clone();
        this.fixedCommitments = List.copyOf(fixedCommitments);
        this.sigmaCommitments = List.copyOf(sigmaCommitments);
        this.g1 = g1;
        this.g2 = g2;
        this.tauG2 = tauG2;
        this.development = development;
        this.circuitHash = circuitHash.clone();
        this.srsHash = srsHash.clone();
        if (fixedCommitments.size() != shape.fixed().size()) {
            throw new IllegalArgumentException(fixedCommitments.size() + " fixed commitments for "
                    + shape.fixed().size() + " fixed columns");
        }
        if (sigmaCommitments.size() != shape.equalityColumns().size()) {
            throw new IllegalArgumentException(sigmaCommitments.size() + " permutation commitments for "
                    + shape.equalityColumns().size() + " equality-enabled columns");
        }
        if (circuitHash.length != 32 || srsHash.length != 32) {
            throw new IllegalArgumentException("hashes must be 32 bytes");
        }
        this.argument = new Argument(shape, this.gated, this.inert);
        this.digest = Transcript.keccak(KeyCodec.encodeVerifyingKey(this));
    }

    public ConstraintSystem shape() {
        return shape;
    }

    /** Whether constraint c of gate g is switched off on the blinding rows by its own selector. */
    public boolean gated(int g, int c) {
        return gated[g][c];
    }

    /**
     * Whether lookup l's inputs vanish on the rows past the usable ones whatever the advice (decided at setup from
     * the fixed values), so that its helper identity needs no l_active factor (docs/prover.md).
     */
    public boolean inert(int lookup) {
        return inert[lookup];
    }

    public List<G1Affine> fixedCommitments() {
        return fixedCommitments;
    }

    public List<G1Affine> sigmaCommitments() {
        return sigmaCommitments;
    }

    public G1Affine g1() {
        return g1;
    }

    public G2Affine g2() {
        return g2;
    }

    public G2Affine tauG2() {
        return tauG2;
    }

    /** True when the SRS was a development one (known secret): proofs under this key prove nothing. */
    public boolean development() {
        return development;
    }

    public byte[] circuitHash() {
        return circuitHash.clone();
    }

    public byte[] srsHash() {
        return srsHash.clone();
    }

    public byte[] digest() {
        return digest.clone();
    }

    /** Number of instance columns a proof's public values must fill. */
    public int instanceColumns() {
        return shape.instance().size();
    }

    /** Rows available for public values in each instance column. */
    public int usableRows() {
        return shape.usableRows();
    }

    /** Points of the extended coset on which the prover evaluates the quotient (the proving key stores them). */
    public int cosetSize() {
        return 1 << argument().extLog;
    }

    /** How many fixed-like polynomials a proving key stores: fixed columns, σ columns, l_0, l_last, l_active, X. */
    public int fixedLikePolynomials() {
        Argument a = argument();
        return a.fixedCount + a.equality.size() + 4;
    }

    Argument argument() {
        return argument;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyingKey && Arrays.equals(digest, ((VerifyingKey) o).digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }
}
