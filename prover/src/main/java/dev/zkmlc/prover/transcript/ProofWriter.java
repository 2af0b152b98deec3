package dev.zkmlc.prover.transcript;

import dev.zkmlc.circuit.field.Fr;
import dev.zkmlc.prover.curve.G1Affine;
import java.io.ByteArrayOutputStream;

/**
 * The prover's side of a transcript: every point and scalar it sends is both absorbed and appended to the
 * proof bytes (points as 64-byte uncompressed encodings, scalars as 32-byte little-endian canonical values,
 * the layout of {@link ProofReader}).
 */
public final class ProofWriter {
    private final Transcript transcript;
    private final ByteArrayOutputStream proof = new ByteArrayOutputStream();

    public ProofWriter(Transcript transcript) {
        this.transcript = transcript;
    }

    public void write(G1Affine p) {
        transcript.absorb(p);
        proof.writeBytes(p.toUncompressed());
    }

    public void write(Fr s) {
        transcript.absorb(s);
        proof.writeBytes(s.toBytesLE());
    }

    public Fr challenge() {
        return transcript.challenge();
    }

    public byte[] toByteArray() {
        return proof.toByteArray();
    }
}
