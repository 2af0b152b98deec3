package dev.zkmlc.prover.srs;

/** An SRS file that cannot be used: not a .ptau file, truncated, too small for the circuit, or with bad points. */
public final class SrsFormatException extends Exception {
    public SrsFormatException(String message) {
        super(message);
    }
}
