package dev.zkmlc.ir.fixed;

import dev.zkmlc.ir.IrException;

/**
 * A graph that has no fixed-point meaning under its plan: a constant that does not fit its scale,
 * an accumulator beyond 64 bits, an op the fixed-point semantics refuses, an inconsistent plan.
 */
public class FixedPointException extends IrException {
    public FixedPointException(String message) {
        super(message);
    }
}
