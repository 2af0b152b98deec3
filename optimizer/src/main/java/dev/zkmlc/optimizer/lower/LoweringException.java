package dev.zkmlc.optimizer.lower;

/** A graph cannot become a circuit (an unsupported op or attribute); the message names the node and its source. */
public final class LoweringException extends RuntimeException {
    public LoweringException(String message) {
        super(message);
    }
}
