package dev.zkmlc.ir.interp;

import dev.zkmlc.ir.IrException;

/** The inputs handed to an interpreter do not match the graph's inputs (missing, unknown, mis-shaped). */
public class InputMismatchException extends IrException {
    public InputMismatchException(String message) {
        super(message);
    }
}
