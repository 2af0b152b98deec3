package dev.zkmlc.circuit.gadget;

/**
 * A gadget program cannot be built or evaluated: a value range that would not fit 64 bits, an
 * ill-formed gadget, an arithmetic overflow while computing the witness. The message names the
 * gadget's origin (the source node) so the user can find the cause.
 */
public class GadgetException extends RuntimeException {
    public GadgetException(String message) {
        super(message);
    }
}
