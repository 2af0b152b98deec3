package dev.zkmlc.backend.plonk;

/** A circuit cannot be exported in the requested format; the message says why and what to do instead. */
public final class ExportException extends RuntimeException {
    public ExportException(String message) {
        super(message);
    }
}
