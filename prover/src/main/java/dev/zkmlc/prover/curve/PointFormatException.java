package dev.zkmlc.prover.curve;

/** Bytes that do not encode a valid curve point (wrong length, non-canonical coordinate, off the curve or group). */
public final class PointFormatException extends IllegalArgumentException {
    public PointFormatException(String message) {
        super(message);
    }
}
