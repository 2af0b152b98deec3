package dev.zkmlc.circuit.cs;

/** A malformed constraint system or witness (a layouter bug or an impossible size), with a clear message. */
public class CircuitException extends RuntimeException {
    public CircuitException(String message) {
        super(message);
    }
}
