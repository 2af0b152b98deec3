package dev.zkmlc.runtime;

/** A verifying key that cannot be loaded: missing, unreadable, or not a zkmlc verifying key. */
public final class VerifierException extends RuntimeException {
    public VerifierException(String message) {
        super(message);
    }
}
