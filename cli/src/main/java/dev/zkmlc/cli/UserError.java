package dev.zkmlc.cli;

/** A mistake in what the user gave zkmlc; printed as one line, exit code {@link ExitCodes#BAD_INPUT}. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
