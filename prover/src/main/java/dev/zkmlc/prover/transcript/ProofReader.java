package dev.zkmlc.prover.transcript;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import dev.zkmlc.prover.curve.PointFormatException;
import java.util.Arrays;

/**
 * The verifier's side of a transcript: reads the points and scalars of a proof in the order the prover wrote
 * them, absorbing each. Anything that is not a valid encoding (a truncated proof, a point off the curve, a
 * coordinate or scalar not below its modulus) throws {@link ProofFormatException}, which a verifier turns into
 * a rejection.
 */
public final class ProofReader {
    private final Transcript transcript;
    private final byte[] proof;
    private int pos;

    public ProofReader(Transcript transcript, byte[] proof) {
        this.transcript = transcript;
        this.proof = proof;
    }

    public G1Affine readPoint(String what) {
        byte[] b = take(64, what);
        G1Affine p;
        try {
            p = G1Affine.fromUncompressed(b);
        } catch (PointFormatException e) {
            throw new ProofFormatException(what + " at byte " + (pos - 64) + ": " + e.getMessage());
        }
        transcript.absorb(p);
        return p;
    }

    public Fr readScalar(String what) {
        byte[] b = take(32, what);
        Fr s;
        try {
            s = Fr.fromBytesLE(b);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException(what + " at byte " + (pos - 32) + ": " + e.getMessage());
        }
        transcript.absorb(s);
        return s;
    }

    public Fr challenge() {
        return transcript.challenge();
    }

    /** Fails unless every byte of the proof was read. */
    public void finish() {
        if (pos != proof.length) {
            throw new ProofFormatException("proof has " + (proof.length - pos) + " unexpected trailing bytes");
        }
    }

    private byte[] take(int count, String what) {
        if (proof.length - pos < count) {
            throw new ProofFormatException("proof is truncated: " + what + " needs " + count + " bytes at byte " + pos
                    + ", only " + (proof.length - pos) + " left");
        }
        byte[] b = Arrays.copyOfRange(proof, pos, pos + count);
        pos += count;
        return b;
    }
}
