package dev.zkmlc.ir.fixed;

/**
 * An integer intermediate of a node left the 64-bit range: the plan's scales are too large for
 * the values this input produces (the quantizer lowers them and retries).
 */
public class OverflowException extends FixedPointException {
    public OverflowException(String message) {
        super(message);
    }
}
