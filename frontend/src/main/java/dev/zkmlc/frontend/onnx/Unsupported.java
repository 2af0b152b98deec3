package dev.zkmlc.frontend.onnx;

/** Thrown inside the importer when one node cannot be imported; the importer adds the location. */
final class Unsupported extends RuntimeException {
    Unsupported(String reason) {
        super(reason, null, false, false);
    }
}
