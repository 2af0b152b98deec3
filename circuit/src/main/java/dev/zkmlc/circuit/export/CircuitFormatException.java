package dev.zkmlc.circuit.export;

import dev.zkmlc.circuit.cs.CircuitException;

/** A circuit file that cannot be read: wrong magic or version, a content-hash mismatch, or malformed content. */
public final class CircuitFormatException extends CircuitException {
    public CircuitFormatException(String message) {
        super(message);
    }
}
