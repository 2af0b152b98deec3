package dev.zkmlc.prover.transcript;

/** The bytes of a proof do not parse: truncated, trailing bytes, or an invalid point or scalar encoding. */
public class ProofFormatException extends RuntimeException {
    public ProofFormatException(String message) {
        super(message);
    }
}
