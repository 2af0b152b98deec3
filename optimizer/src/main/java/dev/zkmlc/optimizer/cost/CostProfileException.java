package dev.zkmlc.optimizer.cost;

/** A cost profile file that cannot be read: the message names the file and what is wrong. */
public final class CostProfileException extends RuntimeException {
    public CostProfileException(String message) {
        super(message);
    }
}
