package dev.zkmlc.prover.plonk;

/** The prover cannot make a proof: the witness does not satisfy the circuit, or it does not fit the key. */
public class ProverException extends RuntimeException {
    public ProverException(String message) {
        super(message);
    }
}
