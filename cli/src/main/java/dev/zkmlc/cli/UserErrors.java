package dev.zkmlc.cli;

import dev.zkmlc.ir.IrException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Which exceptions are the user's to fix, and the one line that tells them how. */
final class UserErrors {
    private UserErrors() {}

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserError
                || ex instanceof IrException
                || ex instanceof IOException
                || ex instanceof UncheckedIOException
                || FrontendErrors.isFrontendError(ex)
                || ex instanceof dev.zkmlc.prover.artifact.ArtifactFormatException
                || ex instanceof dev.zkmlc.prover.transcript.ProofFormatException
                || ex instanceof dev.zkmlc.prover.plonk.ProverException
                || ex instanceof dev.zkmlc.circuit.export.CircuitFormatException
                || ex instanceof dev.zkmlc.circuit.gadget.GadgetException
                || ex instanceof dev.zkmlc.optimizer.lower.LoweringException
                || ex instanceof dev.zkmlc.frontend.input.InputFormatException;
    }

    static String message(Throwable ex) {
        if (ex instanceof UncheckedIOException u) {
            return message(u.getCause());
        }
        if (ex instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (ex instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be read or written");
        }
        if (ex instanceof CharacterCodingException) {
            return "a file is not UTF-8 text";
        }
        if (ex instanceof IOException io) {
            return "I/O error: " + io.getMessage();
        }
        return ex.getMessage();
    }
}
