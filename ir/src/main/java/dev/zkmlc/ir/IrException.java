package dev.zkmlc.ir;

/** An ill-formed graph or op application: wrong arity, shapes that do not fit, bad attributes. */
public class IrException extends RuntimeException {
    public IrException(String message) {
        super(message);
    }
}
